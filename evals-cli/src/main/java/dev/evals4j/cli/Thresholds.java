package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ScorerSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --fail-under} options: {@code <scorer>.<aggregation>[.<key>]=<x>}, such as
 * {@code basic::equality.accuracy=0.8}, or {@code basic::equality.accuracy.lower95=0.75} for the lower bound of the
 * 95% interval. A run that misses one exits with 1, naming what missed it.
 */
final class Thresholds {
    /** One threshold: a number of a scorer's aggregation that must be at least {@code minimum}. */
    record Threshold(String option, String scorer, String aggregation, String key, double minimum) {}

    private Thresholds() {}

    /**
     * Reads the options; the scorers must be among {@code scorers}.
     *
     * @throws ConfigurationException for a malformed option, naming it
     */
    static List<Threshold> parse(List<String> options, List<String> scorers) {
        List<Threshold> out = new ArrayList<>();
        for (String option : options) {
            int eq = option.lastIndexOf('=');
            String target = eq < 0 ? option : option.substring(0, eq);
            int sep = target.lastIndexOf("::");
            int dot = sep < 0 ? -1 : target.indexOf('.', sep);
            if (eq < 0 || dot < 0 || dot == target.length() - 1) {
                throw new ConfigurationException("--fail-under takes <scorer>.<aggregation>[.<key>]=<minimum>, such"
                        + " as basic::equality.accuracy=0.8 or basic::equality.accuracy.lower95=0.75; got '" + option
                        + "'");
            }
            String scorer = target.substring(0, dot);
            String[] path = target.substring(dot + 1).split("\\.", 2);
            if (!scorers.contains(scorer)) {
                throw new ConfigurationException("--fail-under " + option + " names '" + scorer + "', which is not"
                        + " selected; selected: " + String.join(", ", scorers));
            }
            double minimum;
            try {
                minimum = Double.parseDouble(option.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new ConfigurationException("--fail-under " + option + ": the minimum must be a number, was '"
                        + option.substring(eq + 1) + "'");
            }
            out.add(new Threshold(option, scorer, path[0], path.length > 1 ? path[1] : path[0], minimum));
        }
        return out;
    }

    /** Prints the thresholds a result misses; true when it meets them all. */
    static boolean check(List<Threshold> thresholds, EvalResult result, PrintWriter err) {
        boolean ok = true;
        for (Threshold t : thresholds) {
            ScorerSummary s = result.score(t.scorer());
            if (!(s.aggregatedResults().get(t.aggregation()) instanceof Map<?, ?> values)) {
                err.println("evals: --fail-under " + t.option() + ": " + t.scorer() + " has no aggregation '"
                        + t.aggregation() + "'; it has "
                        + String.join(", ", s.aggregatedResults().keySet()));
                ok = false;
                continue;
            }
            Double value = value(values, t.key());
            if (value == null) {
                err.println("evals: --fail-under " + t.option() + ": " + t.scorer() + " " + t.aggregation()
                        + " has no number '" + t.key() + "' (keys: " + keys(values) + ")");
                ok = false;
            } else if (value < t.minimum()) {
                err.println(String.format(
                        Locale.ROOT,
                        "evals: %s %s %s is %.4f%s, under the minimum %s (--fail-under %s)",
                        t.scorer(),
                        t.aggregation(),
                        t.key(),
                        value,
                        interval(values),
                        format(t.minimum()),
                        t.option()));
                ok = false;
            }
        }
        return ok;
    }

    private static Double value(Map<?, ?> values, String key) {
        if ((key.equals("lower95") || key.equals("upper95")) && values.get("ci95") instanceof List<?> ci) {
            Object bound = ci.get(key.equals("lower95") ? 0 : 1);
            return bound instanceof Number n ? n.doubleValue() : null;
        }
        return values.get(key) instanceof Number n ? n.doubleValue() : null;
    }

    private static String interval(Map<?, ?> values) {
        if (values.get("ci95") instanceof List<?> ci && ci.size() == 2 && ci.get(0) instanceof Number lo) {
            return String.format(
                    Locale.ROOT, " (95%% interval [%.4f, %.4f])", lo.doubleValue(), ((Number) ci.get(1)).doubleValue());
        }
        return "";
    }

    private static String keys(Map<?, ?> values) {
        List<String> keys = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v instanceof Number) {
                keys.add(String.valueOf(k));
            }
        });
        if (values.get("ci95") instanceof List<?>) {
            keys.add("lower95");
            keys.add("upper95");
        }
        return String.join(", ", keys);
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
