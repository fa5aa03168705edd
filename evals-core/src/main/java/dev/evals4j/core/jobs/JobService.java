package dev.evals4j.core.jobs;

import dev.evals4j.api.Cancellation;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.Job;
import dev.evals4j.api.JobStatus;
import dev.evals4j.api.JobsApi;
import dev.evals4j.api.Progress;
import dev.evals4j.api.ProgressListener;
import dev.evals4j.api.RunCancelledException;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.json.Json;
import dev.evals4j.core.run.EvalResults;
import dev.evals4j.core.run.EvalRunner;
import dev.evals4j.core.run.RequestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Jobs in a folder: each job has {@code <root>/<id>/job.json} (its state, rewritten atomically), {@code request.json}
 * (what to run), a {@code cancel} marker when another process asked it to stop, and by default its run folder
 * {@code run/}. Jobs submitted here run on this service's threads; a job whose process died is reported as failed
 * and can be resumed. Thread-safe.
 */
public final class JobService implements JobsApi, AutoCloseable {
    static final String JOB = "job.json";
    static final String REQUEST = "request.json";
    static final String CANCEL = "cancel";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final EvalRunner runner;
    private final ExecutorService executor;
    private final ScheduledExecutorService watcher;
    private final Map<String, Cancellation> running = new ConcurrentHashMap<>();

