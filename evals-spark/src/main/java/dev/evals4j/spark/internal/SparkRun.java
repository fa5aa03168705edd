package dev.evals4j.spark.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunCancelledException;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.Evals;
import dev.evals4j.core.EvalsVersion;
import dev.evals4j.core.datasets.DatasetService;
import dev.evals4j.core.internal.InstanceContext;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.internal.RunScope;
import dev.evals4j.core.internal.Secrets;
import dev.evals4j.core.results.ErrorRecord;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.RequestRecord;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.RunSegment;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.results.UsageRecord;
import dev.evals4j.core.run.RowSelection;
import dev.evals4j.core.scoring.Aggregations;
import dev.evals4j.spark.SparkRunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The driver's side of a run on Spark: checks the request as a local run would before any data is read, splits the
 * rows into partitions of consecutive rows, has each partition run as a part of the run (see {@link PartRun}), adds
 * the parts' counts into the scorers' summaries, and writes the run's folder: {@code run.json} and
 * {@code results.json} as a local run writes them, {@code spark.json} with how it was split, and the parts under
 * {@code samples/}.
 */
public final class SparkRun {
    /** How the run was split, for a run started again into its folder. */
    public static final String SPARK_FILE = "spark.json";

    static final String INDEX_RANGES = "index_ranges";
    static final String INPUT = "input_partitions";

    private static final Logger LOG = LoggerFactory.getLogger(SparkRun.class);
    private static final Set<String> HADOOP_SCHEMES =
            Set.of("file", "hdfs", "s3", "s3a", "s3n", "abfs", "abfss", "wasb", "wasbs", "gs", "dbfs", "viewfs", "oss");

    /**
     * {@code spark.json}: how a run was split.
     *
     * @param partitions the partitions the rows were split into
     * @param rows the rows of the dataset (before a limit or a random sample)
     * @param partitioning {@code index_ranges} (consecutive index ranges, the same on every start) or
     *     {@code input_partitions} (the input's own)
     * @param concurrencyPerPartition the samples in flight in one partition
     * @param baseUrls the model servers the partitions shared
     * @param sparkVersion the Spark version of the driver
     * @param master the Spark master
     */
    record SparkFile(
            int partitions,
            long rows,
            String partitioning,
            int concurrencyPerPartition,
            List<String> baseUrls,
            String sparkVersion,
            String master) {}

    private final SparkSession spark;
    private final SparkRunOptions options;
    private final Instant started = Instant.now();

    private SparkRun(SparkSession spark, SparkRunOptions options) {
        this.spark = spark;
        this.options = options;
    }

    /**
     * Runs a request on Spark: a scoring run, or an eval task when it has a processor or a generator.
     *
     * @param given the rows, when the caller has them as a {@code Dataset<Row>}; else the request's dataset is read
     */
    public static EvalResult run(
            SparkSession spark, EvalRequest request, @Nullable Dataset<Row> given, SparkRunOptions options) {
        try {
            return new SparkRun(spark, options).run(request, given);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // Spark's own exception is a checked one, thrown by Scala undeclared
            throw rootCause(e);
        }
    }

