package dev.evals4j.core.run;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.ProgressListener;
import dev.evals4j.api.RunCancelledException;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.RowReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One run: rows stream from the dataset on the calling thread and are handed to a pool of workers, at most
 * {@link RunOptions#concurrency()} at once, so memory grows with the concurrency and not with the dataset. Each
 * finished (sample, epoch) is appended to the journal before it counts; a resumed run feeds the journal's finished
 * samples into the aggregates and processes only the rest.
 */
final class Pipeline {
    /** Everything a run needs, resolved and checked before the dataset is read. */
    record Plan(
            String task,
            EvalRequest request,
            DatasetDefinition dataset,
            Supplier<RowReader> opener,
            List<ScorerRun> scorers,
            EpochReducer reducer,
            Set<String> requiredColumns,
            SampleStep step,
            Supplier<Map<String, Object>> generatorStats) {}

    /** The scorer input of one sample, what the journal records of the model call, and its usage. */
    record Step(ScorerInputSample input, Map<String, Object> journal, Optional<Usage> usage) {}

    /** Turns a row (for an epoch) into the scorer input, calling the model when the run has one. */
    @FunctionalInterface
    interface SampleStep {
        Step apply(DatasetSample sample, int epoch);
    }

    private final Plan plan;
    private final RunOptions options;
    private final List<String> scorerIds;

    Pipeline(Plan plan, RunOptions options) {
        this.plan = plan;
        this.options = options;
        this.scorerIds = plan.scorers().stream().map(s -> s.id).toList();
    }

    EvalResult run(boolean resume) {
        EvalRequest request = plan.request();
        Instant started = Instant.now();
        int epochs = request.epochs();
        RunState state = new RunState(plan.scorers(), epochs, plan.reducer());
        ResultsDirectory results;
        Map<JournalReader.Key, Map<String, Object>> finished = Map.of();
        if (resume) {
            results = ResultsDirectory.open(request.outputDir().orElseThrow());
            finished = JournalReader.read(results.journalPath());
        } else {
            results = null;
        }
        RowSelection selection = new RowSelection(request.limit(), request.sampleSeed());
        long total = expectedTotal(selection) * epochs;
        long alreadyDone = finished.values().stream()
                .filter(line -> line.get("error") == null)
                .count();
        AtomicReference<RuntimeException> fatal = new AtomicReference<>();
        ExecutorService pool = null;
        ProgressTracker progress = null;
        try (RowReader reader = plan.opener().get()) {
            Iterator<DatasetSample> rows = selection.apply(reader);
            if (!rows.hasNext()) {
                throw new DatasetLoadException("the dataset " + name() + " has no rows"
                        + " (an empty dataset cannot be scored: accuracy over 0 rows is not 0)");
            }
            if (results == null) {
                results = ResultsDirectory.create(
                        request.outputDir(), plan.dataset().id());
                results.writeRun(plan.task(), RequestJson.write(request, plan.dataset()));
            }
            ResultsDirectory dir = results;
            progress = new ProgressTracker(dir.path().toString(), options.progress(), total, alreadyDone);
            ProgressTracker tracker = progress;
            int concurrency = options.concurrency();
            pool = Executors.newFixedThreadPool(concurrency, workers());
            Semaphore permits = new Semaphore(concurrency);
            try (SampleJournal journal = dir.openJournal()) {
                try {
                    feed(rows, finished, state, journal, tracker, pool, permits, fatal);
                } finally {
                    // samples in flight finish and are journaled before the journal closes, even when reading fails
                    permits.acquireUninterruptibly(concurrency);
                    permits.release(concurrency);
                }
            }
        } catch (RuntimeException e) {
            shutdown(pool);
            if (results != null) {
                results.writeFailure(metadata(started), state.samples(), state.failedEvaluations(), e);
            }
            throw e;
        }
        shutdown(pool);
        progress.emitFinal();
        Map<String, ScorerSummary> summaries = state.summaries();
        if (fatal.get() != null) {
            results.writeFailure(metadata(started), state.samples(), state.failedEvaluations(), fatal.get());
            throw fatal.get();
        }
        if (options.cancellation().isCancelled()) {
            String reason = options.cancellation().reason().orElse("cancelled");
            EvalException stop = reason.startsWith("error budget")
                    ? new EvalException("the run stopped: " + reason + "; what finished is in " + results.path()
                            + " (resume it to continue)")
                    : new RunCancelledException(
                            "the run was cancelled (" + reason + "); " + state.samples()
                                    + " samples finished are kept in " + results.path() + " and it can be resumed",
                            results.path());
            results.writeStopped(
                    metadata(started),
                    stop instanceof RunCancelledException ? "cancelled" : "failed",
                    state.samples(),
                    state.failedEvaluations(),
                    summaries,
                    state.usage(),
                    stop);
            throw stop;
        }
        Duration duration = Duration.between(started, Instant.now());
        results.writeResults(
                metadata(started),
                state.samples(),
                state.failedEvaluations(),
                summaries,
                state.usage(),
                state.judgeUsage());
        return new EvalResult(
                results.path(), state.samples(), state.failedEvaluations(), summaries, duration, state.usage());
    }

    /**
     * Hands each (sample, epoch) that the journal does not hold as finished to the workers, at most as many at once
     * as there are permits; finished ones are fed to the aggregates directly.
     */
    private void feed(
            Iterator<DatasetSample> rows,
            Map<JournalReader.Key, Map<String, Object>> finished,
            RunState state,
            SampleJournal journal,
            ProgressTracker tracker,
            ExecutorService pool,
            Semaphore permits,
            AtomicReference<RuntimeException> fatal) {
        boolean first = true;
        while (rows.hasNext() && fatal.get() == null && !options.cancellation().isCancelled()) {
            DatasetSample sample = rows.next();
            if (first) {
                checkColumns(sample.row());
                first = false;
            }
            for (int epoch = 0; epoch < plan.request().epochs(); epoch++) {
                Map<String, Object> done = finished.get(new JournalReader.Key(sample.index(), epoch));
                if (done != null) {
                    SampleOutcome outcome = SampleOutcome.fromJournal(done, scorerIds);
                    if (!outcome.failed()) {
                        state.record(sample.index(), outcome);
                        continue;
                    }
                }
                permits.acquireUninterruptibly();
                if (fatal.get() != null || options.cancellation().isCancelled()) {
                    permits.release();
                    return;
                }
                int e = epoch;
                pool.execute(() -> {
                    try {
                        if (fatal.get() == null && !options.cancellation().isCancelled()) {
                            process(sample, e, journal, state, tracker);
                        }
                    } catch (RuntimeException | Error t) {
                        fatal.compareAndSet(
                                null,
                                t instanceof RuntimeException re ? re : new EvalException("a worker failed: " + t, t));
                    } finally {
                        permits.release();
                    }
                });
            }
        }
    }

    private void process(
            DatasetSample sample, int epoch, SampleJournal journal, RunState state, ProgressTracker tracker) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", sample.index());
        if (plan.request().epochs() > 1) {
            line.put("epoch", epoch);
        }
        line.put("row", sample.row());
        SampleOutcome outcome;
        try {
            List<String> missing = missingColumns(sample.row());
            if (!missing.isEmpty()) {
                throw new DatasetLoadException(
                        "row " + sample.index() + " has no column '" + String.join("', '", missing) + "'; its columns: "
                                + String.join(", ", sample.row().keySet()));
            }
            Step step = plan.step().apply(sample, epoch);
            line.putAll(step.journal());
            line.put("generated_answer", step.input().generatedAnswer());
            line.put("expected_answer", step.input().expectedAnswer());
            Map<String, Object> scoreRows = new LinkedHashMap<>();
            Map<String, Optional<ScoreResult>> scores = new LinkedHashMap<>();
            for (ScorerRun s : plan.scorers()) {
                try {
                    ScoreResult result =
                            Objects.requireNonNull(s.scorer.score(step.input()), "the scorer returned null");
                    scores.put(s.id, Optional.of(result));
                    scoreRows.put(s.id, result.toRow());
                } catch (RuntimeException e) {
                    scores.put(s.id, Optional.empty());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("score", null);
                    row.put("error", errorJson(e));
                    scoreRows.put(s.id, row);
                }
            }
            line.put("scores", scoreRows);
            line.put("error", null);
            outcome = new SampleOutcome(false, scores, step.usage());
        } catch (RuntimeException e) {
            line.put("scores", Map.of());
            line.put("error", errorJson(e));
            outcome = SampleOutcome.failure();
        }
        journal.append(line);
        state.record(sample.index(), outcome);
        tracker.finished(outcome.failed());
        checkErrorBudget(state);
    }

    private void checkErrorBudget(RunState state) {
        if (options.maxErrorRate().isEmpty()) {
            return;
        }
        long n = state.evaluations();
        long failed = state.failedEvaluations();
        double budget = options.maxErrorRate().getAsDouble();
        if (n >= 10 && failed > budget * n) {
            options.cancellation()
                    .cancel(String.format(
                            java.util.Locale.ROOT,
                            "error budget exceeded: %d of %d samples failed (%.1f%%), more than %.1f%%",
                            failed,
                            n,
                            100.0 * failed / n,
                            100 * budget));
        }
    }

    private long expectedTotal(RowSelection selection) {
        if (options.progress() == ProgressListener.NONE) {
            return -1;
        }
        boolean local = !(plan.dataset().source() instanceof DatasetSource.Uri uri)
                || Set.of("file", "data").contains(uri.scheme());
        if (!local) {
            return selection.seed().isPresent() ? selection.limit() : -1;
        }
        long count = 0;
        try (RowReader reader = plan.opener().get()) {
            while (reader.next().isPresent()) {
                count++;
            }
        } catch (RuntimeException e) {
            return -1; // the run itself reports the problem
        }
        return selection.limit() > 0 ? Math.min(count, selection.limit()) : count;
    }

    private void checkColumns(Map<String, Object> row) {
        List<String> missing = missingColumns(row);
        if (missing.isEmpty()) {
            return;
        }
        List<String> needs = new ArrayList<>();
        for (String column : missing) {
            List<String> who = new ArrayList<>();
            if (plan.task().equals("scoring")) {
                for (ScorerRun s : plan.scorers()) {
                    if (s.scorer.requiredColumns().contains(column)) {
                        who.add(s.id);
                    }
                }
            } else {
                who.add("the processor");
            }
            needs.add("'" + column + "' (needed by " + String.join(", ", who) + ")");
        }
        throw new DatasetLoadException("the dataset " + name() + " has no column " + String.join(", no column ", needs)
                + "; its columns: " + String.join(", ", row.keySet())
                + ". Rename a column to the needed name (a rename map, or --rename from=to)");
    }

    private List<String> missingColumns(Map<String, Object> row) {
        List<String> missing = new ArrayList<>();
        for (String column : plan.requiredColumns()) {
            if (!row.containsKey(column)) {
                missing.add(column);
            }
        }
        return missing;
    }

    private String name() {
        return plan.request().datasetId().isPresent()
                ? "'" + plan.dataset().id() + "' (" + plan.dataset().source() + ")"
                : plan.dataset().source().toString();
    }

    private static ThreadFactory workers() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "evals-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void shutdown(ExecutorService pool) {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, Object> metadata(Instant started) {
        EvalRequest request = plan.request();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("task", plan.task());
        Map<String, Object> ds = new LinkedHashMap<>();
        ds.put("id", plan.dataset().id());
        ds.put("source", plan.dataset().source().toString());
        ds.put("rename_columns", plan.dataset().renameColumns());
        ds.put("limit", request.limit() < 0 ? null : request.limit());
        ds.put("sample_seed", request.sampleSeed().orElse(null));
        meta.put("dataset", ds);
        meta.put(
                "processor",
                request.processor().map(p -> pluginJson(p.id(), p.params())).orElse(null));
        meta.put(
                "generator",
                request.generator().map(p -> pluginJson(p.id(), p.params())).orElse(null));
        List<Object> scorerList = new ArrayList<>();
        for (ScorerRun s : plan.scorers()) {
            Map<String, Object> entry = pluginJson(s.id, s.params);
            entry.put("aggregations", s.aggregationNames);
            scorerList.add(entry);
        }
        meta.put("scorers", scorerList);
        if (request.epochs() > 1) {
            meta.put("epochs", Map.of("count", request.epochs(), "reducer", request.epochReducer()));
        }
        meta.put("concurrency", options.concurrency());
        Map<String, Object> stats = plan.generatorStats().get();
        if (!stats.isEmpty()) {
            meta.put("generator_stats", stats);
        }
        meta.put("metadata", request.metadata());
        meta.put("started_at", started.toString());
        return meta;
    }

    private static Map<String, Object> pluginJson(String id, Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("params", Secrets.redact(params));
        return out;
    }

    static Map<String, Object> requestJson(GenerationInput input) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (input instanceof GenerationInput.Chat chat) {
            List<Object> messages = new ArrayList<>();
            for (var m : chat.messages()) {
                messages.add(Map.of("role", m.role(), "content", m.content()));
            }
            out.put("messages", messages);
        } else if (input instanceof GenerationInput.Completion completion) {
            out.put("prompt", completion.prompt());
        }
        return out;
    }

    static Map<String, Object> generationJson(GenerationResponse response) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", response.text());
        if (!response.additionalTexts().isEmpty()) {
            out.put("additional_texts", response.additionalTexts());
        }
        response.finishReason().ifPresent(r -> out.put("finish_reason", r));
        response.usage()
                .ifPresent(u -> out.put(
                        "usage", Map.of("prompt_tokens", u.promptTokens(), "completion_tokens", u.completionTokens())));
        return out;
    }

    static Map<String, Object> errorJson(Throwable e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", e.getClass().getSimpleName());
        out.put("message", e.getMessage() == null ? e.toString() : e.getMessage());
        return out;
    }
}
