package dev.evals4j.api;

/**
 * The evals facade, after Llama Stack's eval and scoring endpoints: run a full eval task (preprocess, generate,
 * postprocess, score) or run scorers only over rows that already hold {@code generated_answer} and
 * {@code expected_answer}.
 */
public interface EvalsApi {

    /**
     * Scores the dataset's rows with the request's scorers, writing {@code results.json} and
     * {@code samples.jsonl}.
     *
     * @throws ConfigurationException for an unknown scorer, parameter or aggregation
     * @throws DatasetLoadException when the dataset cannot be read, is empty, or lacks a required column
     */
    EvalResult runScoring(EvalRequest request);

    /**
     * Runs the request's processor and generator on each row, then scores the answers.
     *
     * @throws ConfigurationException when the request has no processor or generator, or names an unknown one
     * @throws DatasetLoadException when the dataset cannot be read, is empty, or lacks a required column
     */
    EvalResult runEvalTask(EvalRequest request);
}
