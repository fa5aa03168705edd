/**
 * Evals inside tests: AssertJ assertions on a run's results that show the failing samples when they fail, paired
 * comparisons of two runs, and a JUnit 5 extension that keeps each test's results under {@code target/evals}.
 */
@NullMarked
package dev.evals4j.junit;

import org.jspecify.annotations.NullMarked;
