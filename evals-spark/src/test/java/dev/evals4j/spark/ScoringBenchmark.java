package dev.evals4j.spark;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.core.Evals;
import dev.evals4j.core.results.RunFiles;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Scores a JSON Lines file with {@code basic::equality} on Spark, for {@code docs/benchmarks.md}: a program, not a
 * test. Prints the time Spark took to start, the run's time and its rate; the whole process is timed from outside
 * ({@code /usr/bin/time}); docs/benchmarks.md has the commands and the numbers. Usage:
 * {@code ScoringBenchmark MASTER DATASET.jsonl OUTPUT_DIR}; the master {@code none} runs the same request with the
 * local runner instead, with the same class path and JVM options, for the per-row comparison.
 */
public final class ScoringBenchmark {
    private ScoringBenchmark() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ScoringBenchmark MASTER DATASET.jsonl OUTPUT_DIR");
            System.exit(2);
        }
        long start = System.nanoTime();
        if (args[0].equals("none")) {
            EvalResult result;
            try (Evals evals = Evals.create()) {
                result = evals.evals().runScoring(request(args));
            }
            double run = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "local runner: %,d rows, accuracy %.4f; run %.1f s (%,.0f rows/s)%n",
                    result.numSamples(),
                    result.score("basic::equality")
                            .metric("accuracy", "accuracy")
                            .orElseThrow(),
                    run,
                    result.numSamples() / run);
            return;
        }
        SparkSession spark = SparkSession.builder()
                .master(args[0])
                .appName("evals4j scoring benchmark")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        long started = System.nanoTime();
        EvalResult result = SparkEvals.run(spark, request(args));
        long done = System.nanoTime();
        double run = (done - started) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%s: %,d rows, accuracy %.4f; Spark started in %.1f s; run %.1f s (%,.0f rows/s); %d partitions%n",
                args[0],
                result.numSamples(),
                result.score("basic::equality").metric("accuracy", "accuracy").orElseThrow(),
                (started - start) / 1e9,
                run,
                result.numSamples() / run,
                RunFiles.journals(result.outputDir()).size());
        spark.stop();
    }

    private static EvalRequest request(String[] args) {
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofUri("bench", args[1]))
                .scorer("basic::equality")
                .outputDir(Path.of(args[2]))
                .build();
    }
}
