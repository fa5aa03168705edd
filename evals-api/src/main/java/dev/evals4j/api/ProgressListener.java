package dev.evals4j.api;

/**
 * Receives progress snapshots of runs and downloads. Called from worker threads, at most a few times per second
 * per task; implementations return quickly and are thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores every event. */
    ProgressListener NONE = p -> {};

    /** Called with a new snapshot. */
    void onProgress(Progress progress);
}