    private EvalResult run(EvalRequest asked, @Nullable Dataset<Row> given) {
        try (Evals evals = Evals.create()) {
            Checked checked = check(evals, asked, given != null);
            EvalRequest request = checked.request();
            Path dir = checked.dir();
            Optional<SparkFile> earlier = earlierRun(evals, request, dir, checked.task());
            Input input = read(evals, checked, given);
            Map<String, Object> first = checkFirstRow(input, checked);
            RowConversion conversion = input.conversion()
                    .renaming(input.renamed() ? Map.of() : checked.dataset().renameColumns(), first);
            IndexedRows indexed = input.rows();
            JavaPairRDD<Long, Row> rows = select(indexed, request);
            long selected = selectedCount(indexed.count(), request);
            Split split = split(rows, indexed.count(), selected, checked.task(), earlier);
            int perPartition = Math.max(1, options.run().concurrency() / split.partitions());
            if (options.run().concurrency() < split.partitions()) {
                LOG.warn(
                        "Concurrency {} is less than the run's {} partitions; each partition runs 1 sample at a time,"
                                + " {} at once over the cluster",
                        options.run().concurrency(),
                        split.partitions(),
                        split.partitions());
            }
            SparkFile sparkFile = new SparkFile(
                    split.partitions(),
                    indexed.count(),
                    split.partitioning(),
                    perPartition,
                    options.baseUrls(),
                    spark.version(),
                    spark.sparkContext().master());
            String requestJson = write(RequestRecord.of(request, checked.dataset()));
            if (earlier.isEmpty()) {
                RunFiles.writeRun(
                        dir,
                        new RunFile(EvalsVersion.get(), checked.task(), RequestRecord.of(request, checked.dataset())));
            }
            RunFiles.writeAtomically(dir.resolve(SPARK_FILE), sparkFile);
            List<ScoreMerge.Scorer> scorers = checked.scorers();
            boolean[] weighted = new boolean[scorers.size()];
            for (int i = 0; i < weighted.length; i++) {
                weighted[i] = scorers.get(i).weighted();
            }
            PartRun.Plan plan = new PartRun.Plan(
                    new ExecutorEvals.Config(
                            options.cacheDir()
                                    .map(p -> p.toAbsolutePath().toString())
                                    .orElse(null),
                            options.responseCache()),
                    requestJson,
                    dir.resolve(RunFiles.SAMPLE_PARTS).toString(),
                    options.baseUrls(),
                    perPartition,
                    conversion,
                    scorers.stream().map(ScoreMerge.Scorer::id).toList(),
                    weighted,
                    request.groupBy().isPresent());
            return execute(request, checked, dir, split, plan, earlier.isPresent());
        }
    }

    private EvalResult execute(
            EvalRequest request, Checked checked, Path dir, Split split, PartRun.Plan plan, boolean resumed) {
        List<RunSegment> earlierSegments = resumed ? RunFiles.readSegments(dir) : List.of();
        SparkContext sc = spark.sparkContext();
        String group = "evals4j-" + UUID.randomUUID();
        sc.setJobGroup(group, "evals4j " + checked.task().replace('_', ' ') + " into " + dir, true);
        Thread watcher = cancelWatcher(sc, group);
        Map<String, ScorerSummary> summaries;
        try {
            JavaPairRDD<AggKey, Long> counts =
                    JavaPairRDD.fromJavaRDD(split.rows().mapPartitionsWithIndex(new PartRun(plan), false));
            summaries = ScoreMerge.summaries(
                    counts,
                    checked.scorers(),
                    request.groupBy().orElse(null),
                    Math.max(1, Math.min(split.partitions(), sc.defaultParallelism())));
        } catch (Exception e) { // SparkException is checked, thrown by Scala undeclared
            RuntimeException cause = options.run().cancellation().isCancelled()
                    ? new RunCancelledException(
                            "the run was cancelled ("
                                    + options.run().cancellation().reason().orElse("cancelled") + "); the samples"
                                    + " its partitions finished are kept in " + dir
                                    + (split.partitioning().equals(INDEX_RANGES)
                                            ? " and running it again into that folder resumes it"
                                            : ""),
                            dir)
                    : rootCause(e);
            Totals totals = Totals.read(dir);
            String status = options.run().cancellation().isCancelled() ? ResultsFile.CANCELLED : ResultsFile.FAILED;
            try {
                RunFiles.writeResults(
                        dir,
                        document(status, request, checked, dir, totals, earlierSegments, null, ErrorRecord.of(cause)));
            } catch (EvalException written) {
                cause.addSuppressed(written);
            }
            throw cause;
        } finally {
            watcher.interrupt();
            sc.clearJobGroup();
        }
        Totals totals = Totals.read(dir);
        Optional<String> failed = verdict(totals, request.epochs(), dir);
        if (failed.isPresent()) {
            RunFiles.writeResults(
                    dir,
                    document(
                            ResultsFile.FAILED,
                            request,
                            checked,
                            dir,
                            totals,
                            earlierSegments,
                            summaries,
                            ErrorRecord.of(new EvalException(failed.get()))));
            throw new EvalException("the run failed: " + failed.get() + "; what it did is in " + dir
                    + " (\"error\" in the samples"
                    + (split.partitioning().equals(INDEX_RANGES)
                            ? "; run it again into that folder to try the failed samples again)"
                            : ")"));
        }
        ResultsFile done =
                document(ResultsFile.COMPLETED, request, checked, dir, totals, earlierSegments, summaries, null);
        RunFiles.writeResults(dir, done);
        return new EvalResult(
                dir,
                totals.samples,
                totals.errors,
                summaries,
                Duration.ofNanos((long) (done.timings().durationSeconds() * 1e9)),
                Optional.ofNullable(totals.usage),
                () -> RunFiles.readEvalSamples(dir));
    }

