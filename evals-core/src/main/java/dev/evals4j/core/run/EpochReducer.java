package dev.evals4j.core.run;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the scores of one sample's epochs into the sample's score: {@code mean}, {@code max}, {@code mode}
 * (majority vote; ties go to the value seen first), or {@code pass_at_K} (the unbiased estimator of Chen et al.
 * 2021: {@code 1 - C(n-c, K) / C(n, K)} with {@code c} epochs scoring 1).
 */
final class EpochReducer {
    private static final Pattern PASS_AT = Pattern.compile("pass_at_(\\d+)");

    private final String name;
    private final int k;

    private EpochReducer(String name, int k) {
        this.name = name;
        this.k = k;
    }

    static EpochReducer of(String name, int epochs) {
        Matcher m = PASS_AT.matcher(name);
        if (m.matches()) {
            int k = Integer.parseInt(m.group(1));
            if (k < 1 || k > epochs) {
                throw new ConfigurationException(
                        "the epoch reducer " + name + " needs 1 <= K <= epochs (" + epochs + ")");
            }
            return new EpochReducer("pass_at", k);
        }
        if (name.equals("mean") || name.equals("max") || name.equals("mode")) {
            return new EpochReducer(name, 0);
        }
        throw new ConfigurationException("unknown epoch reducer '" + name + "'; known: mean, max, mode, pass_at_K");
    }

    /** Reduces the scored epochs (unscored ones are already left out); the list is not empty. */
    ScoreResult reduce(List<ScoreResult> scores) {
        if (scores.size() == 1) {
            return scores.get(0);
        }
        Map<String, Object> details = Map.of("epochs_scored", scores.size());
        boolean numeric = scores.stream().allMatch(s -> s instanceof ScoreResult.Numeric);
        if (name.equals("mode") || !numeric) {
            return mode(scores).withDetails(details);
        }
        List<Double> values = new ArrayList<>();
        for (ScoreResult s : scores) {
            values.add(((ScoreResult.Numeric) s).value());
        }
        double reduced =
                switch (name) {
                    case "max" -> values.stream()
                            .mapToDouble(Double::doubleValue)
                            .max()
                            .orElseThrow();
                    case "pass_at" -> passAtK(
                            values.size(),
                            (int) values.stream().filter(v -> v == 1.0).count(),
                            Math.min(k, values.size()));
                    default -> values.stream()
                                    .sorted()
                                    .mapToDouble(Double::doubleValue)
                                    .sum()
                            / values.size();
                };
        return ScoreResult.of(reduced).withDetails(details);
    }

    private static ScoreResult mode(List<ScoreResult> scores) {
        Map<Object, Integer> counts = new LinkedHashMap<>();
        Map<Object, ScoreResult> first = new LinkedHashMap<>();
        for (ScoreResult s : scores) {
            counts.merge(s.scoreValue(), 1, Integer::sum);
            first.putIfAbsent(s.scoreValue(), s);
        }
        Object best = null;
        int bestCount = -1;
        for (Map.Entry<Object, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        ScoreResult winner = first.get(best);
        return winner instanceof ScoreResult.Numeric n
                ? ScoreResult.of(n.value())
                : ScoreResult.category((String) best);
    }

    /** {@code 1 - C(n-c, k) / C(n, k)}, computed as a product to stay exact for large n. */
    static double passAtK(int n, int c, int k) {
        if (n - c < k) {
            return 1.0;
        }
        double notPass = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            notPass *= 1.0 - (double) k / i;
        }
        return 1.0 - notPass;
    }
}
