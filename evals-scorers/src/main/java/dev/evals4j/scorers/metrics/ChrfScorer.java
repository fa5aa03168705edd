package dev.evals4j.scorers.metrics;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.filters.FilterChain;
import dev.evals4j.core.text.PyText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics::chrf}: chrF with sacrebleu's defaults (character n-grams of order 1–6 over code points with
 * whitespace removed, no word n-grams, beta 2, case-sensitive), on sacrebleu's 0–100 scale. Precision and recall
 * are averaged over the orders that both sides have, then combined into the F-beta score. With several references
 * the one with the best score counts. The details carry the statistics ({@code stats}: per order the hypothesis
 * n-grams, reference n-grams and matches) whose sum over rows gives the corpus chrF ({@link #score(long[])}).
 */
public final class ChrfScorer extends TextMetric {
    public static final String ID = "metrics::chrf";
    static final int ORDER = 6;
    static final double BETA = 2;

    public ChrfScorer() {
        this(FilterChain.NONE);
    }

    private ChrfScorer(FilterChain filters) {
        super(ID, "sacrebleu chrF (character 6-grams, beta 2), 0-100, with corpus statistics in the details", filters);
    }

    @Override
    BaseScorer withFilters(FilterChain filters) {
        return new ChrfScorer(filters);
    }

    @Override
    ScoreResult score(String answer, List<String> references) {
        List<Map<String, Integer>> hyp = charNgrams(answer);
        long[] best = null;
        double bestScore = -1;
        for (String reference : references) {
            long[] stats = statistics(hyp, charNgrams(reference));
            double s = score(stats);
            if (s > bestScore) {
                bestScore = s;
                best = stats;
            }
        }
        List<Long> stats = new ArrayList<>();
        for (long v : best) {
            stats.add(v);
        }
        return ScoreResult.of(bestScore).withDetails(Map.of("stats", stats));
    }

    private static List<Map<String, Integer>> charNgrams(String text) {
        String joined = String.join("", PyText.split(text));
        int[] cps = joined.codePoints().toArray();
        List<Map<String, Integer>> out = new ArrayList<>();
        for (int n = 1; n <= ORDER; n++) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i + n <= cps.length; i++) {
                counts.merge(new String(cps, i, n), 1, Integer::sum);
            }
            out.add(counts);
        }
        return out;
    }

    private static long[] statistics(List<Map<String, Integer>> hyp, List<Map<String, Integer>> ref) {
        long[] stats = new long[3 * ORDER];
        for (int n = 0; n < ORDER; n++) {
            long hypCount = 0;
            long match = 0;
            for (Map.Entry<String, Integer> e : hyp.get(n).entrySet()) {
                hypCount += e.getValue();
                Integer r = ref.get(n).get(e.getKey());
                if (r != null) {
                    match += Math.min(e.getValue(), r);
                }
            }
            long refCount = 0;
            for (int c : ref.get(n).values()) {
                refCount += c;
            }
            stats[3 * n] = hypCount;
            stats[3 * n + 1] = refCount;
            stats[3 * n + 2] = match;
        }
        return stats;
    }

    /** chrF (0–100) of statistics laid out as {@code [hyp, ref, match]} per order, summed over rows for a corpus. */
    public static double score(long[] stats) {
        double factor = BETA * BETA;
        double avgPrecision = 0;
        double avgRecall = 0;
        int effectiveOrder = 0;
        for (int n = 0; n < ORDER; n++) {
            long hyp = stats[3 * n];
            long ref = stats[3 * n + 1];
            long match = stats[3 * n + 2];
            if (hyp > 0 && ref > 0) {
                avgPrecision += (double) match / hyp;
                avgRecall += (double) match / ref;
                effectiveOrder++;
            }
        }
        if (effectiveOrder == 0) {
            return 0.0;
        }
        avgPrecision /= effectiveOrder;
        avgRecall /= effectiveOrder;
        if (avgPrecision + avgRecall == 0) {
            return 0.0;
        }
        return 100 * (1 + factor) * avgPrecision * avgRecall / (factor * avgPrecision + avgRecall);
    }
}
