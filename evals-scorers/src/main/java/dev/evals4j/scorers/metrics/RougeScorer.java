package dev.evals4j.scorers.metrics;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.filters.FilterChain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code metrics::rouge1}, {@code metrics::rouge2} and {@code metrics::rouge_l}: the ROUGE F-measure as Google's
 * {@code rouge-score} package computes it with its defaults (no stemming): lower-case, every run of characters
 * other than {@code a-z0-9} is a separator (so text in other scripts has no tokens), then unigram or bigram overlap
 * (ROUGE-1/2) or the longest common subsequence (ROUGE-L, not the summary-level ROUGE-Lsum). With several
 * references the best F-measure counts; precision and recall are in the details.
 */
public final class RougeScorer extends TextMetric {
    /** Which ROUGE. */
    public enum Variant {
        ROUGE_1("metrics::rouge1", "ROUGE-1 F-measure (unigram overlap, rouge-score defaults)"),
        ROUGE_2("metrics::rouge2", "ROUGE-2 F-measure (bigram overlap, rouge-score defaults)"),
        ROUGE_L("metrics::rouge_l", "ROUGE-L F-measure (longest common subsequence, rouge-score defaults)");

        final String id;
        final String description;

        Variant(String id, String description) {
            this.id = id;
            this.description = description;
        }
    }

    /** The most cells an LCS table may have (about half a second); longer pairs are unscored. */
    public static final long MAX_LCS_CELLS = 300_000_000L;

    private final Variant variant;

    // ServiceLoader needs one public class with a no-argument constructor per id: the nested providers below
    RougeScorer(Variant variant, FilterChain filters) {
        super(variant.id, variant.description, filters);
        this.variant = variant;
    }

    /** ROUGE-1, as a service provider. */
    public static final class Rouge1 extends Delegate {
        public Rouge1() {
            super(new RougeScorer(Variant.ROUGE_1, FilterChain.NONE));
        }
    }

    /** ROUGE-2, as a service provider. */
    public static final class Rouge2 extends Delegate {
        public Rouge2() {
            super(new RougeScorer(Variant.ROUGE_2, FilterChain.NONE));
        }
    }

    /** ROUGE-L, as a service provider. */
    public static final class RougeL extends Delegate {
        public RougeL() {
            super(new RougeScorer(Variant.ROUGE_L, FilterChain.NONE));
        }
    }

    /** A provider class that forwards to a {@link RougeScorer}. */
    public abstract static class Delegate implements BaseScorer {
        private final BaseScorer scorer;

        Delegate(BaseScorer scorer) {
            this.scorer = scorer;
        }

        @Override
        public String id() {
            return scorer.id();
        }

        @Override
        public String description() {
            return scorer.description();
        }

        @Override
        public List<Parameter> parameters() {
            return scorer.parameters();
        }

        @Override
        public List<String> defaultAggregations() {
            return scorer.defaultAggregations();
        }

        @Override
        public BaseScorer configure(Params params) {
            return scorer.configure(params);
        }

        @Override
        public ScoreResult score(ScorerInputSample sample) {
            return scorer.score(sample);
        }
    }

    @Override
    BaseScorer withFilters(FilterChain filters) {
        return new RougeScorer(variant, filters);
    }

    @Override
    ScoreResult score(String answer, List<String> references) {
        List<String> prediction = tokenize(answer);
        double[] best = null;
        for (String reference : references) {
            List<String> target = tokenize(reference);
            double[] prf = variant == Variant.ROUGE_L
                    ? lcs(target, prediction)
                    : ngramOverlap(target, prediction, variant == Variant.ROUGE_1 ? 1 : 2);
            if (prf == null) {
                return ScoreResult.unscored("texts of " + prediction.size() + " and " + target.size()
                        + " tokens are too long for ROUGE-L (limit: " + MAX_LCS_CELLS + " table cells)");
            }
            if (best == null || prf[2] > best[2]) {
                best = prf;
            }
        }
        return ScoreResult.of(best[2]).withDetails(Map.of("precision", best[0], "recall", best[1]));
    }

    /** rouge-score's default tokenizer: lower-case, {@code [^a-z0-9]+} separates, tokens of {@code [a-z0-9]+}. */
    static List<String> tokenize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = lower.length();
        while (i < n) {
            while (i < n && !isAlnum(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && isAlnum(lower.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(lower.substring(start, i));
            }
        }
        return tokens;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static double[] ngramOverlap(List<String> target, List<String> prediction, int n) {
        Map<List<String>, Integer> targetCounts = ngrams(target, n);
        Map<List<String>, Integer> predictionCounts = ngrams(prediction, n);
        long overlap = 0;
        for (Map.Entry<List<String>, Integer> e : targetCounts.entrySet()) {
            overlap += Math.min(e.getValue(), predictionCounts.getOrDefault(e.getKey(), 0));
        }
        long targetTotal = Math.max(0, target.size() - n + 1);
        long predictionTotal = Math.max(0, prediction.size() - n + 1);
        double precision = (double) overlap / Math.max(predictionTotal, 1);
        double recall = (double) overlap / Math.max(targetTotal, 1);
        return new double[] {precision, recall, fmeasure(precision, recall)};
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return counts;
    }

    private static double[] lcs(List<String> target, List<String> prediction) {
        if (target.isEmpty() || prediction.isEmpty()) {
            return new double[] {0, 0, 0};
        }
        if ((long) target.size() * prediction.size() > MAX_LCS_CELLS) {
            return null;
        }
        List<String> shorter = target.size() <= prediction.size() ? target : prediction;
        List<String> longer = shorter == target ? prediction : target;
        int[] previous = new int[shorter.size() + 1];
        int[] current = new int[shorter.size() + 1];
        for (String token : longer) {
            for (int j = 1; j <= shorter.size(); j++) {
                current[j] =
                        token.equals(shorter.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        int length = previous[shorter.size()];
        double precision = (double) length / prediction.size();
        double recall = (double) length / target.size();
        return new double[] {precision, recall, fmeasure(precision, recall)};
    }

    private static double fmeasure(double precision, double recall) {
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    }
}
