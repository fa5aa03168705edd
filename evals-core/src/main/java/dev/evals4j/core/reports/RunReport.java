package dev.evals4j.core.reports;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the reports of a run folder: {@code report.html}, {@code report.md} and {@code junit.xml}.
 *
 * <ul>
 *   <li>{@code report.html} — one self-contained file that works offline (inline CSS, script and SVG; its
 *       Content-Security-Policy forbids every request): the summary table, the run's metadata, each scorer's score
 *       distribution, and a list of the samples to browse and filter (by text, by a scorer's outcome, by error),
 *       drawn lazily so that it stays fast for 100,000s of samples. Sample text is data, never markup.
 *   <li>{@code report.md} — the summary table, the verdict counts and the kinds of error, for a CI comment.
 *   <li>{@code junit.xml} — a JUnit XML test suite, one test case per sample and epoch, under {@link #RULE}.
 * </ul>
 *
 * <p>Samples are read from {@code samples.jsonl} in dataset order (index, then epoch), each (index, epoch) once: its
 * last line, as a resume reads it. The journal is streamed: memory holds a few numbers per sample, not the lines.
 *
 * <p>Immutable and thread-safe.
 */
public final class RunReport {
    /** The HTML page's file name. */
    public static final String HTML = "report.html";
    /** The Markdown summary's file name. */
    public static final String MARKDOWN = "report.md";
    /** The JUnit XML file's name. */
    public static final String JUNIT = "junit.xml";

    /** The categories that pass unless others are given, compared ignoring case. */
    public static final Set<String> DEFAULT_PASSING_CATEGORIES = Set.of("CORRECT", "PASS", "PASSED", "YES", "TRUE");

    /** The pass/fail rule of a sample, as the reports state it. */
    public static final String RULE = "a sample passes when each of its scores is a number of at least 1 or a passing"
            + " category, fails when a score is below 1 or another category, is an error when it failed or a scorer"
            + " failed on it, and is skipped when it has only unscored scores";

    private final Set<String> passingCategories;

    private RunReport(Builder b) {
        this.passingCategories = b.passingCategories;
    }

    /** A report with the default passing categories. */
    public static RunReport create() {
        return builder().build();
    }

    /** A builder, with the default passing categories. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this report's settings. */
    public Builder toBuilder() {
        return new Builder().passingCategories(passingCategories);
    }

    /** The categorical scores that pass, in upper case. */
    public Set<String> passingCategories() {
        return passingCategories;
    }

    /**
     * Writes the three reports of the run in {@code runDir} into {@code outDir} (created when absent).
     *
     * @throws ConfigurationException when the folder holds no finished run
     * @throws EvalException when a file cannot be read or written
     */
    public Written write(Path runDir, Path outDir) {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(outDir, "outDir");
        ResultsFile results = RunFiles.readResults(runDir);
        List<String> scorerIds =
                results.scorers().stream().map(PluginRecord::id).distinct().toList();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new EvalException("cannot create the folder " + outDir + ": " + e.getMessage(), e);
        }
        Tally tally = new Tally(scorerIds);
        Path html = outDir.resolve(HTML);
        Path markdown = outDir.resolve(MARKDOWN);
        Path junit = outDir.resolve(JUNIT);
        try (HtmlReport page = new HtmlReport(outDir.resolve(HTML + ".data.tmp"), scorerIds);
                JunitReport cases = new JunitReport(
                        outDir.resolve(JUNIT + ".cases.tmp"), results.dataset().id())) {
            ReportSamples.forEach(runDir, sample -> {
                SampleView view = SampleView.of(sample, scorerIds, passingCategories);
                List<Integer> kinds = tally.add(view);
                try {
                    page.add(view, kinds);
                    cases.add(view);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            page.write(html, runDir, results, tally);
            cases.write(junit, runDir, results, tally);
            Files.writeString(markdown, MarkdownReport.render(results, tally), StandardCharsets.UTF_8);
            return new Written(
                    html, markdown, junit, tally.samples, tally.passed, tally.failed, tally.errors, tally.skipped);
        } catch (IOException | UncheckedIOException e) {
            throw new EvalException("cannot write the reports into " + outDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #write} wrote.
     *
     * @param html the page
     * @param markdown the Markdown summary
     * @param junit the JUnit XML file
     * @param samples the samples (test cases)
     * @param passed those that passed
     * @param failed those that failed
     * @param errors those that are errors
     * @param skipped those skipped (only unscored)
     */
    public record Written(
            Path html, Path markdown, Path junit, long samples, long passed, long failed, long errors, long skipped) {}

    /** Builds a {@link RunReport}. */
    public static final class Builder {
        private Set<String> passingCategories = DEFAULT_PASSING_CATEGORIES;

        private Builder() {}

        /** The categorical scores that pass (compared ignoring case); default {@link #DEFAULT_PASSING_CATEGORIES}. */
        public Builder passingCategories(Collection<String> categories) {
            this.passingCategories =
                    categories.stream().map(c -> c.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            return this;
        }

        /** The report. */
        public RunReport build() {
            return new RunReport(this);
        }
    }
}
