package dev.evals4j.cli;

import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalSample;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The table a run prints: scorer, metric, value, 95% interval, rows, errors (and unscored when any). */
final class Summary {
    private Summary() {}

    static void print(PrintWriter out, EvalResult result) {
        boolean anyUnscored = result.scores().values().stream().anyMatch(s -> s.numUnscored() > 0);
        boolean anyNoAnswer = result.scores().values().stream().anyMatch(s -> s.numNoAnswer() > 0);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("SCORER", "METRIC", "VALUE", "95% INTERVAL", "ROWS", "ERRORS"));
        if (anyUnscored) {
            header.add("UNSCORED");
        }
        if (anyNoAnswer) {
            header.add("NO ANSWER");
        }
        rows.add(header);
        for (ScorerSummary s : result.scores().values()) {
            for (Map.Entry<String, Object> aggregation : s.aggregatedResults().entrySet()) {
                String name = aggregation.getKey();
                Map<?, ?> values = (Map<?, ?>) aggregation.getValue();
                List<String> row = new ArrayList<>(List.of(
                        s.scorerId(),
                        name,
                        value(values.get(name)),
                        interval(values.get("ci95")),
                        Long.toString(s.numRows()),
                        Long.toString(s.numErrors())));
                if (values.get("error") != null) {
                    row.set(2, "n/a: " + values.get("error"));
                }
                if (anyUnscored) {
                    row.add(Long.toString(s.numUnscored()));
                }
                if (anyNoAnswer) {
                    row.add(noAnswer(s));
                }
                rows.add(row);
            }
        }
        Table.print(out, rows);
        for (ScorerSummary s : result.scores().values()) {
            if (s.numRows() > 0 && s.numUnscored() == s.numRows()) {
                out.println(s.scorerId() + " scored no row: " + firstUnscored(result, s.scorerId()));
            }
        }
        for (ScorerSummary s : result.scores().values()) {
            if (s.breakdown().isPresent()) {
                printBreakdown(out, s, anyUnscored);
            }
        }
    }

    /** Why a scorer that scored no row left one unscored: the journal's first, in the order samples finished. */
    private static String firstUnscored(EvalResult result, String scorerId) {
        try (Stream<EvalSample> samples = result.samples()) {
            return samples.flatMap(sample -> sample.score(scorerId).stream()
                            .filter(ScoreResult.Unscored.class::isInstance)
                            .map(score -> "row " + sample.index() + ": " + ((ScoreResult.Unscored) score).reason()))
                    .findFirst()
                    .orElse("see the samples");
        } catch (RuntimeException e) {
            return "see the samples (" + e.getMessage() + ")";
        }
    }

    private static String noAnswer(ScorerSummary s) {
        return String.format(Locale.ROOT, "%d (%.2f%%)", s.numNoAnswer(), 100 * s.noAnswerRate());
    }

    /** Each group's headline values, then the micro and macro averages. */
    private static void printBreakdown(PrintWriter out, ScorerSummary s, boolean anyUnscored) {
        ScorerSummary.Breakdown b = s.breakdown().orElseThrow();
        List<String> names = new ArrayList<>(s.aggregatedResults().keySet());
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(b.column().toUpperCase(Locale.ROOT)));
        for (String name : names) {
            header.add(name.toUpperCase(Locale.ROOT));
        }
        header.add("ROWS");
        header.add("NO ANSWER");
        rows.add(header);
        for (Map.Entry<String, ScorerSummary> g : b.groups().entrySet()) {
            // rows whose column is empty (or missing in some) are a group of their own, which a blank would hide
            List<String> row = new ArrayList<>(List.of(g.getKey().isEmpty() ? "(empty)" : g.getKey()));
            for (String name : names) {
                var v = g.getValue().metric(name, name);
                row.add(v.isPresent() ? String.format(Locale.ROOT, "%.4f", v.getAsDouble()) : "n/a");
            }
            row.add(Long.toString(g.getValue().numRows()));
            row.add(noAnswer(g.getValue()));
            rows.add(row);
        }
        List<String> micro = new ArrayList<>(List.of("(micro average)"));
        List<String> macro = new ArrayList<>(List.of("(macro average)"));
        for (String name : names) {
            var v = s.metric(name, name);
            micro.add(v.isPresent() ? String.format(Locale.ROOT, "%.4f", v.getAsDouble()) : "n/a");
            var m = s.macro(name);
            macro.add(m.isPresent() ? String.format(Locale.ROOT, "%.4f", m.getAsDouble()) : "n/a");
        }
        micro.add(Long.toString(s.numRows()));
        micro.add(noAnswer(s));
        macro.add(Integer.toString(b.groups().size()) + " groups");
        macro.add("");
        rows.add(micro);
        rows.add(macro);
        out.println();
        out.println(s.scorerId() + " by " + b.column() + ":");
        Table.print(out, rows);
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.4f", d);
        }
        if (v instanceof Map<?, ?> counts) {
            List<String> parts = new ArrayList<>();
            counts.forEach((k, n) -> parts.add(k + ": " + n));
            return String.join(", ", parts);
        }
        return String.valueOf(v);
    }

    private static String interval(Object ci) {
        if (ci instanceof List<?> bounds && bounds.size() == 2) {
            return String.format(
                    Locale.ROOT,
                    "[%.4f, %.4f]",
                    ((Number) bounds.get(0)).doubleValue(),
                    ((Number) bounds.get(1)).doubleValue());
        }
        return "";
    }
}
