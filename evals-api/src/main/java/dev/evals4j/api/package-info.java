/**
 * The public API of evals4j: the values that flow through an eval (rows, requests, generations, scores),
 * the facades for datasets and eval runs, and the exceptions.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify); absent values are {@link java.util.Optional}.
 */
@NullMarked
package dev.evals4j.api;

import org.jspecify.annotations.NullMarked;
