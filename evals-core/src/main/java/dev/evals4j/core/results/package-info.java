/**
 * The files a run writes, as Java records: {@code run.json} ({@link dev.evals4j.core.results.RunFile}),
 * {@code results.json} ({@link dev.evals4j.core.results.ResultsFile}), each line of {@code samples.jsonl}
 * ({@link dev.evals4j.core.results.SampleRecord}) and a job's {@code job.json}
 * ({@link dev.evals4j.core.results.JobFile}). Their JSON form is a stable format, described by the JSON Schemas in
 * {@code docs/schemas/}; {@link dev.evals4j.core.results.RunFiles} reads and writes them.
 *
 * <p>Components that a file may leave out are {@code @Nullable} and {@code null} when absent.
 */
@NullMarked
package dev.evals4j.core.results;

import org.jspecify.annotations.NullMarked;
