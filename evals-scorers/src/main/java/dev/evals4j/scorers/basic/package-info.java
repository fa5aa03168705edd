/** Llama Stack's {@code basic::*} scorers, with its semantics. */
package dev.evals4j.scorers.basic;
