/**
 * Text helpers that scorers and processors share: Python-compatible regular expressions with a step budget (so a
 * pathological input cannot hang a run), Python's string operations, and the known names nearest to a
 * mistyped one ({@link dev.evals4j.core.text.Suggestions}).
 */
package dev.evals4j.core.text;
