package dev.evals4j.core.reports;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.evals4j.api.EvalException;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page. The summary, the run's metadata and the charts are HTML and inline
 * SVG; the samples are embedded as JSON in a {@code <script type="application/json">} element and listed by an
 * inline script that creates rows only for what is on screen, so the page stays fast with 100,000s of samples. A
 * Content-Security-Policy forbids every request and every script but the page's own (by its hash).
 *
 * <p>The samples go to a temporary file as they come (the charts above them need every sample first), then the page
 * is written around it.
 */
final class HtmlReport implements AutoCloseable {
    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");

    private final Path dataFile;
    private final Writer dataOut;
    private final JsonGenerator json;
    private final List<String> scorerIds;

    HtmlReport(Path dataFile, List<String> scorerIds) throws IOException {
        this.dataFile = dataFile;
        this.scorerIds = new ArrayList<>(scorerIds);
        this.dataOut = Files.newBufferedWriter(dataFile, StandardCharsets.UTF_8);
        this.json = Html.ScriptSafeEscapes.on(RunFiles.mapper().getFactory().createGenerator(dataOut));
        json.writeStartArray();
    }

    /** Adds a sample to the page's data. */
    void add(SampleView v, List<Integer> errorKinds) throws IOException {
        json.writeStartArray();
        json.writeNumber(v.sample.index());
        if (v.sample.epoch() == null) {
            json.writeNull();
        } else {
            json.writeNumber(v.sample.epoch());
        }
        json.writeString(v.verdict.code);
        Object prompt = v.prompt();
        if (prompt instanceof List<?> messages) {
            json.writeStartArray();
            for (Object m : messages) {
                json.writeStartArray();
                for (Object part : (List<?>) m) {
                    json.writeString((String) part);
                }
                json.writeEndArray();
            }
            json.writeEndArray();
        } else {
            string((String) prompt);
        }
        string(v.generation());
        string(v.finishReason());
        string(v.answer());
        string(v.expected());
        json.writeStartArray();
        for (SampleView.Score s : v.scores) {
            int scorer = scorerIds.indexOf(s.scorerId());
            if (scorer < 0) {
                scorerIds.add(s.scorerId());
                scorer = scorerIds.size() - 1;
            }
            json.writeStartArray();
            json.writeNumber(scorer);
            json.writeString(s.outcome().code);
            string(s.score());
            string(s.note());
            string(s.feedback());
            string(s.details());
            json.writeEndArray();
        }
        json.writeEndArray();
        string(v.error());
        json.writeStartArray();
        for (int k : errorKinds) {
            json.writeNumber(k);
        }
        json.writeEndArray();
        json.writeEndArray();
    }

    private void string(String s) throws IOException {
        if (s == null) {
            json.writeNull();
        } else {
            json.writeString(s);
        }
    }

