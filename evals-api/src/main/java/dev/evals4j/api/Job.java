package dev.evals4j.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A run in the background: its id, status, times, the folder its results go to, its last progress, the error when
 * it failed, and whether it can be resumed (a failed or cancelled job whose journal is kept).
 */
public record Job(
        String id,
        JobStatus status,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Path outputDir,
        Optional<Progress> progress,
        Optional<String> error,
        boolean resumable) {
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(error, "error");
    }
}
