/**
 * Benchmark tasks of an instance: their plans, and the eval requests that run a task against a model or re-score a
 * file of logged outputs with it.
 */
@NullMarked
package dev.evals4j.core.tasks;

import org.jspecify.annotations.NullMarked;
