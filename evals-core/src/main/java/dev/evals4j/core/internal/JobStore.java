package dev.evals4j.core.internal;

import dev.evals4j.api.Cancellation;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.Job;
import dev.evals4j.api.JobStatus;
import dev.evals4j.api.Progress;
import dev.evals4j.api.ProgressListener;
import dev.evals4j.api.RunCancelledException;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.EvalsVersion;
import dev.evals4j.core.results.JobFile;
import dev.evals4j.core.results.RequestRecord;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.run.EvalRunner;
import dev.evals4j.core.run.ResultsDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Jobs as files, and the operations on them that work across processes: each job has
 * {@code <root>/<id>/job.json} (its {@link JobFile}, rewritten atomically), {@code request.json} (the
 * {@link RunFile} of what to run), a {@code cancel} marker when another process asked it to stop, and by default its
 * run folder {@code run/}. Thread-safe.
 */
public final class JobStore {
    static final String REQUEST = "request.json";
    static final String CANCEL = "cancel";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final EvalRunner runner;

    /** The jobs under {@code root}, run with {@code runner}. */
    public JobStore(Path root, EvalRunner runner) {
        this.root = Objects.requireNonNull(root, "root");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** The folder jobs are kept in. */
    public Path root() {
        return root;
    }

    /**
     * Creates a scheduled job without running it, owned by {@code owner} (the process that will run it), and returns
     * its id; the request is checked first.
     */
    public String create(EvalRequest request, ProcessHandle owner) {
        DatasetDefinition dataset = runner.validate(request);
        String id = "job-" + STAMP.format(LocalDateTime.now()) + "-"
                + HexFormat.of().formatHex(randomBytes());
        Path dir = root.resolve(id);
        Path output = request.outputDir().orElse(dir.resolve("run")).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigurationException("cannot create the job folder " + dir + ": " + e.getMessage(), e);
        }
        String task = request.generator().isPresent() || request.processor().isPresent()
                ? RunFile.EVAL_TASK
                : RunFile.SCORING;
        RunFiles.writeAtomically(
                dir.resolve(REQUEST), new RunFile(EvalsVersion.get(), task, RequestRecord.of(request, dataset)));
        RunFiles.writeJob(
                dir.resolve(RunFiles.JOB),
                new JobFile(
                        id,
                        JobStatus.SCHEDULED.wireName(),
                        Instant.now().toString(),
                        output.toString(),
                        owner.pid(),
                        startOf(owner),
                        null,
                        null,
                        null,
                        null));
        return id;
    }

    /** Makes another process the owner of a job, before that process starts it. */
    public void transfer(String jobId, ProcessHandle owner) {
        update(jobId, s -> s.withOwner(owner.pid(), startOf(owner)));
    }

    /**
     * Marks a failed or cancelled job as scheduled again, owned by {@code owner}, which will run it.
     *
     * @throws ConfigurationException for an unknown id, or a job that cannot be resumed
     */
    public Job prepareResume(String jobId, ProcessHandle owner) {
        Job job = require(jobId, false);
        if (!job.resumable()) {
            throw new ConfigurationException(
                    "job " + jobId + " is " + job.status().wireName()
                            + (job.status() == JobStatus.COMPLETED
                                    ? "; there is nothing to resume"
                                    : "; it cannot be resumed now"));
        }
        // refused now, not reported as started and then failed by the process it hands the resume to
        ResultsDirectory.requireFree(job.outputDir());
        update(jobId, s -> s.rescheduled().withOwner(owner.pid(), startOf(owner)));
        return job;
    }

    /**
     * Runs a scheduled job in this thread and returns its final state; a {@code cancel} marker written by another
     * process stops it.
     */
    public Job runHere(String jobId, RunOptions options) {
        execute(jobId, Optional.empty(), options);
        return require(jobId, false);
    }

