/**
 * Dataset sources (local files, http(s) and {@code data:} URLs, inline rows), formats (CSV, JSON, JSONL), and the
 * datasets facade. Rows stream: memory does not grow with the file.
 */
package dev.evals4j.core.datasets;
