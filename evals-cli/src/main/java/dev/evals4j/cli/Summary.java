package dev.evals4j.cli;

import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ScorerSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table a run prints: scorer, metric, value, 95% interval, rows, errors (and unscored when any). */
final class Summary {
    private Summary() {}

    static void print(PrintWriter out, EvalResult result) {
        boolean anyUnscored = result.scores().values().stream().anyMatch(s -> s.numUnscored() > 0);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("SCORER", "METRIC", "VALUE", "95% INTERVAL", "ROWS", "ERRORS"));
        if (anyUnscored) {
            header.add("UNSCORED");
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
                rows.add(row);
            }
        }
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
