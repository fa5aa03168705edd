/**
 * Aggregation functions with Llama Stack's semantics and output shape, plus standard errors and 95% intervals.
 */
package dev.evals4j.core.scoring;
