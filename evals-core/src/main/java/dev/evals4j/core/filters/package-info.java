/**
 * Filters that turn a model's raw responses into the answer a scorer compares, as lm-evaluation-harness's filter
 * pipelines do: regex extraction, take-first, case and whitespace steps, mapping, majority vote; chained in order.
 */
package dev.evals4j.core.filters;
