/** Processors: prompt templates with few-shot examples, and Llama Stack's dataset conventions. */
package dev.evals4j.core.processing;
