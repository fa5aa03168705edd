/**
 * The workings of evals-hf: the Hub's answers as records, how the files of a split are chosen, and the cache's
 * layout. Public only so that {@code dev.evals4j.hf} can use them; not an API, and may change in any release.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
package dev.evals4j.hf.internal;
