package dev.evals4j.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.evals4j.api.Benchmark;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScorerSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code results.json}: a run's metadata and each scorer's aggregates, written whole when the run ends — completed,
 * failed or cancelled.
 *
 * @param evals4jVersion the version that wrote the file
 * @param status {@code completed}, {@code failed}, {@code cancelled} or {@code interrupted}
 * @param task {@code scoring} or {@code eval_task}
 * @param dataset what was read
 * @param processor the processor of an eval task, else null
 * @param generator the generator of an eval task, else null
 * @param scorers the scorers, in order
 * @param benchmark the benchmark task the run follows (its id, variant, parameters and protocol), else null
 * @param epochs the epochs, when more than one
 * @param concurrency samples in flight at once
 * @param generatorStats the candidate model's calls over HTTP, summed over every process that worked on the run
 * @param judgeStats the calls of the scorers' own models (judges, embeddings), summed likewise
 * @param metadata the request's metadata
 * @param timings when the run started and ended, and the time its processes worked on it
 * @param segments each process that worked on the run (several when it was resumed), in order
 * @param counts the samples finished and failed
 * @param usage the candidate model's tokens, when reported
 * @param judgeUsage the judges' tokens, when reported
 * @param scores each scorer's aggregates, by id, for a completed run
 * @param scoresSoFar each scorer's aggregates over what finished, for a stopped run
 * @param error why a run failed or stopped
 */