    /**
     * A service keeping jobs under {@code root} and running at most {@code parallelJobs} of them at once in this
     * process.
     */
    public JobService(Path root, EvalRunner runner, int parallelJobs) {
        if (parallelJobs < 1) {
            throw new IllegalArgumentException("parallelJobs must be at least 1, was " + parallelJobs);
        }
        this.root = Objects.requireNonNull(root, "root");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.executor = Executors.newFixedThreadPool(parallelJobs, daemon("evals-job"));
        this.watcher = Executors.newSingleThreadScheduledExecutor(daemon("evals-job-watch"));
        watcher.scheduleWithFixedDelay(this::pollCancelMarkers, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** The folder jobs are kept in. */
    public Path root() {
        return root;
    }

    @Override
    public Job submit(EvalRequest request, RunOptions options) {
        String id = create(request, ProcessHandle.current());
        schedule(id, options, false);
        return get(id).orElseThrow();
    }

    /**
     * Creates a scheduled job without running it, owned by {@code owner} (the process that will run it), and returns
     * its id; {@link #runHere} runs it. Used to run a job in another process.
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
        Map<String, Object> requestJson = new LinkedHashMap<>();
        requestJson.put("request", RequestJson.write(request, dataset));
        Json.writeAtomically(dir.resolve(REQUEST), requestJson);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("status", JobStatus.SCHEDULED.wireName());
        state.put("created_at", Instant.now().toString());
        state.put("output_dir", output.toString());
        setOwner(state, owner);
        Json.writeAtomically(dir.resolve(JOB), state);
        return id;
    }

    /** Makes another process the owner of a job, before that process starts it. */
    public void transfer(String jobId, ProcessHandle owner) {
        update(jobId, state -> setOwner(state, owner));
    }

    /** Runs a scheduled job in this thread, as {@link #submit} would in the background, and returns its final state. */
    public Job runHere(String jobId, RunOptions options) {
        Map<String, Object> state = readState(jobId);
        boolean resume =
                Files.isRegularFile(Path.of((String) state.get("output_dir")).resolve("run.json"));
        execute(jobId, options, resume);
        return get(jobId).orElseThrow();
    }

    private void schedule(String id, RunOptions options, boolean resume) {
        Cancellation cancellation = new Cancellation();
        running.put(id, cancellation);
        executor.execute(() -> execute(id, withCancellation(options, cancellation), resume));
    }

    private static RunOptions withCancellation(RunOptions options, Cancellation cancellation) {
        return new RunOptions(options.concurrency(), options.maxErrorRate(), options.progress(), cancellation);
    }

    private void execute(String id, RunOptions options, boolean resume) {
        Cancellation cancellation = options.cancellation();
        running.put(id, cancellation);
        try {
            Map<String, Object> state = readState(id);
            if (JobStatus.fromWire((String) state.get("status")) == JobStatus.CANCELLED) {
                return;
            }
            Path output = Path.of((String) state.get("output_dir"));
            update(id, s -> {
                s.put("status", JobStatus.IN_PROGRESS.wireName());
                s.put("started_at", Instant.now().toString());
                s.remove("error");
                s.remove("finished_at");
                setOwner(s, ProcessHandle.current());
            });
            ProgressListener toJob = jobProgress(id, options.progress());
            RunOptions run = new RunOptions(options.concurrency(), options.maxErrorRate(), toJob, cancellation);
            if (resume) {
                runner.resume(output, run);
            } else {
                runner.run(RequestJson.read(readRequest(id), output), run);
            }
            finish(id, JobStatus.COMPLETED, null);
        } catch (RunCancelledException e) {
            finish(id, JobStatus.CANCELLED, e.getMessage());
        } catch (RuntimeException e) {
            finish(id, JobStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            running.remove(id);
        }
    }

    private ProgressListener jobProgress(String id, ProgressListener also) {
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
            update(id, s -> s.put("progress", progressJson(p)));
        };
    }

    private void finish(String id, JobStatus status, String error) {
        update(id, s -> {
            s.put("status", status.wireName());
            s.put("finished_at", Instant.now().toString());
            if (error != null) {
                s.put("error", error);
            }
        });
        try {
            Files.deleteIfExists(root.resolve(id).resolve(CANCEL));
        } catch (IOException ignored) {
            // the marker only matters while the job runs
        }
    }

    @Override
    public Optional<Job> get(String jobId) {
        Path file = root.resolve(jobId).resolve(JOB);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(toJob(readState(jobId)));
    }

    @Override
    public List<Job> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Job> jobs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir :
                    dirs.filter(d -> Files.isRegularFile(d.resolve(JOB))).toList()) {
                get(dir.getFileName().toString()).ifPresent(jobs::add);
            }
        } catch (IOException e) {
            throw new EvalException("cannot list the jobs in " + root + ": " + e.getMessage(), e);
        }
        jobs.sort(Comparator.comparing(Job::createdAt).reversed().thenComparing(Job::id));
        return jobs;
    }

    @Override
    public Job cancel(String jobId) {
        Job job = require(jobId);
        if (job.status().isFinal()) {
            return job;
        }
        Cancellation local = running.get(jobId);
        if (local != null) {
            local.cancel("cancelled on request");
        } else if (job.status() == JobStatus.SCHEDULED && !ownerAlive(readState(jobId))) {
            finish(jobId, JobStatus.CANCELLED, "cancelled before it started");
        } else {
            try {
                Files.writeString(
                        root.resolve(jobId).resolve(CANCEL), Instant.now().toString());
            } catch (IOException e) {
                throw new EvalException("cannot ask job " + jobId + " to stop: " + e.getMessage(), e);
            }
        }
        return require(jobId);
    }

    @Override
    public Job resume(String jobId, RunOptions options) {
        Job job = require(jobId);
        if (!job.resumable()) {
            throw new ConfigurationException(
                    "job " + jobId + " is " + job.status().wireName()
                            + (job.status() == JobStatus.COMPLETED
                                    ? "; there is nothing to resume"
                                    : "; it cannot be resumed now"));
        }
        update(jobId, s -> {
            s.put("status", JobStatus.SCHEDULED.wireName());
            setOwner(s, ProcessHandle.current());
        });
        schedule(jobId, options, Files.isRegularFile(job.outputDir().resolve("run.json")));
        return require(jobId);
    }

    /**
     * Marks a failed or cancelled job as scheduled again, owned by another process that will run it with
     * {@link #runHere}.
     */
    public void prepareResume(String jobId, ProcessHandle owner) {
        Job job = require(jobId);
        if (!job.resumable()) {
            throw new ConfigurationException(
                    "job " + jobId + " is " + job.status().wireName() + "; it cannot be resumed");
        }
        update(jobId, s -> {
            s.put("status", JobStatus.SCHEDULED.wireName());
            setOwner(s, owner);
        });
    }

    @Override
    public EvalResult result(String jobId) {
        Job job = require(jobId);
        if (job.status() != JobStatus.COMPLETED) {
            throw new ConfigurationException(
                    "job " + jobId + " has no result: it is " + job.status().wireName()
                            + job.error().map(e -> " (" + e + ")").orElse(""));
        }
        return EvalResults.read(job.outputDir());
    }

    /** Waits until the jobs running in this process have finished, for at most {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        executor.shutdownNow();
    }

    private void pollCancelMarkers() {
        for (Map.Entry<String, Cancellation> e : running.entrySet()) {
            if (Files.exists(root.resolve(e.getKey()).resolve(CANCEL))) {
                e.getValue().cancel("cancelled on request");
            }
        }
    }

    private Job require(String jobId) {
        return get(jobId).orElseThrow(() -> new ConfigurationException("no job has the id '" + jobId + "' in " + root));
    }

    @SuppressWarnings("unchecked")
    private Job toJob(Map<String, Object> s) {
        JobStatus status = JobStatus.fromWire((String) s.get("status"));
        Optional<String> error = Optional.ofNullable((String) s.get("error"));
        if (!status.isFinal() && !running.containsKey((String) s.get("id")) && !ownerAlive(s)) {
            error = Optional.of("the process that ran it (pid " + s.get("pid") + ") stopped before it finished;"
                    + " resume the job to continue");
            status = JobStatus.FAILED;
        }
        Optional<Progress> progress = Optional.ofNullable((Map<String, Object>) s.get("progress"))
                .map(p -> new Progress(
                        (String) s.get("id"),
                        "samples",
                        num(p.get("done")),
                        num(p.get("total")),
                        num(p.get("errors")),
                        ((Number) p.get("rate")).doubleValue(),
                        Duration.ofMillis((long) (((Number) p.get("elapsed_seconds")).doubleValue() * 1000))));
        Path output = Path.of((String) s.get("output_dir"));
        boolean resumable = (status == JobStatus.FAILED || status == JobStatus.CANCELLED);
        return new Job(
                (String) s.get("id"),
                status,
                Instant.parse((String) s.get("created_at")),
                Optional.ofNullable((String) s.get("started_at")).map(Instant::parse),
                Optional.ofNullable((String) s.get("finished_at")).map(Instant::parse),
                output,
                progress,
                error,
                resumable);
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }

    private static Map<String, Object> progressJson(Progress p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("done", p.done());
        out.put("total", p.total());
        out.put("errors", p.errors());
        out.put("rate", p.ratePerSecond());
        out.put("elapsed_seconds", p.elapsed().toMillis() / 1000.0);
        return out;
    }

    private static void setOwner(Map<String, Object> state, ProcessHandle owner) {
        state.put("pid", owner.pid());
        state.put(
                "process_started_at",
                owner.info().startInstant().map(Instant::toString).orElse(null));
    }

    private static boolean ownerAlive(Map<String, Object> state) {
        if (!(state.get("pid") instanceof Number pid)) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.longValue());
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Object started = state.get("process_started_at");
        // a recycled pid belongs to a process that started at another time
        return started == null
                || handle.get()
                        .info()
                        .startInstant()
                        .map(i -> i.toString().equals(started))
                        .orElse(true);
    }

    private Map<String, Object> readRequest(String jobId) {
        Path file = root.resolve(jobId).resolve(REQUEST);
        try {
            Map<String, Object> doc = Json.MAPPER.readValue(file.toFile(), Json.MAP);
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) doc.get("request");
            return request;
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> readState(String jobId) {
        Path file = root.resolve(jobId).resolve(JOB);
        try {
            return new LinkedHashMap<>(Json.MAPPER.readValue(file.toFile(), Json.MAP));
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private synchronized void update(String jobId, java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> state = readState(jobId);
        change.accept(state);
        Json.writeAtomically(root.resolve(jobId).resolve(JOB), state);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return b;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
