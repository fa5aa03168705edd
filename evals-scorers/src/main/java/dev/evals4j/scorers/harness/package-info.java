/** Scorers as lm-evaluation-harness users know them: exact match with its options, after filter pipelines. */
package dev.evals4j.scorers.harness;
