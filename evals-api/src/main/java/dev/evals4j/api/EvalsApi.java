package dev.evals4j.api;

import java.nio.file.Path;

/**
 * The evals facade, after Llama Stack's eval and scoring endpoints: run a full eval task (preprocess, generate,
 * postprocess, score) or run scorers only over rows that already hold {@code generated_answer} and
 * {@code expected_answer}; resume a run that was interrupted.
 */
public interface EvalsApi {

    /**
     * Scores the dataset's rows with the request's scorers, writing {@code results.json} and
     * {@code samples.jsonl}.
     *
     * @throws ConfigurationException for an unknown scorer, parameter or aggregation
     * @throws DatasetLoadException when the dataset cannot be read, is empty, or lacks a required column
     */
    default EvalResult runScoring(EvalRequest request) {
        return runScoring(request, RunOptions.defaults());
    }

    /** Scores the dataset's rows with these run options; see {@link #runScoring(EvalRequest)}. */
    EvalResult runScoring(EvalRequest request, RunOptions options);

    /**
     * Runs the request's processor and generator on each row, then scores the answers.
     *
     * @throws ConfigurationException when the request has no processor or generator, or names an unknown one
     * @throws DatasetLoadException when the dataset cannot be read, is empty, or lacks a required column
     * @throws RunCancelledException when the run was cancelled; what it finished is kept
     */
    default EvalResult runEvalTask(EvalRequest request) {
        return runEvalTask(request, RunOptions.defaults());
    }

    /** Runs an eval task with these run options; see {@link #runEvalTask(EvalRequest)}. */
    EvalResult runEvalTask(EvalRequest request, RunOptions options);

    /**
     * Continues the run in {@code runDir} from its journal: samples that finished are not processed again, those
     * that failed are tried again, and the results are those of an uninterrupted run.
     *
     * @throws ConfigurationException when the folder holds no run
     */
    EvalResult resume(Path runDir, RunOptions options);

    /**
     * Continues the run in the request's output folder with this request, which must describe the same run as the
     * one that started it (the same dataset, plugins and epochs): the way to resume a run whose plugins were passed
     * as instances, which its folder alone cannot bring back.
     *
     * @throws ConfigurationException when the request has no output folder, the folder holds no run, or the
     *     request describes another run
     */
    EvalResult resume(EvalRequest request, RunOptions options);
}
