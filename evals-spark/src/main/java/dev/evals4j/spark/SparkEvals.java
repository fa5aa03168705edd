package dev.evals4j.spark;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.RunOptions;
import dev.evals4j.spark.internal.ExecutorEvals;
import dev.evals4j.spark.internal.ScoreColumns;
import dev.evals4j.spark.internal.SparkRun;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs an eval on Apache Spark: the request a local run takes, over rows spread across a cluster.
 *
 * <pre>{@code
 * EvalResult result = SparkEvals.run(spark, EvalRequest.builder()
 *         .dataset(DatasetDefinition.ofUri("logs", "s3a://bucket/logs/answers.jsonl"))
 *         .scorer("basic::equality")
 *         .outputDir(Path.of("/shared/runs/logs"))
 *         .build());
 * }</pre>
 *
 * <p>A scoring run scores each row as a distributed map; an eval task runs the local pipeline (its concurrency,
 * retries, response cache and journal) in every partition, against one model server or several. The plugins are
 * resolved by id on every executor, from the plugins on its class path, with the executor's environment (set API
 * keys with {@code spark.executorEnv.NAME}); the request travels as {@code run.json} records it, never as Java
 * objects, so plugins passed as objects are refused. The results folder is the local run's: {@code results.json} with
 * the same aggregates, to the last bit, as a local run over the same rows; {@code run.json}; and the samples in parts,
 * {@code samples/part-NNNNN/samples.jsonl}, which {@link EvalResult#samples()}, {@code evals report} and
 * {@code evals compare} read. The folder must be one that the driver and every executor see at the same path (a local
 * folder in local mode, a shared mount on a cluster).
 */
public final class SparkEvals {
    private SparkEvals() {}

    /**
     * Runs a request on Spark with the default options, reading its dataset: JSON Lines, CSV and Parquet files (local,
     * HDFS, cloud storage) are read by the executors; other sources (http(s), {@code data:} and Hub URLs, JSON arrays,
     * inline rows) by evals4j's readers on the driver, which hands the rows to Spark.
     *
     * @throws dev.evals4j.api.ConfigurationException what a local run would refuse, before any data is read
     */
    public static EvalResult run(SparkSession spark, EvalRequest request) {
        return run(spark, request, SparkRunOptions.defaults());
    }

    /** Runs a request on Spark; see {@link #run(SparkSession, EvalRequest)}. */
    public static EvalResult run(SparkSession spark, EvalRequest request, SparkRunOptions options) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(options, "options");
        return SparkRun.run(spark, request, null, options);
    }

    /**
     * Runs a request over rows the caller has, such as a table or logs already in Spark; the request's dataset names
     * them (a registered id or a definition, whose source is not read; its renames apply). A row's index, in samples and
     * results, is its position in the rows, partition by partition.
     */
    public static EvalResult run(Dataset<Row> rows, EvalRequest request, SparkRunOptions options) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(options, "options");
        return SparkRun.run(rows.sparkSession(), request, rows, options);
    }

    /**
     * The rows with the request's scorers' scores, computed as the dataset is (lazily): each row keeps its columns and
     * gains one column per scorer, named by its id, holding a struct of {@code score} (a number), {@code category},
     * {@code unscored} (why it could not be judged), {@code error} (why the scorer failed), {@code no_answer} and
     * {@code details} (JSON); and a column {@code evals_error} saying why a row could not be scored (a column it
     * lacks). Only the scorers of the request are used: no results folder is written, nothing is aggregated.
     *
     * <pre>{@code
     * Dataset<Row> scored = SparkEvals.score(spark.read().parquet("logs/"), request);
     * scored.groupBy("model").agg(avg(col("`basic::equality`.score")));
     * }</pre>
     *
     * @throws dev.evals4j.api.ConfigurationException when a scorer is unknown, refuses its parameters or was passed as
     *     an object, or a column of the rows already has a name the scores take
     */
    public static Dataset<Row> score(Dataset<Row> rows, EvalRequest request) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(request, "request");
        return ScoreColumns.score(rows, request, new ExecutorEvals.Config(null, false));
    }

    /**
     * Starts Spark with {@code master} (such as {@code local[4]}), runs the request, and stops Spark: how the
     * {@code evals run --spark} command hands a run over when evals-spark and Spark are on its class path.
     *
     * @param responseCache whether the executors answer deterministic model requests from a cache on disk
     * @throws ConfigurationException when Spark does not start with this master (an unknown master URL)
     * @throws EvalException when the Spark context stops before the run ends (a master that cannot be reached)
     */
    public static EvalResult run(String master, EvalRequest request, RunOptions options, boolean responseCache) {
        Objects.requireNonNull(master, "master");
        SparkSession spark;
        try {
            spark = SparkSession.builder()
                    .master(master)
                    .appName("evals4j "
                            + request.datasetDefinition().map(d -> d.id()).orElse("run"))
                    .config("spark.ui.showConsoleProgress", "false")
                    .getOrCreate();
        } catch (Exception e) { // Scala declares no exceptions: SparkException is checked in Java's eyes
            throw new ConfigurationException(
                    "Spark did not start with the master '" + master + "': " + rootCause(e), e);
        }
        try {
            return run(
                    spark,
                    request,
                    SparkRunOptions.builder()
                            .run(options)
                            .responseCache(responseCache)
                            .build());
        } catch (IllegalStateException e) {
            if (spark.sparkContext().isStopped()) {
                throw new EvalException(
                        "the Spark context stopped before the run ended; is the master '" + master
                                + "' reachable? Spark's log says why",
                        e);
            }
            throw e;
        } finally {
            spark.stop();
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