    /** Writes the page into {@code target}. */
    void write(Path target, Path runDir, ResultsFile results, Tally tally) throws IOException {
        json.writeEndArray();
        json.close();
        dataOut.close();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (Writer out = new BufferedWriter(
                    new java.io.OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16)) {
                String title = "evals4j report: " + results.dataset().id();
                out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
                out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
                out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" + sha256(JS) + "'\">\n");
                out.write("<meta name=\"generator\" content=\"evals4j " + Html.escape(results.evals4jVersion())
                        + "\">\n");
                out.write("<title>" + Html.escape(title) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
                header(out, runDir, results, tally);
                out.write("<main>\n");
                Summaries.htmlTable(out, results);
                counts(out, tally);
                charts(out, tally);
                samples(out);
                metadata(out, runDir, results);
                out.write("</main>\n");
                out.write("<script type=\"application/json\" id=\"report-data\">{\"scorers\":");
                out.write(scriptSafe(scorerIds));
                out.write(",\"errorKinds\":");
                out.write(scriptSafe(tally.errorKinds.values().stream()
                        .map(Tally.ErrorKind::label)
                        .toList()));
                out.write(",\"samples\":");
                try (Reader in = Files.newBufferedReader(dataFile, StandardCharsets.UTF_8)) {
                    in.transferTo(out);
                }
                out.write("}</script>\n<script>" + JS + "</script>\n</body>\n</html>\n");
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            json.close();
            dataOut.close();
        } finally {
            Files.deleteIfExists(dataFile);
        }
    }

    private static void header(Writer out, Path runDir, ResultsFile r, Tally tally) throws IOException {
        out.write(
                "<header>\n<h1>" + Html.escape("evals4j report: " + r.dataset().id()) + " <span class=\"status "
                        + Html.escape(r.status()) + "\">" + Html.escape(r.status()) + "</span></h1>\n");
        List<String> parts = new ArrayList<>();
        parts.add(r.task());
        if (r.generator() != null) {
            parts.add("model " + model(r.generator()));
        }
        parts.add(tally.samples + " samples");
        parts.add(String.format(Locale.ROOT, "%.1f s", r.timings().durationSeconds()));
        parts.add("run folder " + runDir.getFileName());
        out.write("<p>" + Html.escape(String.join(" · ", parts)) + "</p>\n</header>\n");
    }

    private static String model(PluginRecord generator) {
        Object model = generator.params().get("model");
        return (model == null ? "" : model + " ") + "(" + generator.id() + ")";
    }

    private static void counts(Writer out, Tally t) throws IOException {
        out.write("<p class=\"counts\" id=\"verdicts\">");
        out.write("<span>" + t.samples + " samples:</span>");
        out.write("<span class=\"chip p\">" + t.passed + " passed</span> ");
        out.write("<span class=\"chip f\">" + t.failed + " failed</span> ");
        out.write("<span class=\"chip e\">" + t.errors + " errors</span> ");
        out.write("<span class=\"chip s\">" + t.skipped + " unscored</span>");
        out.write(" <span class=\"note\">(as in junit.xml: a sample passes when every score is 1 or a passing"
                + " category)</span></p>\n");
    }

    private static void charts(Writer out, Tally t) throws IOException {
        out.write("<section id=\"charts\">\n<h2>Score distributions</h2>\n<div class=\"charts\">\n");
        for (Map.Entry<String, Tally.ScorerTally> e : t.scorers.entrySet()) {
            Tally.ScorerTally s = e.getValue();
            List<Charts.Bar> bars = Charts.bars(s);
            out.write("<figure><figcaption>" + Html.escape(e.getKey()) + "</figcaption>");
            out.write(Charts.svg("score distribution of " + e.getKey(), bars));
            out.write("<div class=\"note\">"
                    + Html.escape(s.numeric + " numeric, "
                            + s.categories.values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum() + " categorical, "
                            + s.unscored + " unscored, " + s.errors + " errors")
                    + "</div></figure>\n");
        }
        out.write("</div>\n</section>\n");
    }

    private static void samples(Writer out) throws IOException {
        out.write(
                """
                <section id="samples">
                <h2>Samples</h2>
                <noscript><p>The sample browser needs JavaScript; the summary and charts above do not.</p></noscript>
                <div class="filters">
                <input type="search" id="q" placeholder="Search prompts, answers, errors, feedback" aria-label="Search">
                <label>outcome of <select id="scorer" aria-label="Scorer"><option value="">any scorer (the sample)\
                </option></select></label>
                <select id="outcome" aria-label="Outcome"><option value="">any outcome</option>\
                <option value="p">passed</option><option value="f">failed</option>\
                <option value="u">unscored</option><option value="e">error</option></select>
                <select id="error" aria-label="Errors"><option value="">with or without errors</option>\
                <option value="any">with an error</option><option value="none">without errors</option></select>
                <span id="count" data-shown="0"></span>
                </div>
                <div class="browser">
                <div id="list" tabindex="-1"><div id="spacer"></div><div id="rows"></div></div>
                <div id="detail"><p class="empty">Select a sample.</p></div>
                </div>
                </section>
                """);
    }

    private static void metadata(Writer out, Path runDir, ResultsFile r) throws IOException {
        out.write("<section id=\"run\">\n<h2>Run</h2>\n<dl class=\"meta\">\n");
        for (String[] item : Summaries.metadata(runDir, r)) {
            out.write("<dt>" + Html.escape(item[0]) + "</dt><dd>" + Html.escape(item[1]) + "</dd>\n");
        }
        out.write("</dl>\n</section>\n");
    }

    private static String scriptSafe(Object value) {
        try (java.io.StringWriter s = new java.io.StringWriter();
                JsonGenerator g =
                        Html.ScriptSafeEscapes.on(RunFiles.mapper().getFactory().createGenerator(s))) {
            RunFiles.mapper().writeValue(g, value);
            return s.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new EvalException("the report's " + name + " is missing from evals-core's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
