package dev.evals4j.scorers.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sufficient statistics of BLEU for one sentence or a whole corpus: hypothesis and (closest) reference
 * lengths, and for n = 1..4 the clipped n-gram matches and the hypothesis n-gram totals. Summing the statistics
 * of every sentence and scoring the sum gives sacrebleu's corpus BLEU.
 */
public record BleuStatistics(long hypothesisLength, long referenceLength, List<Long> matches, List<Long> totals) {
    /** The highest n-gram order, as sacrebleu's default. */
    public static final int MAX_ORDER = 4;

    public BleuStatistics {
        matches = List.copyOf(matches);
        totals = List.copyOf(totals);
        if (matches.size() != MAX_ORDER || totals.size() != MAX_ORDER) {
            throw new IllegalArgumentException("BLEU statistics need " + MAX_ORDER + " matches and totals, had "
                    + matches.size() + " and " + totals.size());
        }
    }

    /** Statistics of no sentence, the start of a sum. */
    public static BleuStatistics zero() {
        return new BleuStatistics(0, 0, List.of(0L, 0L, 0L, 0L), List.of(0L, 0L, 0L, 0L));
    }

    /** The statistics of both. */
    public BleuStatistics plus(BleuStatistics other) {
        List<Long> m = new ArrayList<>();
        List<Long> t = new ArrayList<>();
        for (int i = 0; i < MAX_ORDER; i++) {
            m.add(matches.get(i) + other.matches.get(i));
            t.add(totals.get(i) + other.totals.get(i));
        }
        return new BleuStatistics(
                hypothesisLength + other.hypothesisLength, referenceLength + other.referenceLength, m, t);
    }

    /** Reads the statistics back from a {@code metrics::bleu} score's details. */
    public static BleuStatistics fromDetails(Map<String, ?> details) {
        return new BleuStatistics(
                ((Number) details.get("sys_len")).longValue(),
                ((Number) details.get("ref_len")).longValue(),
                longs(details.get("counts")),
                longs(details.get("totals")));
    }

    private static List<Long> longs(Object list) {
        List<Long> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(((Number) o).longValue());
        }
        return out;
    }

    /** The statistics as score details: {@code sys_len}, {@code ref_len}, {@code counts}, {@code totals}. */
    public Map<String, Object> toDetails() {
        return Map.of("sys_len", hypothesisLength, "ref_len", referenceLength, "counts", matches, "totals", totals);
    }

    /** Corpus BLEU (0–100) as sacrebleu's {@code corpus_bleu}: exponential smoothing, all four orders. */
    public double corpusScore() {
        return score(false);
    }

    /**
     * BLEU (0–100) with sacrebleu's exponential smoothing; with {@code effectiveOrder} (sacrebleu's
     * {@code sentence_bleu}) the orders that the hypothesis is too short to have are left out.
     */
    public double score(boolean effectiveOrder) {
        double bp = hypothesisLength < referenceLength
                ? (hypothesisLength > 0 ? Math.exp(1 - (double) referenceLength / hypothesisLength) : 0.0)
                : 1.0;
        boolean anyMatch = false;
        for (long m : matches) {
            anyMatch |= m > 0;
        }
        if (!anyMatch) {
            return 0.0;
        }
        double[] precisions = new double[MAX_ORDER];
        double smooth = 1.0;
        int order = MAX_ORDER;
        for (int n = 1; n <= MAX_ORDER; n++) {
            long total = totals.get(n - 1);
            if (total == 0) {
                break;
            }
            if (effectiveOrder) {
                order = n;
            }
            long correct = matches.get(n - 1);
            if (correct == 0) {
                smooth *= 2;
                precisions[n - 1] = 100.0 / (smooth * total);
            } else {
                precisions[n - 1] = 100.0 * correct / total;
            }
        }
        double sum = 0;
        for (int i = 0; i < order; i++) {
            sum += precisions[i] == 0 ? -9999999999.0 : Math.log(precisions[i]);
        }
        return bp * Math.exp(sum / order);
    }
}
