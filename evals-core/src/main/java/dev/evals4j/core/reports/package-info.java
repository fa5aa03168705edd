/**
 * Reports of a run folder: {@code report.html} (one self-contained page to browse and filter the samples),
 * {@code report.md} (a summary for CI comments) and {@code junit.xml} (one test case per sample, for CI tools).
 * {@link dev.evals4j.core.reports.RunReport} writes them.
 */
@NullMarked
package dev.evals4j.core.reports;

import org.jspecify.annotations.NullMarked;
