package dev.evals4j.core.jobs;

import dev.evals4j.api.Cancellation;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.Job;
import dev.evals4j.api.JobStatus;
import dev.evals4j.api.JobsApi;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.internal.JobStore;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.run.EvalRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jobs in a folder, run in the background on this service's threads: each job has {@code <root>/<id>/job.json}
 * (its state), {@code request.json} (what to run) and by default its run folder {@code run/}. A new process sees
 * the jobs of an earlier one; a job whose process died is reported as failed and can be resumed. A request with
 * plugin instances runs with them in this process; after a restart, such a job cannot be resumed from its folder.
 * Thread-safe.
 */
public final class JobService implements JobsApi, AutoCloseable {
    private final JobStore store;
    private final ExecutorService executor;
    private final Map<String, Cancellation> running = new ConcurrentHashMap<>();

    /**
     * A service keeping jobs under {@code root} and running at most {@code parallelJobs} of them at once in this
     * process.
     */
    public JobService(Path root, EvalRunner runner, int parallelJobs) {
        if (parallelJobs < 1) {
            throw new IllegalArgumentException("parallelJobs must be at least 1, was " + parallelJobs);
        }
        this.store = new JobStore(root, runner);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(parallelJobs, r -> {
            Thread t = new Thread(r, "evals-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The folder jobs are kept in. */
    public Path root() {
        return store.root();
    }

    @Override
    public Job submit(EvalRequest request, RunOptions options) {
        Objects.requireNonNull(options, "options");
        String id = store.create(request, ProcessHandle.current());
        schedule(id, Optional.of(request), options);
        return get(id).orElseThrow();
    }

    private void schedule(String id, Optional<EvalRequest> request, RunOptions options) {
        Cancellation cancellation = new Cancellation();
        running.put(id, cancellation);
        RunOptions own =
                new RunOptions(options.concurrency(), options.maxErrorRate(), options.progress(), cancellation);
        executor.execute(() -> {
            try {
                store.execute(id, request, own);
            } finally {
                running.remove(id);
            }
        });
    }

    @Override
    public Optional<Job> get(String jobId) {
        return store.get(jobId, running.containsKey(jobId));
    }

    @Override
    public List<Job> list() {
        return store.list(running::containsKey);
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
        } else if (job.status() == JobStatus.SCHEDULED && !store.ownerAlive(jobId)) {
            store.finish(jobId, JobStatus.CANCELLED, "cancelled before it started");
        } else {
            store.requestCancel(jobId);
        }
        return require(jobId);
    }

    @Override
    public Job resume(String jobId, RunOptions options) {
        store.prepareResume(jobId, ProcessHandle.current());
        schedule(jobId, Optional.empty(), options);
        return require(jobId);
    }

    @Override
    public EvalResult result(String jobId) {
        Job job = require(jobId);
        if (job.status() != JobStatus.COMPLETED) {
            throw new ConfigurationException(
                    "job " + jobId + " has no result: it is " + job.status().wireName()
                            + job.error().map(e -> " (" + e + ")").orElse(""));
        }
        return RunFiles.readResults(job.outputDir()).toEvalResult(job.outputDir());
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

    /**
     * Asks the jobs running in this process to stop (what they finished is kept; they can be resumed) and stops the
     * threads once they have.
     */
    @Override
    public void close() {
        running.values().forEach(c -> c.cancel("the evals4j instance was closed"));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private Job require(String jobId) {
        return store.require(jobId, running.containsKey(jobId));
    }
}
