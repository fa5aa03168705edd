package dev.evals4j.core.scoring;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a candidate run compares with a baseline run on one scorer, over the samples scored in both: the metric in
 * each, the difference candidate − baseline with its 95% interval, the test used and its two-sided p-value. Made
 * by {@link PairedComparison}.
 *
 * <p>When nothing could be compared ({@link Test#NONE}: no sample was scored in both runs, or the scores are
 * categories) the values, bounds and p-value are {@code NaN} and {@link #note()} says why.
 *
 * @param scorerId the scorer
 * @param test the test: {@link Test#MCNEMAR_EXACT} when every paired score is 0 or 1, else
 *     {@link Test#PAIRED_BOOTSTRAP}
 * @param metric {@code accuracy} (0/1 scores) or {@code average}
 * @param baseline the metric over the paired samples in the baseline run
 * @param candidate the metric over the paired samples in the candidate run
 * @param difference {@code candidate - baseline}
 * @param lower the lower bound of the 95% interval of the difference
 * @param upper the upper bound of the 95% interval of the difference
 * @param pValue the two-sided p-value of "no difference"
 * @param pairs how many samples were paired, and how many could not be
 * @param agreement the 2x2 table of 0/1 pairs, for {@link Test#MCNEMAR_EXACT}; else null
 * @param bootstrap the seed and number of resamples, for {@link Test#PAIRED_BOOTSTRAP}; else null
 * @param note why nothing was compared, for {@link Test#NONE}; else null
 */
public record ScorerComparison(
        String scorerId,
        Test test,
        String metric,
        double baseline,
        double candidate,
        double difference,
        double lower,
        double upper,
        double pValue,
        Pairs pairs,
        @Nullable Agreement agreement,
        @Nullable Bootstrap bootstrap,
        @Nullable String note) {
    public ScorerComparison {
        Objects.requireNonNull(scorerId, "scorerId");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(pairs, "pairs");
    }

    /** Whether the runs could be compared on this scorer (at least one pair of numeric scores). */
    public boolean compared() {
        return test != Test.NONE;
    }

    /**
     * One line for people, such as {@code basic::equality accuracy 0.7000 -> 0.6500, difference -0.0500 [-0.1180,
     * 0.0195], McNemar's exact test p = 0.1435, 200 pairs}.
     */
    public String summary() {
        if (!compared()) {
            return scorerId + ": not compared: " + note + " (" + pairs.describe() + ")";
        }
        return String.format(
                Locale.ROOT,
                "%s %s %.4f -> %.4f, difference %+.4f [%+.4f, %+.4f], %s p = %.4g, %s",
                scorerId,
                metric,
                baseline,
                candidate,
                difference,
                lower,
                upper,
                test.label(),
                pValue,
                pairs.describe());
    }

    /** The test behind a comparison, and the interval that goes with it. */
    public enum Test {
        /**
         * McNemar's exact test on the discordant pairs, with Newcombe's paired interval (method 10) for the
         * difference in accuracy.
         */
        MCNEMAR_EXACT("mcnemar_exact", "McNemar's exact test", "newcombe_paired"),
        /** A seeded paired bootstrap of the mean difference, with its percentile interval. */
        PAIRED_BOOTSTRAP("paired_bootstrap", "paired bootstrap", "bootstrap_percentile"),
        /** Nothing compared. */
        NONE("none", "none", "none");

        private final String wireName;
        private final String label;
        private final String intervalMethod;

        Test(String wireName, String label, String intervalMethod) {
            this.wireName = wireName;
            this.label = label;
            this.intervalMethod = intervalMethod;
        }

        /** The name in files and tables, such as {@code mcnemar_exact}. */
        public String wireName() {
            return wireName;
        }

        /** The name for people, such as {@code McNemar's exact test}. */
        public String label() {
            return label;
        }

        /** How the interval was computed: {@code newcombe_paired} or {@code bootstrap_percentile}. */
        public String intervalMethod() {
            return intervalMethod;
        }
    }

    /**
     * How the samples of the two runs paired up, by (index, epoch), each key counted once (the last journal line of
     * a key is the one that counts).
     *
     * @param paired keys with a numeric score in both runs: what the statistics are computed over
     * @param onlyInBaseline keys only the baseline's journal holds
     * @param onlyInCandidate keys only the candidate's journal holds
     * @param notScored keys both journals hold that lack a numeric score in at least one: the sample failed, the
     *     scorer failed, or it could not judge (unscored), or gave a category
     */
    public record Pairs(long paired, long onlyInBaseline, long onlyInCandidate, long notScored) {
        /** Such as {@code 200 pairs, 3 only in the baseline, 1 not scored in both}. */
        public String describe() {
            StringBuilder s = new StringBuilder(paired + (paired == 1 ? " pair" : " pairs"));
            if (onlyInBaseline > 0) {
                s.append(", ").append(onlyInBaseline).append(" only in the baseline");
            }
            if (onlyInCandidate > 0) {
                s.append(", ").append(onlyInCandidate).append(" only in the candidate");
            }
            if (notScored > 0) {
                s.append(", ").append(notScored).append(" not scored in both");
            }
            return s.toString();
        }
    }

    /**
     * The 2x2 table of paired 0/1 scores; McNemar's test looks at the discordant cells.
     *
     * @param both pairs that scored 1 in both runs
     * @param baselineOnly pairs that scored 1 in the baseline only (discordant, {@code b})
     * @param candidateOnly pairs that scored 1 in the candidate only (discordant, {@code c})
     * @param neither pairs that scored 0 in both runs
     */
    public record Agreement(long both, long baselineOnly, long candidateOnly, long neither) {}

    /**
     * How the bootstrap was drawn.
     *
     * @param seed the seed of the SplitMix64 generator
     * @param resamples the number of resamples
     */
    public record Bootstrap(long seed, int resamples) {}
}
