/**
 * The plugin interfaces of evals4j — {@link dev.evals4j.api.spi.BaseDataset}, {@link dev.evals4j.api.spi.BaseScorer},
 * {@link dev.evals4j.api.spi.BaseGeneratorProcessor}, {@link dev.evals4j.api.spi.BaseGenerator}, and the benchmark tasks that bundle them,
 * {@link dev.evals4j.api.spi.BaseTask} — and their parameters.
 *
 * <p>A plugin is a class with a public no-argument constructor, declared in
 * {@code META-INF/services/<interface name>}. The discovered instance is a definition and is never changed: its
 * {@code configure} method returns a new instance for the parameters of one use.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.evals4j.api.spi;

import org.jspecify.annotations.NullMarked;
