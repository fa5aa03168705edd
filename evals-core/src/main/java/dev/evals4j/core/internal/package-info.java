/**
 * Code that is public only because evals4j's own modules share it: the plugin contexts, the run files' reader and
 * writer, the journal. Not part of the API; it changes without notice.
 */
package dev.evals4j.core.internal;
