/**
 * The plugin contract kits: abstract JUnit 5 tests that a plugin's own test extends to check the rules every plugin
 * of its kind follows — {@link dev.evals4j.junit.kit.ScorerContractTest} for scorers,
 * {@link dev.evals4j.junit.kit.GeneratorContractTest} for generators,
 * {@link dev.evals4j.junit.kit.ProcessorContractTest} for generator processors and
 * {@link dev.evals4j.junit.kit.DatasetContractTest} for dataset plugins, configured with a
 * {@link dev.evals4j.junit.kit.KitContext} unless the test gives another context. A case the kit cannot run
 * for a plugin is reported as skipped, with the reason and what to override, never as passed.
 */
@NullMarked
package dev.evals4j.junit.kit;

import org.jspecify.annotations.NullMarked;
