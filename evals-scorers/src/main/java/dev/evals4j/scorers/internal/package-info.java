/**
 * Helpers shared by the built-in scorers: Python- and JavaScript-compatible text, number and regex handling,
 * JSON parsing and edit distance. Public only so that the scorer packages can share them; not an API, and
 * subject to change without notice.
 */
package dev.evals4j.scorers.internal;
