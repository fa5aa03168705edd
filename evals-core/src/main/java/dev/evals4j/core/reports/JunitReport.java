package dev.evals4j.core.reports;

import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.ResultsFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code junit.xml}: the run as a JUnit XML test suite in the shape Surefire and Ant write and CI tools read — a
 * {@code testsuite} with {@code tests}, {@code failures}, {@code errors} and {@code skipped} counts, and one
 * {@code testcase} per sample (and epoch), named {@code sample 17} or {@code sample 17 epoch 1}, whose class name
 * is the dataset id. Verdicts ({@link SampleView.Verdict}): a failed sample or a scorer error is an {@code error}, a
 * score below 1 (or a category outside the passing ones) a {@code failure} with the expected and generated answers
 * and the scores, a sample with only unscored scores is {@code skipped}, any other passes.
 *
 * <p>Text is written escaped, without CDATA, so {@code ]]>} needs nothing; characters XML 1.0 cannot hold (control
 * characters, lone surrogates) are written as {@code \}{@code uXXXX}, so the file is always well-formed.
 */
final class JunitReport implements AutoCloseable {
    /** The longest message attribute; the element's text holds everything. */
    private static final int MESSAGE_LIMIT = 1_000;

    private final Path casesFile;
    private final Writer cases;
    private final String className;

    JunitReport(Path casesFile, String className) throws IOException {
        this.casesFile = casesFile;
        this.className = className;
        this.cases = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(casesFile), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Adds a sample's test case. */
    void add(SampleView v) throws IOException {
        String name = "sample " + v.sample.index() + (v.sample.epoch() == null ? "" : " epoch " + v.sample.epoch());
        cases.write("  <testcase name=\"" + attr(name) + "\" classname=\"" + attr(className) + "\" time=\"0\"");
        switch (v.verdict) {
            case PASSED -> cases.write("/>\n");
            case SKIPPED -> {
                List<String> reasons = new ArrayList<>();
                for (SampleView.Score s : v.scores) {
                    reasons.add(s.scorerId() + ": " + s.note());
                }
                String message = reasons.isEmpty() ? "no scores" : "unscored: " + String.join("; ", reasons);
                cases.write(">\n    <skipped message=\"" + attr(limit(message)) + "\"/>\n  </testcase>\n");
            }
            case FAILED -> {
                List<String> failed = new ArrayList<>();
                for (SampleView.Score s : v.scores) {
                    if (s.outcome() == SampleView.Outcome.FAILED) {
                        failed.add(s.scorerId() + " = " + s.score());
                    }
                }
                String message = "expected " + quote(v.expected()) + ", generated " + quote(v.answer()) + "; "
                        + String.join(", ", failed);
                cases.write(">\n    <failure message=\"" + attr(limit(message)) + "\" type=\""
                        + attr(v.scores.stream()
                                .filter(s -> s.outcome() == SampleView.Outcome.FAILED)
                                .findFirst()
                                .orElseThrow()
                                .scorerId())
                        + "\">" + text(body(v)) + "</failure>\n");
                systemOut(v);
                cases.write("  </testcase>\n");
            }
            case ERROR -> {
                String type;
                String message;
                if (v.sample.error() != null) {
                    type = v.sample.error().type();
                    message = v.error();
                } else {
                    SampleView.Score s = v.scores.stream()
                            .filter(x -> x.outcome() == SampleView.Outcome.ERROR)
                            .findFirst()
                            .orElseThrow();
                    type = s.errorType();
                    message = s.scorerId() + " failed: " + s.note();
                }
                cases.write(">\n    <error message=\"" + attr(limit(message)) + "\" type=\"" + attr(type) + "\">"
                        + text(body(v)) + "</error>\n");
                systemOut(v);
                cases.write("  </testcase>\n");
            }
        }
    }

    private void systemOut(SampleView v) throws IOException {
        StringBuilder s = new StringBuilder();
        if (v.promptText() != null) {
            s.append("prompt:\n").append(v.promptText()).append('\n');
        }
        if (v.generation() != null) {
            s.append("generation:\n").append(v.generation()).append('\n');
        }
        if (!s.isEmpty()) {
            cases.write("    <system-out>" + text(s.toString()) + "</system-out>\n");
        }
    }

    private static String body(SampleView v) {
        StringBuilder s = new StringBuilder();
        if (v.error() != null) {
            s.append("error: ").append(v.error()).append('\n');
        }
        s.append("expected: ").append(v.expected()).append('\n');
        s.append("generated: ").append(v.answer()).append('\n');
        for (SampleView.Score score : v.scores) {
            s.append(score.scorerId()).append(": ");
            switch (score.outcome()) {
                case PASSED, FAILED -> s.append(score.score())
                        .append(score.outcome() == SampleView.Outcome.PASSED ? " (passed)" : " (failed)");
                case UNSCORED -> s.append("unscored: ").append(score.note());
                case ERROR -> s.append("error: ").append(score.note());
            }
            s.append('\n');
            if (score.feedback() != null) {
                s.append("  judge feedback: ").append(score.feedback()).append('\n');
            }
        }
        return s.toString();
    }

    /** Writes {@code junit.xml} into {@code target}. */
    void write(Path target, Path runDir, ResultsFile results, Tally tally) throws IOException {
        cases.close();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (Writer out = new BufferedWriter(
                    new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16)) {
                out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                out.write("<testsuite name=\""
                        + attr("evals4j " + results.dataset().id()) + "\" tests=\""
                        + tally.samples + "\" failures=\"" + tally.failed + "\" errors=\"" + tally.errors
                        + "\" skipped=\"" + tally.skipped + "\" time=\""
                        + String.format(
                                Locale.ROOT,
                                "%.3f",
                                Math.max(0, results.timings().durationSeconds())) + "\">\n");
                out.write("  <properties>\n");
                property(out, "evals4j.version", results.evals4jVersion());
                property(out, "run.folder", runDir.toAbsolutePath().normalize().toString());
                property(out, "run.status", results.status());
                property(out, "dataset.id", results.dataset().id());
                property(out, "dataset.source", results.dataset().source());
                if (results.generator() != null) {
                    Object model = results.generator().params().get("model");
                    property(out, "model", model == null ? results.generator().id() : model.toString());
                }
                property(
                        out,
                        "scorers",
                        String.join(
                                ", ",
                                results.scorers().stream().map(PluginRecord::id).toList()));
                property(out, "verdict.rule", RunReport.RULE);
                out.write("  </properties>\n");
                try (Reader in = Files.newBufferedReader(casesFile, StandardCharsets.UTF_8)) {
                    in.transferTo(out);
                }
                out.write("</testsuite>\n");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void property(Writer out, String name, String value) throws IOException {
        out.write("    <property name=\"" + attr(name) + "\" value=\"" + attr(value) + "\"/>\n");
    }

    @Override
    public void close() throws IOException {
        try {
            cases.close();
        } finally {
            Files.deleteIfExists(casesFile);
        }
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    private static String limit(String s) {
        return s.length() <= MESSAGE_LIMIT ? s : s.substring(0, MESSAGE_LIMIT - 1) + "…";
    }

    /** Text for an attribute value in double quotes. */
    static String attr(String s) {
        return escape(s, true);
    }

    /** Text for element content. */
    static String text(String s) {
        return escape(s, false);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
                continue;
            }
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    boolean allowed = (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
                    if (allowed) {
                        out.append(c);
                    } else {
                        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    }
                }
            }
        }
        return out.toString();
    }
}
