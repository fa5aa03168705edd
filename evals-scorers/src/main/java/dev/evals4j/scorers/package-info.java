/**
 * The built-in scorers of evals4j, found through {@link java.util.ServiceLoader} by their ids.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
package dev.evals4j.scorers;
