package dev.evals4j.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A job's {@code job.json}: its status, its run folder, the process that owns it, and its progress; rewritten
 * whole as the job moves on.
 *
 * @param id the job id
 * @param status {@code scheduled}, {@code in_progress}, {@code completed}, {@code failed} or {@code cancelled}
 * @param createdAt when it was submitted, ISO-8601
 * @param outputDir the run folder, absolute
 * @param pid the process that runs it (or will)
 * @param processStartedAt when that process started, to tell it from a later process with a recycled pid
 * @param startedAt when the run started, else null
 * @param finishedAt when it ended, else null
 * @param error why it failed or stopped, else null
 * @param progress the last progress snapshot, else null
 */
public record JobFile(
        String id,
        String status,
        String createdAt,
        String outputDir,
        long pid,
        @Nullable String processStartedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String startedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String finishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable JobProgress progress) {
    public JobFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(outputDir, "outputDir");
    }

    /** The same job with another status. */
    public JobFile withStatus(String newStatus) {
        return new JobFile(
                id, newStatus, createdAt, outputDir, pid, processStartedAt, startedAt, finishedAt, error, progress);
    }

    /** The same job owned by another process. */
    public JobFile withOwner(long newPid, String newProcessStartedAt) {
        return new JobFile(
                id, status, createdAt, outputDir, newPid, newProcessStartedAt, startedAt, finishedAt, error, progress);
    }

    /** The same job, scheduled to run again: without the end and error of its earlier attempt. */
    public JobFile rescheduled() {
        return new JobFile(
                id, "scheduled", createdAt, outputDir, pid, processStartedAt, startedAt, null, null, progress);
    }

    /** The same job, started now: in progress, without the end and error of an earlier attempt. */
    public JobFile started(String at) {
        return new JobFile(id, "in_progress", createdAt, outputDir, pid, processStartedAt, at, null, null, progress);
    }

    /** The same job, ended with a status and, when it did not complete, why. */
    public JobFile finished(String newStatus, String at, String why) {
        return new JobFile(
                id,
                newStatus,
                createdAt,
                outputDir,
                pid,
                processStartedAt,
                startedAt,
                at,
                why != null ? why : error,
                progress);
    }

    /** The same job with this progress. */
    public JobFile withProgress(JobProgress p) {
        return new JobFile(id, status, createdAt, outputDir, pid, processStartedAt, startedAt, finishedAt, error, p);
    }

    /**
     * A job's progress.
     *
     * @param done (sample, epoch) evaluations finished
     * @param total all of them, or -1 when not known
     * @param errors those that failed
     * @param rate evaluations per second over the run
     * @param elapsedSeconds the run's time so far
     */
    public record JobProgress(long done, long total, long errors, double rate, double elapsedSeconds) {}
}
