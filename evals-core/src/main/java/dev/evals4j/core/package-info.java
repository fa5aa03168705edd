/**
 * The entry point of evals4j, {@link dev.evals4j.core.Evals}: plugins, datasets and runs in one object.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
@NullMarked
package dev.evals4j.core;

import org.jspecify.annotations.NullMarked;
