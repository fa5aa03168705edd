/**
 * Text helpers that scorers and processors share: Python-compatible regular expressions with a step budget (so a
 * pathological input cannot hang a run), and Python's string operations.
 */
package dev.evals4j.core.text;
