package dev.evals4j.core.run;

import dev.evals4j.api.Cancellation;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ProgressListener;
import dev.evals4j.api.RunCancelledException;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.EvalsVersion;
import dev.evals4j.core.internal.SampleAppender;
import dev.evals4j.core.internal.SampleJournal;
import dev.evals4j.core.results.ErrorRecord;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.RequestRecord;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.RunSegment;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.results.ScoreRow;
import dev.evals4j.core.results.UsageRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: rows stream from the dataset to a pool of workers, at most {@link RunOptions#concurrency()} of them, each
 * taking the next rows when it is free, so memory grows with the concurrency and not with the dataset. From
 * {@link #ASYNC_FROM} samples at once, a run whose generator sends without waiting ({@link AsyncGenerator}) has no
 * thread per call instead: its own thread sends while {@code concurrency} calls are in flight, and a few workers
 * finish the samples as their answers come ({@link #dispatch}). Each
 * finished (sample, epoch) is appended to the journal before it counts; a resumed run feeds the journal's finished
 * samples into the aggregates and processes only the rest.
 */
final class Pipeline {
    /**
     * Everything a run needs, resolved and checked before the dataset is read.
     *
     * @param rowCount the dataset's rows, counted without reading them, when its source allows
     * @param processor how results record the processor, else null
     * @param generator how results record the generator, else null
     * @param generatorStats the candidate model's calls so far, when it is called over HTTP
     * @param judgeStats the calls of the scorers' own models so far, when they have any
     * @param dataDir where the results folder goes when the request names none
     * @param computeOnly whether a sample only computes (a scoring-only run with evals4j's own scorers, none with a
     *     model): nothing to wait for, so no more workers than processors
     */
    record Plan(
            String task,
            EvalRequest request,
            DatasetDefinition dataset,
            Supplier<RowReader> opener,
            Supplier<OptionalLong> rowCount,
            List<ScorerRun> scorers,
            EpochReducer reducer,
            Set<String> requiredColumns,
            SampleStep step,
            @Nullable AsyncStep asyncStep,
            PluginRecord processor,
            PluginRecord generator,
            Supplier<Optional<ResultsFile.CallStats>> generatorStats,
            Supplier<Optional<ResultsFile.CallStats>> judgeStats,
            Path dataDir,
            boolean computeOnly) {}

    /** The scorer input of one sample, what the model was asked and answered, and its usage. */
    record Step(
            ScorerInputSample input,
            SampleRecord.Prompt request,
            SampleRecord.Generation generation,
            Optional<Usage> usage) {}

    /** Turns a row (for an epoch) into the scorer input, calling the model when the run has one. */
    @FunctionalInterface
    interface SampleStep {
        Step apply(DatasetSample sample, int epoch);
    }

    /**
     * {@link SampleStep} without a thread waiting for the model ({@link AsyncGenerator}): the calling thread sends the
     * request, and {@code executor} completes the future with the step, or with what {@link SampleStep} would throw.
     */
    @FunctionalInterface
    interface AsyncStep {
        CompletableFuture<Step> apply(DatasetSample sample, int epoch, Executor executor);
    }

    /**
     * The concurrency from which a run whose generator sends asynchronously ({@link Plan#asyncStep}) keeps its calls in
     * flight without a thread each: below it, a thread per call costs no more. The system property
     * {@code evals4j.async} set to {@code true} or {@code false} decides instead.
     */
    static final int ASYNC_FROM = 64;

    /** The threads that finish the samples of an asynchronous run: parse, score, journal. */
    private static final int ASYNC_WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    /** The most worker threads a run starts, whatever the concurrency asked for. */
    static final int MAX_WORKERS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** The rows of a part of a larger run, and where its samples' scores go (see {@link EvalRunner#runPart}). */
    record Part(Iterator<DatasetSample> rows, ScoreSink sink) {}

    private final Plan plan;
    private final RunOptions options;
    private final @Nullable Part part;
    private final List<String> scorerIds;
    /** The columns every row must have: those the plan requires, and the one the run is broken down by. */
    private final List<String> checkedColumns;
    /** Why the run stopped by itself (the error budget), apart from the caller's cancellation. */
    private final AtomicReference<String> stopped = new AtomicReference<>();

    Pipeline(Plan plan, RunOptions options) {
        this(plan, options, null);
    }

    /**
     * A run of the plan, or with {@code part}, of a part of it: the part's rows instead of the dataset's (no limit or
     * random sample applied, no rows counted), each sample's scores handed to the part's sink, and no verdict at the
     * end on failed samples, which the caller gives over all the parts.
     */
    Pipeline(Plan plan, RunOptions options, @Nullable Part part) {
        this.plan = plan;
        this.options = options;
        this.part = part;
        this.scorerIds = plan.scorers().stream().map(s -> s.id).toList();
        Set<String> checked = new LinkedHashSet<>(plan.requiredColumns());
        plan.request().groupBy().ifPresent(checked::add);
        this.checkedColumns = List.copyOf(checked);
    }

    private boolean stopping() {
        return stopped.get() != null || options.cancellation().isCancelled();
    }

    EvalResult run(boolean resume) {
        try {
            return runInFolder(resume);
        } finally {
            if (ticker != null) {
                ticker.shutdownNow();
            }
            if (folder != null) {
                folder.close();
            }
        }
    }

    private java.util.concurrent.ScheduledExecutorService ticker;

    private void tick() {
        try {
            writeSegments(RunSegment.RUNNING);
        } catch (RuntimeException e) {
            LOG.warn("Could not write the run's segments: {}", e.getMessage());
        }
    }

    /** The run's folder once it is open (and locked), closed when the run ends. */
    private ResultsDirectory folder;

    /** How often this process writes its segment while it works. */
    private static final long SEGMENT_INTERVAL_SECONDS = 5;

    /** The segments of the processes that worked on the run before this one. */
    private List<RunSegment> earlier = List.of();

    /** When this process started on the run. */
    private final Instant segmentStart = Instant.now();

    /** The evaluations this process finished. */
    private final java.util.concurrent.atomic.AtomicLong evaluated = new java.util.concurrent.atomic.AtomicLong();

    /** The segments: the earlier ones and this process's, as it is now. */
    private List<RunSegment> segments(String status) {
        ProcessHandle self = ProcessHandle.current();
        List<RunSegment> all = new ArrayList<>(earlier);
        all.add(new RunSegment(
                self.pid(),
                segmentStart.toString(),
                Instant.now().toString(),
                status,
                evaluated.get(),
                plan.generatorStats().get().orElse(null),
                plan.judgeStats().get().orElse(null)));
        return all;
    }

    private void writeSegments(String status) {
        if (folder != null) {
            RunFiles.writeSegments(folder.path(), segments(status));
        }
    }

    private EvalResult runInFolder(boolean resume) {
        EvalRequest request = plan.request();
        int epochs = request.epochs();
        RunState state = new RunState(plan.scorers(), epochs, plan.reducer(), part == null ? null : part.sink());
        ResultsDirectory results;
        JournalIndex finished;
        if (resume) {
            results = ResultsDirectory.open(request.outputDir().orElseThrow());
            folder = results;
            finished = JournalIndex.read(results.journalPath(), scorerIds, epochs);
            earlier = RunSegment.accountFor(RunFiles.readSegments(results.path()), finished.lines());
        } else {
            results = null;
            finished = JournalIndex.empty(scorerIds, epochs);
        }
        RowSelection selection = new RowSelection(request.limit(), request.sampleSeed());
        // a seeded selection knows its size; other runs count while they start (see countRows)
        long total = selection.seed().isPresent() && part == null ? selection.limit() * epochs : -1;
        AtomicReference<RuntimeException> fatal = new AtomicReference<>();
        ExecutorService pool = null;
        ProgressTracker progress = null;
        try (RowReader reader = part == null ? plan.opener().get() : null) {
            Iterator<DatasetSample> rows = part == null ? selection.apply(reader) : part.rows();
            if (!rows.hasNext()) {
                throw new DatasetLoadException("the dataset " + name() + " has no rows"
                        + " (an empty dataset cannot be scored: accuracy over 0 rows is not 0)");
            }
            if (results == null) {
                results = ResultsDirectory.create(
                        request.outputDir(), plan.dataDir(), plan.dataset().id());
                folder = results;
                results.writeRun(
                        new RunFile(EvalsVersion.get(), plan.task(), RequestRecord.of(request, plan.dataset())));
            }
            ResultsDirectory dir = results;
            progress = new ProgressTracker(dir.path().toString(), options.progress(), total, finished.finished());
            ProgressTracker tracker = progress;
            int concurrency = usableConcurrency(total < 0 ? -1 : total - finished.finished());
            if (plan.computeOnly()) {
                // more threads than processors would only take turns (and contend for the dataset and the journal)
                concurrency = Math.min(concurrency, Runtime.getRuntime().availableProcessors());
            }
            if (total < 0 && part == null) {
                countRows(selection, epochs, finished.finished(), tracker, concurrency);
            }
            boolean async = asynchronous(concurrency);
            pool = Executors.newFixedThreadPool(async ? Math.min(concurrency, ASYNC_WORKERS) : concurrency, workers());
            Semaphore permits = new Semaphore(concurrency);
            writeSegments(RunSegment.RUNNING);
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "evals-segment");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(
                    this::tick, SEGMENT_INTERVAL_SECONDS, SEGMENT_INTERVAL_SECONDS, TimeUnit.SECONDS);
            try (SampleJournal journal = dir.openJournal()) {
                try {
                    Source source = new Source(rows, finished, state, epochs);
                    if (async) {
                        dispatch(source, journal, state, tracker, pool, permits, fatal);
                    } else {
                        startWorkers(source, concurrency, journal, state, tracker, pool, permits, fatal);
                    }
                } finally {
                    // samples in flight finish and are journaled before the journal closes, even when reading fails
                    awaitInFlight(permits, concurrency);
                }
            }
        } catch (RuntimeException e) {
            shutdown(pool);
            if (results != null) {
                results.writeFailure(document(ResultsFile.FAILED, state, null, ErrorRecord.of(e)), e);
            }
            throw e;
        }
        if (abandoned > 0) {
            // the samples left in flight run again on resume; their threads (daemons, maybe blocked in a read)
            // are interrupted and not waited for
            pool.shutdownNow();
        } else {
            shutdown(pool);
        }
        progress.emitFinal();
        Map<String, ScorerSummary> summaries = state.summaries();
        // after an interruption, a sample left in flight may fail on the closed journal: that is not the run's error
        if (fatal.get() != null && !options.cancellation().isInterrupted() && abandoned == 0) {
            results.writeFailure(document(ResultsFile.FAILED, state, null, ErrorRecord.of(fatal.get())), fatal.get());
            throw fatal.get();
        }
        if (!stopping() && part == null) {
            checkFinishedRun(state);
        }
        if (stopping()) {
            EvalException stop;
            String status = ResultsFile.CANCELLED;
            if (failedAtTheEnd != null) {
                status = ResultsFile.FAILED;
                stop = new EvalException("the run failed: " + failedAtTheEnd + "; what it did is in " + results.path()
                        + " (\"error\" in samples.jsonl; resume it to try the failed samples again)");
            } else if (stopped.get() != null) {
                status = ResultsFile.FAILED;
                stop = new EvalException("the run stopped: " + (overBudget() ? overBudgetReason(state) : stopped.get())
                        + "; what finished is in " + results.path() + " (resume it to continue)");
            } else if (options.cancellation().isInterrupted()) {
                status = ResultsFile.INTERRUPTED;
                stop = new RunCancelledException(
                        "the run was interrupted ("
                                + options.cancellation().reason().orElse("interrupted") + "); "
                                + state.samples() + " samples finished are kept in " + results.path()
                                + (abandoned > 0
                                        ? ", " + abandoned + " still in flight after the grace period will run again"
                                        : "")
                                + "; resume it to continue",
                        results.path());
            } else {
                stop = new RunCancelledException(
                        "the run was cancelled ("
                                + options.cancellation().reason().orElse("cancelled") + "); "
                                + state.samples() + " samples finished are kept in " + results.path()
                                + " and it can be resumed",
                        results.path());
            }
            results.writeResults(document(status, state, summaries, ErrorRecord.of(stop)));
            throw stop;
        }
        ResultsFile done = document(ResultsFile.COMPLETED, state, summaries, null);
        results.writeResults(done);
        Duration duration = Duration.ofNanos((long) (done.timings().durationSeconds() * 1e9));
        Path dir = results.path();
        return new EvalResult(
                dir,
                state.samples(),
                state.failedEvaluations(),
                summaries,
                duration,
                state.usage(),
                () -> RunFiles.readEvalSamples(dir));
    }

    /** Samples still in flight when an interrupted run's grace period ended. */
    private int abandoned;

    /**
     * How long a run stopped by its error budget waits for the samples it has in flight: they would mostly fail the
     * same way, and a server that hangs would hold them for a whole deadline (minutes). Those left run again on
     * resume.
     */
    static final Duration BUDGET_GRACE = Duration.ofSeconds(5);

    /** Why the error budget stopped the run, as {@link #stopped} holds it; the message is made at the end. */
    private static final String OVER_BUDGET = "error budget exceeded";

    /** Whether the error budget stopped the run. */
    private boolean overBudget() {
        return stopped.get() == OVER_BUDGET;
    }

    /**
     * Waits for the samples in flight: all of them, or, when the run is interrupted or over its error budget, as many
     * as finish within the grace period.
     */
    private void awaitInFlight(Semaphore permits, int concurrency) {
        Cancellation c = options.cancellation();
        long graceEnds = 0;
        try {
            // the run may be interrupted while it waits: look every 100 ms, and from then on wait the grace period
            while (!permits.tryAcquire(concurrency, 100, TimeUnit.MILLISECONDS)) {
                if (c.isInterrupted() || overBudget()) {
                    long now = System.nanoTime();
                    if (graceEnds == 0) {
                        graceEnds = now + (c.isInterrupted() ? c.grace().orElseThrow() : BUDGET_GRACE).toNanos();
                    } else if (now - graceEnds >= 0) {
                        abandoned = concurrency - permits.availablePermits();
                        return;
                    }
                }
            }
            permits.release(concurrency);
        } catch (InterruptedException e) {
            abandoned = concurrency - permits.availablePermits();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The work a task of the pool aims at: cheap samples (a scoring-only run, a cached answer) go to the workers in
     * batches, so that handing a sample to a thread (tens of microseconds of waking and waiting) does not cost more
     * than the sample; a sample that waits for a model, milliseconds or more, goes alone.
     */
    private static final long TASK_NANOS = 500_000;

    /** The most samples in one task, which bounds what a stopped run leaves for the last worker to finish. */
    private static final int MAX_BATCH = 512;

    /** A moving mean of the time a worker takes for one sample, 0 until one finished. */
    private volatile long sampleNanos;

    /** One (sample, epoch) for a worker. */
    private record Work(DatasetSample sample, int epoch) {}

    /** How many samples the next task takes, from what samples took so far. */
    private int batchSize() {
        long nanos = sampleNanos;
        return nanos <= 0 ? 1 : (int) Math.max(1, Math.min(MAX_BATCH, TASK_NANOS / nanos));
    }

    /**
     * The (sample, epoch)s of the run that the journal does not hold as finished, read from the dataset as the
     * workers take them; finished ones are fed to the aggregates as they are read. Thread-safe.
     */
    private final class Source {
        private final Iterator<DatasetSample> rows;
        private final JournalIndex finished;
        private final RunState state;
        private final int epochs;
        private @Nullable DatasetSample current;
        private int nextEpoch;
        private boolean first = true;
        private boolean exhausted;

        Source(Iterator<DatasetSample> rows, JournalIndex finished, RunState state, int epochs) {
            this.rows = rows;
            this.finished = finished;
            this.state = state;
            this.epochs = epochs;
        }

        /**
         * Why the first row was refused, or why reading stopped after a batch was taken, thrown to every worker that
         * asks for more.
         */
        private @Nullable RuntimeException refused;

        /** Up to {@code max} (sample, epoch)s to do, none when the dataset has no more. */
        synchronized List<Work> take(int max) {
            if (refused != null) {
                throw refused;
            }
            List<Work> out = new ArrayList<>(Math.min(max, 16));
            while (out.size() < max) {
                DatasetSample sample = current;
                if (sample == null) {
                    try {
                        if (exhausted || !rows.hasNext()) {
                            exhausted = true;
                            break;
                        }
                        sample = rows.next();
                    } catch (RuntimeException e) {
                        // nothing after a row that could not be read is read: the reader has moved past it, and the
                        // rows after it would take its index. The rows read before it are done; the next worker to
                        // ask gets the error.
                        refused = e;
                        if (out.isEmpty()) {
                            throw e;
                        }
                        return out;
                    }
                    current = sample;
                    nextEpoch = 0;
                    if (first) {
                        first = false;
                        try {
                            checkColumns(sample.row());
                        } catch (RuntimeException e) {
                            // a worker started before this one failed must not take the refused row, nor the next
                            refused = e;
                            throw e;
                        }
                    }
                }
                while (nextEpoch < epochs && out.size() < max) {
                    int epoch = nextEpoch++;
                    Optional<SampleOutcome> done = finished.finished(sample.index(), epoch);
                    if (done.isPresent()) {
                        state.record(sample.index(), group(sample), done.get());
                    } else {
                        out.add(new Work(sample, epoch));
                    }
                }
                if (nextEpoch >= epochs) {
                    current = null;
                }
            }
            return out;
        }

        /** Whether every (sample, epoch) was taken; not when reading failed, which a worker then reports. */
        synchronized boolean exhausted() {
            if (refused != null) {
                return false;
            }
            try {
                if (current == null && !exhausted && !rows.hasNext()) {
                    exhausted = true;
                }
            } catch (RuntimeException e) {
                refused = e;
                return false;
            }
            return exhausted && current == null;
        }
    }

    /**
     * Starts the workers, one after another while there is work left, at most {@code concurrency}: a dataset of 12
     * rows starts about 12 workers, whatever the concurrency. Each worker takes (sample, epoch)s from the source, in
     * batches of one or more (see {@link #TASK_NANOS}), until there are none left or the run stops; each holds a
     * permit while it runs, so that the run can wait for them all.
     */
    private void startWorkers(
            Source source,
            int concurrency,
            SampleJournal journal,
            RunState state,
            ProgressTracker tracker,
            ExecutorService pool,
            Semaphore permits,
            AtomicReference<RuntimeException> fatal) {
        for (int started = 0; started < concurrency; started++) {
            if (fatal.get() != null || stopping() || source.exhausted()) {
                return;
            }
            permits.acquireUninterruptibly(); // one per worker: never waits
            pool.execute(() -> {
                // a batch's lines go to the journal in one write, when it is done (or stopped)
                try (SampleJournal.Group group = journal.group()) {
                    while (fatal.get() == null && !stopping()) {
                        List<Work> batch = source.take(batchSize());
                        if (batch.isEmpty()) {
                            return;
                        }
                        if (batch.size() == 1) {
                            work(batch, journal, state, tracker);
                        } else {
                            work(batch, group, state, tracker);
                            group.flush();
                        }
                    }
                } catch (RuntimeException | Error t) {
                    fatal.compareAndSet(null, workerFailure(t));
                } finally {
                    permits.release();
                }
            });
        }
    }

    /** Processes a batch of samples, up to where the run stops, and learns from it how long a sample takes. */
    private void work(List<Work> batch, SampleAppender journal, RunState state, ProgressTracker tracker) {
        long start = System.nanoTime();
        int done = 0;
        for (Work work : batch) {
            // a row that could not be read stops the run, but the rows taken before it are done
            if (stopping()) {
                break;
            }
            process(work.sample(), work.epoch(), journal, state, tracker);
            done++;
        }
        if (done > 0) {
            long took = (System.nanoTime() - start) / done;
            long mean = sampleNanos;
            sampleNanos = mean <= 0 ? Math.max(1, took) : Math.max(1, mean + (took - mean) / 16);
        }
    }

    private void process(
            DatasetSample sample, int epoch, SampleAppender journal, RunState state, ProgressTracker tracker) {
        Step step = null;
        RuntimeException failure = null;
        try {
            checkRow(sample);
            step = plan.step().apply(sample, epoch);
        } catch (RuntimeException e) {
            failure = e;
        }
        finish(sample, epoch, step, failure, journal, state, tracker);
    }

    private void checkRow(DatasetSample sample) {
        List<String> missing = missingColumns(sample.row());
        if (!missing.isEmpty()) {
            throw new DatasetLoadException("row " + sample.index() + " has no column '" + String.join("', '", missing)
                    + "'; its columns: " + String.join(", ", sample.row().keySet()));
        }
    }

    /** Whether this run keeps its calls in flight without a thread each (see {@link #ASYNC_FROM}). */
    private boolean asynchronous(int concurrency) {
        if (plan.asyncStep() == null) {
            return false;
        }
        String forced = System.getProperty("evals4j.async", "").strip();
        if (forced.equalsIgnoreCase("true") || forced.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(forced);
        }
        return concurrency >= ASYNC_FROM;
    }

    /**
     * Runs the samples of an asynchronous run from this thread: for each, once one of the {@code permits} (the
     * concurrency) is free, it takes the row and sends its request ({@link AsyncStep}); the answer is parsed, scored and
     * journaled by a thread of {@code pool}, which gives the permit back.
     */
    private void dispatch(
            Source source,
            SampleJournal journal,
            RunState state,
            ProgressTracker tracker,
            ExecutorService pool,
            Semaphore permits,
            AtomicReference<RuntimeException> fatal) {
        AsyncStep step = Objects.requireNonNull(plan.asyncStep());
        while (fatal.get() == null && !stopping()) {
            try {
                if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue; // looks at the cancellation again
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (fatal.get() != null || stopping()) {
                permits.release(); // stopped while it waited for a call to end
                return;
            }
            List<Work> batch;
            try {
                batch = source.take(1);
            } catch (RuntimeException e) {
                permits.release();
                fatal.compareAndSet(null, e);
                return;
            }
            if (batch.isEmpty()) {
                permits.release();
                return;
            }
            Work work = batch.get(0);
            CompletableFuture<Step> sent;
            try {
                checkRow(work.sample());
                sent = step.apply(work.sample(), work.epoch(), pool);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((done, error) -> {
                try {
                    finish(
                            work.sample(),
                            work.epoch(),
                            done,
                            error == null ? null : unwrap(error),
                            journal,
                            state,
                            tracker);
                } catch (RuntimeException | Error t) {
                    fatal.compareAndSet(null, workerFailure(t));
                } finally {
                    permits.release();
                }
            });
        }
    }

    /** What stops a run whose worker failed outside a sample (its journal, say). */
    private static RuntimeException workerFailure(Throwable t) {
        return t instanceof RuntimeException re ? re : new EvalException("a worker failed: " + t, t);
    }

    private static RuntimeException unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RuntimeException re) {
            return re;
        }
        return new EvalException("the sample failed: " + e, e);
    }

    /** Scores a sample's step, or records why it failed, and journals it; it counts once its line is written. */
    private void finish(
            DatasetSample sample,
            int epoch,
            @Nullable Step step,
            @Nullable RuntimeException failure,
            SampleAppender journal,
            RunState state,
            ProgressTracker tracker) {
        Integer epochField = plan.request().epochs() > 1 ? epoch : null;
        SampleRecord line;
        SampleOutcome outcome;
        try {
            if (failure != null) {
                throw failure;
            }
            Map<String, ScoreRow> rows;
            Map<String, Optional<ScoreResult>> scores;
            List<ScorerRun> scorers = plan.scorers();
            if (scorers.size() == 1) { // most runs: two maps fewer per sample
                ScorerRun s = scorers.get(0);
                Scored scored = Scored.of(s, step.input());
                scores = Collections.singletonMap(s.id, scored.result());
                rows = Collections.singletonMap(s.id, scored.row());
            } else {
                rows = new LinkedHashMap<>();
                scores = new LinkedHashMap<>();
                for (ScorerRun s : scorers) {
                    Scored scored = Scored.of(s, step.input());
                    scores.put(s.id, scored.result());
                    rows.put(s.id, scored.row());
                }
            }
            line = new SampleRecord(
                    sample.index(),
                    epochField,
                    sample.row(),
                    step.request(),
                    step.generation(),
                    step.input().generatedAnswer(),
                    step.input().expectedAnswer(),
                    rows,
                    null);
            outcome = new SampleOutcome(false, scores, step.usage());
        } catch (RuntimeException e) {
            ErrorRecord error = ErrorRecord.of(e);
            firstError.compareAndSet(null, error.message());
            line = new SampleRecord(sample.index(), epochField, sample.row(), null, null, null, null, Map.of(), error);
            outcome = SampleOutcome.failure();
        }
        SampleOutcome counted = outcome;
        // counted once its line is written, maybe by another worker writing a group of lines (see SampleJournal)
        journal.append(line, () -> {
            evaluated.incrementAndGet();
            state.record(sample.index(), group(sample), counted);
            tracker.finished(counted.failed());
            checkErrorBudget(state);
        });
    }

    /** What a scorer made of a sample: its score, empty when it failed, and the journal's row of it. */
    private record Scored(Optional<ScoreResult> result, ScoreRow row) {
        static Scored of(ScorerRun s, ScorerInputSample input) {
            try {
                ScoreResult result = Objects.requireNonNull(s.scorer.score(input), "the scorer returned null");
                return new Scored(Optional.of(result), ScoreRow.of(result));
            } catch (RuntimeException e) {
                return new Scored(Optional.empty(), ScoreRow.failure(e));
            }
        }
    }

    /** Why a run that went through its dataset still failed, when it did. */
    private String failedAtTheEnd;

    /** The first error of a failed sample, quoted when every sample failed. */
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /**
     * A run whose every sample failed, or more than its error budget allows, is not completed, however few samples it
     * had: the check during the run waits for 10 samples, this one does not.
     */
    private void checkFinishedRun(RunState state) {
        long n = state.evaluations();
        long failed = state.failedEvaluations();
        if (n > 0 && failed == n) {
            failedAtTheEnd = "every one of its " + n + " samples failed"
                    + (firstError.get() == null ? "" : " (the first: " + firstError.get() + ")");
        } else if (options.maxErrorRate().isPresent()
                && failed > options.maxErrorRate().getAsDouble() * n) {
            failedAtTheEnd = String.format(
                    java.util.Locale.ROOT,
                    "%d of %d samples failed (%.1f%%), more than its error budget of %.1f%%",
                    failed,
                    n,
                    100.0 * failed / n,
                    100 * options.maxErrorRate().getAsDouble());
        }
        if (failedAtTheEnd != null) {
            stopped.compareAndSet(null, failedAtTheEnd);
        }
    }

    private void checkErrorBudget(RunState state) {
        if (options.maxErrorRate().isEmpty()) {
            return;
        }
        long n = state.evaluations();
        long failed = state.failedEvaluations();
        double budget = options.maxErrorRate().getAsDouble();
        if (n >= 10 && failed > budget * n) {
            stopped.compareAndSet(null, OVER_BUDGET);
        }
    }

    /** Why a run over its error budget stopped, with the counts it ends with (more failed while it stopped). */
    private String overBudgetReason(RunState state) {
        long n = state.evaluations();
        long failed = state.failedEvaluations();
        return String.format(
                        java.util.Locale.ROOT,
                        "error budget exceeded: %d of %d samples failed (%.1f%%), more than %.1f%%",
                        failed,
                        n,
                        100.0 * failed / n,
                        100 * options.maxErrorRate().orElse(0))
                + (abandoned > 0
                        ? "; " + abandoned + " still in flight after " + BUDGET_GRACE.toSeconds()
                                + " s were not waited for and run again on resume"
                        : "");
    }

    /**
     * The most workers worth starting: never more than the evaluations left to do, nor than
     * {@link #MAX_WORKERS}; a cap below what was asked for (above the default) is logged.
     */
    private int usableConcurrency(long left) {
        int asked = options.concurrency();
        int usable = asked;
        if (left >= 0 && left < usable) {
            usable = (int) Math.max(1, left);
        }
        if (usable > MAX_WORKERS) {
            usable = MAX_WORKERS;
        }
        if (usable == MAX_WORKERS && asked > MAX_WORKERS) {
            LOG.warn(
                    "Concurrency {} is more than a run starts workers for; running {} samples at once",
                    asked,
                    MAX_WORKERS);
        } else if (usable < asked && asked > RunOptions.DEFAULT_CONCURRENCY) {
            // harmless (a run never starts more workers than it has evaluations), so not on the console by default
            LOG.info("Concurrency {} is more than this run can use: it has {} evaluations to do", asked, left);
        }
        return usable;
    }

    /**
     * Counts the rows of a local file on a thread of its own, for the progress' total and to say when the
     * concurrency asked for is more than there are samples; the run does not wait for it. A byte scan
     * (see {@code RowCount}) where the format allows, else (a {@code data:} URL, inline rows) the rows are read.
     */
    private void countRows(RowSelection selection, int epochs, long finished, ProgressTracker tracker, int workers) {
        boolean wanted = options.progress() != ProgressListener.NONE || workers > RunOptions.DEFAULT_CONCURRENCY;
        boolean local = !(plan.dataset().source() instanceof DatasetSource.Uri uri)
                || Set.of("file", "data").contains(uri.scheme());
        if (!wanted || !local) {
            return;
        }
        Thread counter = new Thread(
                () -> {
                    OptionalLong fast = plan.rowCount().get();
                    long rows = fast.isPresent() ? fast.getAsLong() : readRows();
                    if (rows < 0) {
                        return;
                    }
                    long selected = selection.limit() > 0 ? Math.min(rows, selection.limit()) : rows;
                    tracker.total(selected * epochs);
                    long left = selected * epochs - finished;
                    if (left < workers && options.concurrency() > RunOptions.DEFAULT_CONCURRENCY) {
                        LOG.info(
                                "Concurrency {} is more than this run can use: it has {} evaluations to do",
                                options.concurrency(),
                                left);
                    }
                },
                "evals-count");
        counter.setDaemon(true);
        counter.start();
    }

    /** The rows the dataset holds, read one by one, or -1 when reading fails (the run reports why). */
    private long readRows() {
        long count = 0;
        try (RowReader reader = plan.opener().get()) {
            while (reader.next().isPresent()) {
                count++;
            }
            return count;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void checkColumns(Map<String, Object> row) {
        List<String> missing = missingColumns(row);
        if (missing.isEmpty()) {
            return;
        }
        List<String> needs = new ArrayList<>();
        for (String column : missing) {
            List<String> who = new ArrayList<>();
            if (plan.request().groupBy().filter(column::equals).isPresent()) {
                who.add("--group-by");
            } else if (plan.task().equals("scoring")) {
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

    /** The value of the run's group-by column in a row, as text ({@code ""} without a breakdown). */
    private String group(DatasetSample sample) {
        Optional<String> column = plan.request().groupBy();
        if (column.isEmpty()) {
            return "";
        }
        Object value = sample.row().get(column.get());
        return value == null ? "null" : dev.evals4j.api.JsonValues.text(value);
    }

    private List<String> missingColumns(Map<String, Object> row) {
        List<String> missing = List.of(); // a list is made only for a row that lacks a column
        for (String column : checkedColumns) {
            if (!row.containsKey(column)) {
                if (missing.isEmpty()) {
                    missing = new ArrayList<>();
                }
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

    /** The results file of the run as it ends, with {@code summaries} as the scores of a completed run. */
    private ResultsFile document(
            String status, RunState state, Map<String, ScorerSummary> summaries, ErrorRecord error) {
        EvalRequest request = plan.request();
        Map<String, ResultsFile.ScoreEntry> scores = ResultsFile.ScoreEntry.of(summaries);
        boolean completed = status.equals(ResultsFile.COMPLETED);
        if (ticker != null) {
            ticker.shutdownNow();
        }
        List<RunSegment> segments = segments(status);
        if (folder != null) {
            RunFiles.writeSegments(folder.path(), segments);
        }
        ResultsFile.CallStats generatorStats = null;
        ResultsFile.CallStats judgeStats = null;
        for (RunSegment s : segments) {
            generatorStats = ResultsFile.CallStats.sum(generatorStats, s.generatorStats());
            judgeStats = ResultsFile.CallStats.sum(judgeStats, s.judgeStats());
        }
        return new ResultsFile(
                EvalsVersion.get(),
                status,
                plan.task(),
                new ResultsFile.DatasetSummary(
                        plan.dataset().id(),
                        plan.dataset().source().toString(),
                        plan.dataset().renameColumns(),
                        request.limit() < 0 ? null : request.limit(),
                        request.sampleSeed().orElse(null)),
                plan.processor(),
                plan.generator(),
                plan.scorers().stream().map(s -> s.record).toList(),
                request.benchmark().orElse(null),
                request.epochs() > 1 ? new ResultsFile.Epochs(request.epochs(), request.epochReducer()) : null,
                options.concurrency(),
                generatorStats,
                judgeStats,
                request.metadata(),
                ResultsFile.Timings.of(segments),
                segments,
                new ResultsFile.Counts(state.samples(), state.failedEvaluations()),
                state.usage().map(UsageRecord::withTotal).orElse(null),
                state.judgeUsage().map(UsageRecord::withTotal).orElse(null),
                completed ? scores : null,
                completed ? null : scores,
                error);
    }
}