    /**
     * Runs a job in this thread with these options, recording its status as it goes: the given request (the one
     * submitted in this process, which may hold plugin instances), else the one in its folder. A {@code cancel}
     * marker stops it.
     */
    public void execute(String id, Optional<EvalRequest> submitted, RunOptions options) {
        Cancellation cancellation = options.cancellation();
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evals-job-watch-" + id);
            t.setDaemon(true);
            return t;
        });
        try {
            JobFile state = read(id);
            if (JobStatus.fromWire(state.status()) == JobStatus.CANCELLED) {
                return;
            }
            Path marker = root.resolve(id).resolve(CANCEL);
            watch.scheduleWithFixedDelay(
                    () -> {
                        if (Files.exists(marker)) {
                            cancellation.cancel("cancelled on request");
                        }
                    },
                    0,
                    500,
                    TimeUnit.MILLISECONDS);
            Path output = Path.of(state.outputDir());
            boolean resume = Files.isRegularFile(output.resolve(RunFiles.RUN));
            ProcessHandle self = ProcessHandle.current();
            update(id, s -> s.started(Instant.now().toString()).withOwner(self.pid(), startOf(self)));
            RunOptions run = new RunOptions(
                    options.concurrency(), options.maxErrorRate(), progressTo(id, options.progress()), cancellation);
            EvalRequest request = submitted
                    .map(r -> r.toBuilder().outputDir(output).build())
                    .orElseGet(() -> readRequest(id).request().toRequest(output));
            if (resume) {
                runner.resume(request, run);
            } else {
                runner.run(request, run);
            }
            finish(id, JobStatus.COMPLETED, null);
        } catch (RunCancelledException e) {
            finish(id, JobStatus.CANCELLED, e.getMessage());
        } catch (RuntimeException e) {
            finish(id, JobStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            watch.shutdownNow();
        }
    }

    private ProgressListener progressTo(String id, ProgressListener also) {
        long[] last = {0};
        return p -> {
            also.onProgress(p);
            long now = System.nanoTime();
            synchronized (last) {
                if (now - last[0] < 1_000_000_000L && (p.total() < 0 || p.done() < p.total())) {
                    return;
                }
                last[0] = now;
            }
            update(
                    id,
                    s -> s.withProgress(new JobFile.JobProgress(
                            p.done(),
                            p.total(),
                            p.errors(),
                            p.ratePerSecond(),
                            p.elapsed().toMillis() / 1000.0)));
        };
    }

    /** Records that a job ended, and removes its cancel marker. */
    public void finish(String id, JobStatus status, String error) {
        update(id, s -> s.finished(status.wireName(), Instant.now().toString(), error));
        try {
            Files.deleteIfExists(root.resolve(id).resolve(CANCEL));
        } catch (IOException ignored) {
            // the marker only matters while the job runs
        }
    }

    /** Asks the process that runs a job to stop it. */
    public void requestCancel(String jobId) {
        try {
            Files.writeString(root.resolve(jobId).resolve(CANCEL), Instant.now().toString());
        } catch (IOException e) {
            throw new EvalException("cannot ask job " + jobId + " to stop: " + e.getMessage(), e);
        }
    }

    /**
     * The job with this id; one whose owner died before it finished is reported as failed, unless it runs in this
     * process ({@code runningHere}).
     */
    public Optional<Job> get(String jobId, boolean runningHere) {
        if (!Files.isRegularFile(root.resolve(jobId).resolve(RunFiles.JOB))) {
            return Optional.empty();
        }
        return Optional.of(toJob(read(jobId), runningHere));
    }

    /** The job with this id; see {@link #get}. */
    public Job require(String jobId, boolean runningHere) {
        return get(jobId, runningHere)
                .orElseThrow(() -> new ConfigurationException("no job has the id '" + jobId + "' in " + root));
    }

    /** The ids of every job. */
    public List<String> ids() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(RunFiles.JOB)))
                    .map(d -> d.getFileName().toString())
                    .toList();
        } catch (IOException e) {
            throw new EvalException("cannot list the jobs in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Whether the process that owns a scheduled or running job is alive. */
    public boolean ownerAlive(String jobId) {
        return ownerAlive(read(jobId));
    }

    private Job toJob(JobFile s, boolean runningHere) {
        JobStatus status = JobStatus.fromWire(s.status());
        Optional<String> error = Optional.ofNullable(s.error());
        if (!status.isFinal() && !runningHere && !ownerAlive(s)) {
            error = Optional.of("the process that ran it (pid " + s.pid() + ") stopped before it finished;"
                    + " resume the job to continue");
            status = JobStatus.FAILED;
        }
        Optional<Progress> progress = Optional.ofNullable(s.progress())
                .map(p -> new Progress(
                        s.id(), "samples", p.done(), p.total(), p.errors(), p.rate(), Duration.ofMillis((long)
                                (p.elapsedSeconds() * 1000))));
        return new Job(
                s.id(),
                status,
                Instant.parse(s.createdAt()),
                Optional.ofNullable(s.startedAt()).map(Instant::parse),
                Optional.ofNullable(s.finishedAt()).map(Instant::parse),
                Path.of(s.outputDir()),
                progress,
                error,
                status == JobStatus.FAILED || status == JobStatus.CANCELLED);
    }

    private static String startOf(ProcessHandle owner) {
        return owner.info().startInstant().map(Instant::toString).orElse(null);
    }

    private static boolean ownerAlive(JobFile state) {
        Optional<ProcessHandle> handle = ProcessHandle.of(state.pid());
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        String started = state.processStartedAt();
        // a recycled pid belongs to a process that started at another time
        return started == null
                || handle.get()
                        .info()
                        .startInstant()
                        .map(i -> i.toString().equals(started))
                        .orElse(true);
    }

    private RunFile readRequest(String jobId) {
        Path file = root.resolve(jobId).resolve(REQUEST);
        try {
            return RunFiles.mapper().readValue(file.toFile(), RunFile.class);
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private JobFile read(String jobId) {
        return RunFiles.readJob(root.resolve(jobId).resolve(RunFiles.JOB));
    }

    /** Changes a job's state; within this process, one change at a time. */
    public synchronized void update(String jobId, UnaryOperator<JobFile> change) {
        RunFiles.writeJob(root.resolve(jobId).resolve(RunFiles.JOB), change.apply(read(jobId)));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Every job, newest first. */
    public List<Job> list(java.util.function.Predicate<String> runningHere) {
        List<Job> jobs = new ArrayList<>();
        for (String id : ids()) {
            get(id, runningHere.test(id)).ifPresent(jobs::add);
        }
        jobs.sort(java.util.Comparator.comparing(Job::createdAt).reversed().thenComparing(Job::id));
        return jobs;
    }
}
