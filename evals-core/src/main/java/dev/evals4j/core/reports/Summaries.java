package dev.evals4j.core.reports;

import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.ResultsFile.CallStats;
import dev.evals4j.core.results.UsageRecord;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the HTML page and the Markdown summary both show: the table of each scorer's aggregates from
 * {@code results.json}, and the run's metadata as labelled values.
 */
final class Summaries {
    private Summaries() {}

    /**
     * One row of the summary table.
     *
     * @param scorer the scorer
     * @param metric the aggregation, such as {@code accuracy}
     * @param value its headline value as text
     * @param interval its 95% interval as text, or empty
     * @param rows the rows the scorer saw
     * @param errors the rows it failed on
     * @param unscored the rows it could not judge
     */
    record Row(String scorer, String metric, String value, String interval, long rows, long errors, long unscored) {}

    /** The summary rows: each scorer's aggregations, from the completed run's scores or the scores so far. */
    static List<Row> rows(ResultsFile r) {
        Map<String, ResultsFile.ScoreEntry> scores = r.scores() != null ? r.scores() : r.scoresSoFar();
        List<Row> rows = new ArrayList<>();
        if (scores == null) {
            return rows;
        }
        scores.forEach((scorer, entry) -> entry.aggregatedResults().forEach((name, result) -> {
            Map<?, ?> values = result instanceof Map<?, ?> m ? m : Map.of();
            String value = values.get("error") != null ? "n/a: " + values.get("error") : value(values.get(name));
            rows.add(new Row(
                    scorer,
                    name,
                    value,
                    interval(values.get("ci95")),
                    entry.numRows(),
                    entry.numErrors(),
                    entry.numUnscored()));
        }));
        return rows;
    }

    /** Whether the scores are those of a run that did not complete. */
    static boolean partial(ResultsFile r) {
        return r.scores() == null;
    }

    static void htmlTable(Writer out, ResultsFile r) throws IOException {
        out.write("<section id=\"summary\">\n<h2>Summary" + (partial(r) ? " (scores so far)" : "") + "</h2>\n");
        List<Row> rows = rows(r);
        if (rows.isEmpty()) {
            out.write("<p>No scores.</p>\n</section>\n");
            return;
        }
        out.write("<table class=\"summary\"><thead><tr><th>scorer</th><th>metric</th><th>value</th>"
                + "<th>95% interval</th><th>rows</th><th>errors</th><th>unscored</th></tr></thead><tbody>\n");
        for (Row row : rows) {
            out.write("<tr><td>" + Html.escape(row.scorer()) + "</td><td>" + Html.escape(row.metric())
                    + "</td><td class=\"num\">" + Html.escape(row.value()) + "</td><td class=\"num\">"
                    + Html.escape(row.interval()) + "</td><td class=\"num\">" + row.rows() + "</td><td class=\"num\">"
                    + row.errors() + "</td><td class=\"num\">" + row.unscored() + "</td></tr>\n");
        }
        out.write("</tbody></table>\n</section>\n");
    }

    /** The run's metadata as (label, value) pairs. */
    static List<String[]> metadata(Path runDir, ResultsFile r) {
        List<String[]> items = new ArrayList<>();
        items.add(
                new String[] {"run folder", runDir.toAbsolutePath().normalize().toString()});
        items.add(new String[] {
            "status", r.status() + (r.error() == null ? "" : ": " + r.error().message())
        });
        items.add(new String[] {"task", r.task()});
        ResultsFile.DatasetSummary d = r.dataset();
        String dataset = d.id() + " (" + d.source() + ")";
        if (!d.renameColumns().isEmpty()) {
            dataset += ", columns renamed " + d.renameColumns();
        }
        if (d.limit() != null) {
            dataset += ", limit " + d.limit();
        }
        if (d.sampleSeed() != null) {
            dataset += ", sample seed " + d.sampleSeed();
        }
        items.add(new String[] {"dataset", dataset});
        if (r.generator() != null) {
            items.add(new String[] {"model", plugin(r.generator())});
        }
        if (r.processor() != null) {
            items.add(new String[] {"processor", plugin(r.processor())});
        }
        for (PluginRecord s : r.scorers()) {
            items.add(new String[] {"scorer", plugin(s)});
        }
        if (r.epochs() != null) {
            items.add(new String[] {
                "epochs", r.epochs().count() + ", reduced by " + r.epochs().reducer()
            });
        }
        items.add(new String[] {"concurrency", Integer.toString(r.concurrency())});
        items.add(new String[] {
            "timings",
            r.timings().startedAt() + " to " + r.timings().finishedAt()
                    + String.format(
                            Locale.ROOT, " (%.1f s of work)", r.timings().durationSeconds())
        });
        if (r.segments().size() > 1) {
            items.add(new String[] {"processes", r.segments().size() + " (the run was resumed)"});
        }
        items.add(new String[] {
            "counts", r.counts().samples() + " samples, " + r.counts().errors() + " failed evaluations"
        });
        if (r.usage() != null) {
            items.add(new String[] {"tokens", usage(r.usage())});
        }
        if (r.judgeUsage() != null) {
            items.add(new String[] {"judge tokens", usage(r.judgeUsage())});
        }
        if (r.generatorStats() != null) {
            items.add(new String[] {"generator_stats", stats(r.generatorStats())});
        }
        if (r.judgeStats() != null) {
            items.add(new String[] {"judge_stats", stats(r.judgeStats())});
        }
        if (!r.metadata().isEmpty()) {
            items.add(new String[] {"metadata", SampleView.json(r.metadata())});
        }
        items.add(new String[] {"evals4j", r.evals4jVersion()});
        return items;
    }

    private static String plugin(PluginRecord p) {
        StringBuilder s = new StringBuilder();
        Object model = p.params().get("model");
        if (model != null) {
            s.append(model).append(" via ");
        }
        s.append(p.id());
        if (p.className() != null) {
            s.append(" (class ").append(p.className()).append(')');
        }
        if (!p.params().isEmpty()) {
            s.append(' ').append(SampleView.json(p.params()));
        }
        if (p.aggregations() != null && !p.aggregations().isEmpty()) {
            s.append(", aggregations ").append(String.join(", ", p.aggregations()));
        }
        return s.toString();
    }

    private static String usage(UsageRecord u) {
        return u.promptTokens() + " prompt, " + u.completionTokens() + " completion";
    }

    static String stats(CallStats s) {
        String text = String.format(
                Locale.ROOT,
                "%d calls, %d attempts, %d retries, %d throttled, %d failed, %.1f s waiting for the rate limit",
                s.calls(),
                s.attempts(),
                s.retries(),
                s.throttled(),
                s.failed(),
                s.rateLimitWaitSeconds());
        if (s.cache() != null) {
            text += "; cache " + s.cache().hits() + " hits, " + s.cache().misses() + " misses, "
                    + s.cache().writes() + " writes";
        }
        return text;
    }

    static String value(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.4f", d);
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        if (v instanceof Map<?, ?> counts) {
            List<String> parts = new ArrayList<>();
            counts.forEach((k, n) -> parts.add(k + ": " + n));
            return String.join(", ", parts);
        }
        return String.valueOf(v);
    }

    static String interval(Object ci) {
        if (ci instanceof List<?> bounds
                && bounds.size() == 2
                && bounds.get(0) instanceof Number lo
                && bounds.get(1) instanceof Number hi) {
            return String.format(Locale.ROOT, "[%.4f, %.4f]", lo.doubleValue(), hi.doubleValue());
        }
        return "";
    }
}