public record ResultsFile(
        String evals4jVersion,
        String status,
        String task,
        DatasetSummary dataset,
        @Nullable PluginRecord processor,
        @Nullable PluginRecord generator,
        List<PluginRecord> scorers,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Benchmark benchmark,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Epochs epochs,
        int concurrency,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable CallStats generatorStats,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable CallStats judgeStats,
        Map<String, Object> metadata,
        Timings timings,
        List<RunSegment> segments,
        Counts counts,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable UsageRecord usage,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable UsageRecord judgeUsage,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Map<String, ScoreEntry> scores,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Map<String, ScoreEntry> scoresSoFar,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ErrorRecord error) {
    /** The status of a run that finished every sample. */
    public static final String COMPLETED = "completed";
    /** The status of a run that stopped on an error. */
    public static final String FAILED = "failed";
    /** The status of a run that was cancelled. */
    public static final String CANCELLED = "cancelled";
    /** The status of a run whose process was asked to end (SIGINT, SIGTERM). */
    public static final String INTERRUPTED = "interrupted";

    /** A results file without a benchmark, as before tasks added it. */
    public ResultsFile(
            String evals4jVersion,
            String status,
            String task,
            DatasetSummary dataset,
            @Nullable PluginRecord processor,
            @Nullable PluginRecord generator,
            List<PluginRecord> scorers,
            @Nullable Epochs epochs,
            int concurrency,
            @Nullable CallStats generatorStats,
            @Nullable CallStats judgeStats,
            Map<String, Object> metadata,
            Timings timings,
            List<RunSegment> segments,
            Counts counts,
            @Nullable UsageRecord usage,
            @Nullable UsageRecord judgeUsage,
            @Nullable Map<String, ScoreEntry> scores,
            @Nullable Map<String, ScoreEntry> scoresSoFar,
            @Nullable ErrorRecord error) {
        this(
                evals4jVersion,
                status,
                task,
                dataset,
                processor,
                generator,
                scorers,
                null,
                epochs,
                concurrency,
                generatorStats,
                judgeStats,
                metadata,
                timings,
                segments,
                counts,
                usage,
                judgeUsage,
                scores,
                scoresSoFar,
                error);
    }

    public ResultsFile {
        Objects.requireNonNull(evals4jVersion, "evals4jVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(dataset, "dataset");
        scorers = List.copyOf(scorers);
        metadata = metadata == null ? Map.of() : JsonValues.copyRow(metadata);
        Objects.requireNonNull(timings, "timings");
        segments = segments == null ? List.of() : List.copyOf(segments);
        Objects.requireNonNull(counts, "counts");
        scores = ordered(scores);
        scoresSoFar = ordered(scoresSoFar);
    }

    /**
     * The result of this completed run, whose folder is {@code runDir}.
     *
     * @throws ConfigurationException when the run did not complete
     */
    public EvalResult toEvalResult(Path runDir) {
        if (!COMPLETED.equals(status) || scores == null) {
            throw new ConfigurationException("the run in " + runDir + " did not complete: its status is " + status
                    + (error != null ? " (" + error.message() + ")" : ""));
        }
        Map<String, ScorerSummary> summaries = new LinkedHashMap<>();
        scores.forEach((id, entry) -> summaries.put(id, entry.summary(id)));
        return new EvalResult(
                runDir,
                counts.samples(),
                counts.errors(),
                summaries,
                Duration.ofNanos((long) (timings.durationSeconds() * 1e9)),
                Optional.ofNullable(usage).map(UsageRecord::usage),
                () -> RunFiles.readEvalSamples(runDir));
    }

    private static Map<String, ScoreEntry> ordered(Map<String, ScoreEntry> m) {
        return m == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** The dataset of a run as {@code results.json} describes it. */
    public record DatasetSummary(
            String id,
            String source,
            Map<String, String> renameColumns,
            @Nullable Long limit,
            @Nullable Long sampleSeed) {
        public DatasetSummary {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(source, "source");
            renameColumns = renameColumns == null ? Map.of() : Map.copyOf(renameColumns);
        }
    }

    /** How many times each sample was asked, and how the epochs became one score. */
    public record Epochs(int count, String reducer) {}

    /**
     * What the model calls of a run did.
     *
     * @param calls requests asked for
     * @param attempts requests sent, first attempts and retries together
     * @param retries attempts that were retries
     * @param throttled answers that said the server is overloaded (429 or 503)
     * @param failed calls that failed after their retries
     * @param rateLimitWaitSeconds time spent waiting for the request-rate limit, summed over threads
     * @param cache the response cache's hits, misses and writes, when one was used
     * @param failures the failed calls by cause ({@code timeout}, {@code connection}, {@code http_503},
     *     {@code deadline}, {@code too_large}, {@code unreadable_answer}, {@code no_content}, {@code refusal}, …)
     */
    public record CallStats(
            long calls,
            long attempts,
            long retries,
            long throttled,
            long failed,
            double rateLimitWaitSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable CacheStats cache,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> failures) {
        public CallStats {
            failures = failures == null ? Map.of() : Collections.unmodifiableMap(new java.util.TreeMap<>(failures));
        }

        /** The sum of two, either of which may be absent. */
        public static @Nullable CallStats sum(@Nullable CallStats a, @Nullable CallStats b) {
            return a == null ? b : b == null ? a : a.plus(b);
        }

        /** The sum of two. */
        public CallStats plus(CallStats o) {
            CacheStats c = cache == null ? o.cache : o.cache == null ? cache : cache.plus(o.cache);
            Map<String, Long> causes = new java.util.TreeMap<>(failures);
            o.failures.forEach((k, v) -> causes.merge(k, v, Long::sum));
            return new CallStats(
                    calls + o.calls,
                    attempts + o.attempts,
                    retries + o.retries,
                    throttled + o.throttled,
                    failed + o.failed,
                    rateLimitWaitSeconds + o.rateLimitWaitSeconds,
                    c,
                    causes);
        }
    }

    /** What a response cache did. */
    public record CacheStats(long hits, long misses, long writes) {
        /** The sum of two. */
        public CacheStats plus(CacheStats o) {
            return new CacheStats(hits + o.hits, misses + o.misses, writes + o.writes);
        }
    }

    /**
     * When a run started and ended, as ISO-8601 instants, and how long its processes worked on it.
     *
     * @param startedAt when its first process started, such as {@code 2026-11-29T10:15:30.123Z}
     * @param finishedAt when its last process ended, such as {@code 2026-11-29T10:16:01.456Z}
     * @param durationSeconds the time its processes worked, summed (the time between two processes not counted)
     */
    public record Timings(String startedAt, String finishedAt, double durationSeconds) {
        public Timings {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
        }

        /** The timings of a run that started and finished at these instants. */
        public static Timings of(Instant started, Instant finished) {
            return new Timings(
                    started.toString(),
                    finished.toString(),
                    java.time.Duration.between(started, finished).toNanos() / 1e9);
        }

        /** The timings of a run worked on by these processes, in order. */
        public static Timings of(List<RunSegment> segments) {
            double seconds = 0;
            for (RunSegment s : segments) {
                seconds += s.duration().toNanos() / 1e9;
            }
            return new Timings(
                    segments.get(0).startedAt(),
                    segments.get(segments.size() - 1).lastSeenAt(),
                    seconds);
        }
    }

    /** Samples finished (with all their epochs), and (sample, epoch) evaluations that failed as a whole. */
    public record Counts(long samples, long errors) {}

    /**
     * One scorer's results in Llama Stack's shape, with evals4j's counts of errors, unscored rows and rows without an
     * answer, and the breakdown by a column when the run had one.
     *
     * @param aggregatedResults each aggregation under its own name (over all rows: the micro average)
     * @param numRows the rows the scorer saw
     * @param numErrors the rows it failed on
     * @param numUnscored the rows it could not judge
     * @param numNoAnswer the rows where no answer was found in the generation (scored by the missing-answer policy)
     * @param breakdown the scores per group of a column, with the macro average, when the run had a group-by column
     */
    public record ScoreEntry(
            Map<String, Object> aggregatedResults,
            long numRows,
            long numErrors,
            long numUnscored,
            long numNoAnswer,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Breakdown breakdown) {
        public ScoreEntry {
            aggregatedResults = JsonValues.copyRow(aggregatedResults);
        }

        /** An entry without no-answer counts or breakdown, as before tasks added them. */
        public ScoreEntry(Map<String, Object> aggregatedResults, long numRows, long numErrors, long numUnscored) {
            this(aggregatedResults, numRows, numErrors, numUnscored, 0, null);
        }

        /** The entry of a summary. */
        public static ScoreEntry of(ScorerSummary s) {
            return new ScoreEntry(
                    s.aggregatedResults(),
                    s.numRows(),
                    s.numErrors(),
                    s.numUnscored(),
                    s.numNoAnswer(),
                    s.breakdown().isPresent() ? Breakdown.of(s) : null);
        }

        /** The entries of summaries, by scorer id in their order; {@code null} for {@code null}. */
        public static @Nullable Map<String, ScoreEntry> of(@Nullable Map<String, ScorerSummary> summaries) {
            if (summaries == null) {
                return null;
            }
            Map<String, ScoreEntry> entries = new LinkedHashMap<>();
            for (ScorerSummary s : summaries.values()) {
                entries.put(s.scorerId(), of(s));
            }
            return entries;
        }

        /** The summary of scorer {@code id}. */
        public ScorerSummary summary(String id) {
            return new ScorerSummary(
                    id,
                    aggregatedResults,
                    numRows,
                    numErrors,
                    numUnscored,
                    numNoAnswer,
                    Optional.ofNullable(breakdown).map(b -> b.summary(id)));
        }
    }

    /**
     * A scorer's results per group of a column.
     *
     * @param groupBy the column
     * @param groups each group's results, by the column's value (as text)
     * @param micro each aggregation's headline value over all rows
     * @param macro each aggregation's mean over the groups, with the number of groups
     */
    public record Breakdown(
            String groupBy, Map<String, ScoreEntry> groups, Map<String, Object> micro, Map<String, Object> macro) {
        public Breakdown {
            Objects.requireNonNull(groupBy, "groupBy");
            groups = groups == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(groups));
            micro = micro == null ? Map.of() : JsonValues.copyRow(micro);
            macro = macro == null ? Map.of() : JsonValues.copyRow(macro);
        }

        static Breakdown of(ScorerSummary s) {
            ScorerSummary.Breakdown b = s.breakdown().orElseThrow();
            Map<String, ScoreEntry> groups = new LinkedHashMap<>();
            b.groups().forEach((g, summary) -> groups.put(g, ScoreEntry.of(summary)));
            Map<String, Object> micro = new LinkedHashMap<>();
            for (String name : s.aggregatedResults().keySet()) {
                micro.put(
                        name,
                        s.metric(name, name).isPresent() ? s.metric(name, name).getAsDouble() : null);
            }
            return new Breakdown(b.column(), groups, micro, b.macro());
        }

        ScorerSummary.Breakdown summary(String id) {
            Map<String, ScorerSummary> byGroup = new LinkedHashMap<>();
            groups.forEach((g, entry) -> byGroup.put(g, entry.summary(id)));
            return new ScorerSummary.Breakdown(groupBy, byGroup, macro);
        }
    }
}
