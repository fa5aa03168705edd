package dev.evals4j.api;

import java.util.List;
import java.util.Optional;

/**
 * Background runs, after Llama Stack's planned jobs API: submit, get the status with progress, cancel, collect
 * the result, resume. Job state lives in a folder, so a new process sees the jobs of an earlier one; a job whose
 * process died while it ran is reported as failed, with the reason, and can be resumed.
 */
public interface JobsApi {

    /**
     * Submits a run: an eval task when the request has a generator, a scoring-only run otherwise. Configuration
     * errors (unknown ids, parameters) are thrown here, before the job is created.
     */
    Job submit(EvalRequest request, RunOptions options);

    /** The job with this id, read from its folder. */
    Optional<Job> get(String jobId);

    /** Every job, newest first. */
    List<Job> list();

    /**
     * Asks a job to stop; samples in flight finish and are kept. Works for jobs of other processes too.
     *
     * @throws ConfigurationException for an unknown id
     */
    Job cancel(String jobId);

    /**
     * Continues a failed or cancelled job from its journal, in the background.
     *
     * @throws ConfigurationException for an unknown id, or a job that is running or completed
     */
    Job resume(String jobId, RunOptions options);

    /**
     * The result of a completed job, read from its folder.
     *
     * @throws ConfigurationException for an unknown id, or a job that has not completed (the message says its status)
     */
    EvalResult result(String jobId);
}