    /** Cancels the run's Spark jobs when the caller's cancellation flag is set. */
    private Thread cancelWatcher(SparkContext sc, String group) {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (!options.run().cancellation().isCancelled()) {
                            Thread.sleep(100);
                        }
                        sc.cancelJobGroup(group);
                    } catch (InterruptedException e) {
                        // the run ended
                    }
                },
                "evals-spark-cancel");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    /**
     * The exception a task threw: the one Spark carries back, or when it carries only its text (an exception it could
     * not send), one of the same evals4j type with the same message; else Spark's own.
     */
    static RuntimeException rootCause(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EvalException found) {
                return found;
            }
        }
        String text = e.getMessage() == null ? "" : e.getMessage();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "most recent failure: [^\\n]*?\\): (dev\\.evals4j\\.api\\.[A-Za-z]+Exception): ([^\\n]*)")
                .matcher(text);
        if (!m.find()) {
            if (e instanceof RuntimeException re) {
                return re;
            }
            int line = text.indexOf('\n');
            return new EvalException("the Spark job failed: " + (line < 0 ? text : text.substring(0, line)), e);
        }
        String message = m.group(2);
        return switch (m.group(1)) {
            case "dev.evals4j.api.DatasetLoadException" -> new DatasetLoadException(message, e);
            case "dev.evals4j.api.ConfigurationException" -> new ConfigurationException(message, e);
            default -> new EvalException(message, e);
        };
    }

    /** Why a run whose parts all finished still failed, when it did: every sample failed, or the error budget. */
    private Optional<String> verdict(Totals totals, int epochs, Path dir) {
        long n = totals.samples * epochs;
        long failed = totals.errors;
        if (n > 0 && failed == n) {
            String first = firstError(dir);
            return Optional.of(
                    "every one of its " + n + " samples failed" + (first == null ? "" : " (the first: " + first + ")"));
        }
        if (options.run().maxErrorRate().isPresent()
                && failed > options.run().maxErrorRate().getAsDouble() * n) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "%d of %d samples failed (%.1f%%), more than its error budget of %.1f%%",
                    failed,
                    n,
                    100.0 * failed / n,
                    100 * options.run().maxErrorRate().getAsDouble()));
        }
        return Optional.empty();
    }

    private static @Nullable String firstError(Path dir) {
        try (Stream<SampleRecord> samples = RunFiles.readSamples(dir)) {
            return samples.filter(SampleRecord::failed)
                    .map(s -> s.error().message())
                    .findFirst()
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The results file of the run as it ends. */
    private ResultsFile document(
            String status,
            EvalRequest request,
            Checked checked,
            Path dir,
            Totals totals,
            List<RunSegment> earlierSegments,
            @Nullable Map<String, ScorerSummary> summaries,
            @Nullable ErrorRecord error) {
        List<RunSegment> segments = new ArrayList<>(earlierSegments);
        segments.add(new RunSegment(
                ProcessHandle.current().pid(),
                started.toString(),
                Instant.now().toString(),
                status,
                totals.evaluations,
                null,
                null));
        RunFiles.writeSegments(dir, segments);
        Map<String, ResultsFile.ScoreEntry> scores = ResultsFile.ScoreEntry.of(summaries);
        boolean completed = status.equals(ResultsFile.COMPLETED);
        DatasetDefinition dataset = checked.dataset();
        return new ResultsFile(
                EvalsVersion.get(),
                status,
                checked.task(),
                new ResultsFile.DatasetSummary(
                        dataset.id(),
                        dataset.source().toString(),
                        dataset.renameColumns(),
                        request.limit() < 0 ? null : request.limit(),
                        request.sampleSeed().orElse(null)),
                request.processor().map(SparkRun::record).orElse(null),
                request.generator().map(SparkRun::record).orElse(null),
                checked.scorers().stream()
                        .map(s -> {
                            ScorerSpec spec = request.scorers().stream()
                                    .filter(x -> x.id().equals(s.id()))
                                    .findFirst()
                                    .orElseThrow();
                            return new PluginRecord(s.id(), null, Secrets.redact(spec.params()), s.aggregations());
                        })
                        .toList(),
                request.benchmark().orElse(null),
                request.epochs() > 1 ? new ResultsFile.Epochs(request.epochs(), request.epochReducer()) : null,
                options.run().concurrency(),
                totals.generatorStats,
                totals.judgeStats,
                request.metadata(),
                ResultsFile.Timings.of(segments),
                segments,
                new ResultsFile.Counts(totals.samples, totals.errors),
                totals.usage == null ? null : UsageRecord.withTotal(totals.usage),
                totals.judgeUsage == null ? null : UsageRecord.withTotal(totals.judgeUsage),
                completed ? scores : null,
                completed ? null : scores,
                error);
    }

    private static PluginRecord record(PluginSpec p) {
        return new PluginRecord(p.id(), null, Secrets.redact(p.params()), null);
    }

    /** What the parts' {@code results.json} files add up to. */
    static final class Totals {
        long samples;
        long errors;
        long evaluations;

        @Nullable
        Usage usage;

        @Nullable
        Usage judgeUsage;

        ResultsFile.@Nullable CallStats generatorStats;
        ResultsFile.@Nullable CallStats judgeStats;

        static Totals read(Path dir) {
            Totals t = new Totals();
            Path parts = dir.resolve(RunFiles.SAMPLE_PARTS);
            if (!Files.isDirectory(parts)) {
                return t;
            }
            List<Path> folders;
            try (Stream<Path> list = Files.list(parts)) {
                folders = list.filter(p -> Files.isRegularFile(p.resolve(RunFiles.RESULTS)))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new EvalException("cannot list " + parts + ": " + e.getMessage(), e);
            }
            for (Path folder : folders) {
                ResultsFile r = RunFiles.readResults(folder);
                t.samples += r.counts().samples();
                t.errors += r.counts().errors();
                for (RunSegment s : r.segments()) {
                    t.evaluations += s.evaluations();
                }
                if (r.usage() != null) {
                    t.usage = t.usage == null
                            ? r.usage().usage()
                            : t.usage.plus(r.usage().usage());
                }
                if (r.judgeUsage() != null) {
                    t.judgeUsage = t.judgeUsage == null
                            ? r.judgeUsage().usage()
                            : t.judgeUsage.plus(r.judgeUsage().usage());
                }
                t.generatorStats = ResultsFile.CallStats.sum(t.generatorStats, r.generatorStats());
                t.judgeStats = ResultsFile.CallStats.sum(t.judgeStats, r.judgeStats());
            }
            return t;
        }
    }

    /**
     * A request as checked on the driver.
     *
     * @param request the request, with its dataset as a definition and its folder absolute
     * @param dataset the dataset's definition
     * @param task {@code scoring} or {@code eval_task}
     * @param scorers the scorers with their aggregations
     * @param needs each column the rows must have, with what needs it
     * @param dir the run's folder
     */
    record Checked(
            EvalRequest request,
            DatasetDefinition dataset,
            String task,
            List<ScoreMerge.Scorer> scorers,
            Map<String, List<String>> needs,
            Path dir) {}

    /** Finds what a local run would refuse, before any data is read. */
    private Checked check(Evals evals, EvalRequest asked, boolean given) {
        List<String> instances = new ArrayList<>();
        for (ScorerSpec s : asked.scorers()) {
            s.instance()
                    .ifPresent(i -> instances.add(
                            "the scorer " + s.id() + " (" + i.getClass().getName() + ")"));
        }
        asked.processor()
                .flatMap(PluginSpec::instance)
                .ifPresent(i -> instances.add("the processor (" + i.getClass().getName() + ")"));
        asked.generator()
                .flatMap(PluginSpec::instance)
                .ifPresent(i -> instances.add("the generator (" + i.getClass().getName() + ")"));
        if (!instances.isEmpty()) {
            throw new ConfigurationException("a run on Spark resolves its plugins by id on every executor, but "
                    + String.join(", ", instances) + (instances.size() == 1 ? " was" : " were")
                    + " given as an object; declare it as a plugin in META-INF/services (a public class with a"
                    + " no-argument constructor), put its jar on the executors' class path, and give its id");
        }
        DatasetDefinition dataset;
        if (asked.datasetDefinition().isPresent()) {
            dataset = asked.datasetDefinition().get();
        } else if (given) {
            String id = asked.datasetId().orElseThrow();
            dataset = DatasetDefinition.ofUri(id, "dataframe:" + id);
        } else {
            throw new ConfigurationException("a run on Spark reads its dataset from the request's definition, but"
                    + " the request names the registered dataset '"
                    + asked.datasetId().orElseThrow() + "', which"
                    + " the cluster does not know; give DatasetDefinition.ofUri(id, uri) instead");
        }
        Path dir = asked.outputDir()
                .orElseGet(() -> RunFiles.newRunFolder(evals.context().dataDir(), dataset.id()))
                .toAbsolutePath();
        EvalRequest request = asked.toBuilder().dataset(dataset).outputDir(dir).build();
        boolean evalTask =
                request.generator().isPresent() || request.processor().isPresent();
        evals.runner().validate(request);
        if (!options.baseUrls().isEmpty()) {
            if (request.generator().isEmpty()) {
                throw new ConfigurationException(
                        "base URLs were given for the partitions, but the request has no generator to send them to");
            }
            for (String url : options.baseUrls()) {
                evals.runner().validate(withBaseUrl(request, url));
            }
        }
        InstanceContext context = (InstanceContext) evals.context();
        List<ScoreMerge.Scorer> scorers = new ArrayList<>();
        Map<String, List<String>> needs = new LinkedHashMap<>();
        try (RunScope scope = context.newRunScope()) {
            for (ScorerSpec spec : request.scorers()) {
                BaseScorer scorer = scope.own(context.registry().scorer(spec.id(), spec.params(), scope));
                List<String> names = spec.aggregations().isEmpty() ? scorer.defaultAggregations() : spec.aggregations();
                names.forEach(Aggregations::of);
                scorers.add(new ScoreMerge.Scorer(spec.id(), names));
                if (!evalTask) {
                    for (String column : new TreeSet<>(scorer.requiredColumns())) {
                        needs.computeIfAbsent(column, c -> new ArrayList<>()).add(spec.id());
                    }
                }
            }
            if (evalTask) {
                PluginSpec p = request.processor().orElseThrow();
                BaseGeneratorProcessor processor = scope.own(context.registry().processor(p.id(), p.params(), scope));
                for (String column : new TreeSet<>(processor.requiredColumns())) {
                    needs.computeIfAbsent(column, c -> new ArrayList<>()).add("the processor");
                }
            }
        }
        request.groupBy().ifPresent(column -> needs.put(column, List.of("--group-by")));
        return new Checked(
                request, dataset, evalTask ? RunFile.EVAL_TASK : RunFile.SCORING, List.copyOf(scorers), needs, dir);
    }

    private static EvalRequest withBaseUrl(EvalRequest request, String url) {
        PluginSpec g = request.generator().orElseThrow();
        Map<String, Object> params = new LinkedHashMap<>(g.params());
        params.put("base_url", url);
        return request.toBuilder().generator(new PluginSpec(g.id(), params)).build();
    }

    /**
     * How an earlier start of this run split it, when the folder holds one to continue.
     *
     * @throws ConfigurationException when the folder holds another run, a local one, or one that cannot continue
     */
    private Optional<SparkFile> earlierRun(Evals evals, EvalRequest request, Path dir, String task) {
        boolean holdsRun = Files.exists(dir.resolve(RunFiles.RUN))
                || Files.exists(dir.resolve(RunFiles.RESULTS))
                || Files.exists(dir.resolve(RunFiles.SAMPLES));
        if (!holdsRun) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new ConfigurationException("cannot create the output folder " + dir + ": " + e, e);
            }
            return Optional.empty();
        }
        Path sparkFile = dir.resolve(SPARK_FILE);
        if (!Files.isRegularFile(sparkFile)) {
            throw new ConfigurationException("the output folder " + dir + " already holds a run that did not run on"
                    + " Spark; choose another folder, or remove it");
        }
        SparkFile earlier;
        try {
            earlier = RunFiles.mapper().readValue(sparkFile.toFile(), SparkFile.class);
        } catch (IOException e) {
            throw new ConfigurationException(sparkFile + " is not a Spark run's description: " + e.getMessage(), e);
        }
        if (!earlier.partitioning().equals(INDEX_RANGES)) {
            throw new ConfigurationException("the output folder " + dir + " already holds a run on Spark that was"
                    + " split by its input's partitions, which a new start cannot rely on; choose another folder, or"
                    + " give the run a number of partitions (then it can be started again into its folder)");
        }
        evals.runner().checkSameRun(RunFiles.readRun(dir), request, dir);
        LOG.info("Continuing the run in {}: {} partitions of {} rows", dir, earlier.partitions(), earlier.rows());
        return Optional.of(earlier);
    }

    /**
     * The rows to run, how they convert, and whether the renames were applied already.
     *
     * @param rows the rows with their index
     * @param conversion how a row converts, before the renames
     * @param renamed whether the rows were renamed while read (read through evals4j's own readers)
     * @param name how messages name the dataset
     */
    record Input(IndexedRows rows, RowConversion conversion, boolean renamed, String name) {}

    /**
     * Reads the dataset: JSON Lines, CSV and Parquet files (local, HDFS, cloud storage) by Spark on the executors;
     * other sources (http(s), {@code data:} and Hub URLs, JSON arrays, inline rows) by evals4j's readers on the
     * driver, which hands the rows to Spark.
     */
    private Input read(Evals evals, Checked checked, @Nullable Dataset<Row> given) {
        DatasetDefinition dataset = checked.dataset();
        String name = dataset.source() instanceof DatasetSource.Rows
                ? "'" + dataset.id() + "' (" + dataset.source() + ")"
                : dataset.source().toString();
        if (given != null) {
            return new Input(
                    IndexedRows.of(given.javaRDD()),
                    RowConversion.of(RowConversion.Mode.COLUMNS, "the given rows"),
                    false,
                    "the given rows");
        }
        if (dataset.source() instanceof DatasetSource.Uri uri && HADOOP_SCHEMES.contains(uri.scheme())) {
            String path = uri.scheme().equals("file") && !uri.uri().startsWith("file:")
                    ? Path.of(uri.uri()).toAbsolutePath().toUri().toString()
                    : uri.uri();
            String format = uri.format().orElseGet(() -> formatOf(uri.uri()));
            switch (format) {
                case "jsonl", "ndjson", "jsonlines" -> {
                    // at least two splits per core, so that the last task of a small file does not run alone
                    JavaRDD<Row> lines = JavaSparkContext.fromSparkContext(spark.sparkContext())
                            .textFile(path, 2 * spark.sparkContext().defaultParallelism())
                            .filter(line -> !line.isBlank())
                            .map(RowFactory::create);
                    return new Input(
                            IndexedRows.of(lines), RowConversion.of(RowConversion.Mode.JSON_LINE, name), false, name);
                }
                case "csv" -> {
                    Dataset<Row> csv = spark.read()
                            .option("header", "true")
                            .option("multiLine", "true")
                            .option("escape", "\"")
                            .option("mode", "FAILFAST")
                            .option("enforceSchema", "false")
                            .option("inferSchema", "false")
                            .csv(path);
                    return new Input(
                            IndexedRows.of(csv.javaRDD()), RowConversion.of(RowConversion.Mode.CSV, name), false, name);
                }
                case "parquet" -> {
                    return new Input(
                            IndexedRows.of(spark.read().parquet(path).javaRDD()),
                            RowConversion.of(RowConversion.Mode.COLUMNS, name),
                            false,
                            name);
                }
                default -> {
                    // JSON arrays and the rest: evals4j's reader on the driver
                }
            }
        }
        List<String> lines = new ArrayList<>();
        try (RowReader reader = ((DatasetService) evals.datasets()).open(dataset)) {
            for (Optional<Map<String, Object>> row = reader.next(); row.isPresent(); row = reader.next()) {
                lines.add(Json.write(JsonValues.copyRow(row.get())));
            }
        }
        LOG.info("Read {} rows of {} on the driver", lines.size(), name);
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(
                        lines,
                        Math.max(1, Math.min(lines.size(), spark.sparkContext().defaultParallelism())))
                .map(RowFactory::create);
        return new Input(IndexedRows.of(rows), RowConversion.of(RowConversion.Mode.JSON_LINE, name), true, name);
    }

    /** The format a file name tells, {@code .gz} aside. */
    static String formatOf(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT).replaceFirst("[?#].*$", "");
        if (lower.endsWith(".gz")) {
            lower = lower.substring(0, lower.length() - 3);
        }
        for (String ext : List.of("jsonl", "ndjson", "csv", "parquet", "json")) {
            if (lower.endsWith("." + ext)) {
                return ext;
            }
        }
        return lower.endsWith("/") || !lower.contains(".") ? "parquet" : "";
    }

    /**
     * The dataset's first row, as converted without renames; checks that it has the columns the run needs (after the
     * renames), as a local run does with its first row.
     *
     * @throws DatasetLoadException when the dataset has no rows, or the first row lacks a needed column
     */
    private static Map<String, Object> checkFirstRow(Input input, Checked checked) {
        if (input.rows().count() == 0) {
            throw new DatasetLoadException("the dataset " + input.name() + " has no rows"
                    + " (an empty dataset cannot be scored: accuracy over 0 rows is not 0)");
        }
        Tuple2<Long, Row> first = input.rows().rows().filter(t -> t._1() == 0L).first();
        Map<String, Object> row = input.conversion().convert(first._2(), 0);
        Map<String, Object> renamed = input.renamed()
                ? row
                : input.conversion()
                        .renaming(checked.dataset().renameColumns(), row)
                        .convert(first._2(), 0);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> need : checked.needs().entrySet()) {
            if (!renamed.containsKey(need.getKey())) {
                missing.add("'" + need.getKey() + "' (needed by " + String.join(", ", need.getValue()) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetLoadException("the dataset " + input.name() + " has no column "
                    + String.join(", no column ", missing) + "; its columns: " + String.join(", ", renamed.keySet())
                    + ". Rename a column to the needed name (a rename map, or --rename from=to)");
        }
        return row;
    }

    /** The rows a limit or a random sample takes, as a local run takes them. */
    private JavaPairRDD<Long, Row> select(IndexedRows indexed, EvalRequest request) {
        long limit = request.limit();
        if (limit < 0) {
            return indexed.rows();
        }
        if (request.sampleSeed().isEmpty()) {
            return indexed.rows().filter(t -> t._1() < limit);
        }
        // the reservoir draws by position only, so the drawn indices follow from the count alone
        long[] drawn = drawn(indexed.count(), new RowSelection(limit, request.sampleSeed()));
        Broadcast<long[]> chosen =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(drawn);
        return indexed.rows().filter(t -> Arrays.binarySearch(chosen.value(), t._1()) >= 0);
    }

    private static long selectedCount(long rows, EvalRequest request) {
        return request.limit() < 0 ? rows : Math.min(rows, request.limit());
    }

    /** The indices a seeded selection draws from {@code rows} rows, sorted. */
    static long[] drawn(long rows, RowSelection selection) {
        RowReader positions = new RowReader() {
            private long read;

            @Override
            public Optional<Map<String, Object>> next() {
                return read++ < rows ? Optional.of(Map.of()) : Optional.empty();
            }

            @Override
            public String location() {
                return "row " + read;
            }

            @Override
            public void close() {}
        };
        List<Long> out = new ArrayList<>();
        selection.apply(positions).forEachRemaining(s -> out.add(s.index()));
        return out.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /**
     * How the rows are split.
     *
     * @param rows the rows, split
     * @param partitions how many partitions
     * @param partitioning {@link #INDEX_RANGES} or {@link #INPUT}
     */
    record Split(JavaPairRDD<Long, Row> rows, int partitions, String partitioning) {}

    private Split split(
            JavaPairRDD<Long, Row> rows, long total, long selected, String task, Optional<SparkFile> earlier) {
        int parallelism = spark.sparkContext().defaultParallelism();
        int input = rows.getNumPartitions();
        Integer asked = earlier.map(SparkFile::partitions).orElse(null);
        if (earlier.isPresent()
                && options.partitions().isPresent()
                && options.partitions().getAsInt() != asked) {
            LOG.warn(
                    "The run was split into {} partitions when it started; it continues with them, not {}",
                    asked,
                    options.partitions().getAsInt());
        }
        if (asked == null && options.partitions().isPresent()) {
            asked = options.partitions().getAsInt();
        }
        if (earlier.isPresent() && earlier.get().rows() != total) {
            throw new ConfigurationException(
                    "the run was started over " + earlier.get().rows() + " rows, but its" + " dataset now has " + total
                            + "; choose another folder");
        }
        if (asked == null && task.equals(RunFile.SCORING) && input >= parallelism) {
            return new Split(rows, input, INPUT);
        }
        int partitions = asked != null ? asked : Math.max(input, parallelism);
        partitions = (int) Math.max(1, Math.min(partitions, selected));
        return new Split(
                rows.repartitionAndSortWithinPartitions(new IndexRanges(partitions, Math.max(1, total))),
                partitions,
                INDEX_RANGES);
    }

    private static String write(Object value) {
        try {
            return RunFiles.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + ": " + e, e);
        }
    }
}
