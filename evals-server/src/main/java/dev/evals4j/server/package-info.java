/**
 * Llama Stack's eval REST surface served by an evals4j instance: {@link dev.evals4j.server.EvalsServer}.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
@NullMarked
package dev.evals4j.server;

import org.jspecify.annotations.NullMarked;
