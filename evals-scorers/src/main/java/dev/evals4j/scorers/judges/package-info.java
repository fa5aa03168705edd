/**
 * LLM-as-judge scorers: {@code llm-as-judge::*} and autoevals' model-graded {@code braintrust::*} scorers, each
 * asking a judge model (any generator: its own model, base URL and key) and reading its verdict.
 *
 * <p>A judge never fails silently. An answer whose verdict cannot be read (empty, no choice, several choices,
 * malformed JSON without a readable choice) is <em>unscored</em> with the reason and the judge's text in
 * {@code judge_feedback}, counted as {@code num_unscored}; a judge call that still fails after the generator's
 * retries is an error of the scorer for that sample, counted as {@code num_errors}. Neither is a wrong answer,
 * and neither stops a run. The judge's tokens are reported in the score detail {@code judge_usage}.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
package dev.evals4j.scorers.judges;
