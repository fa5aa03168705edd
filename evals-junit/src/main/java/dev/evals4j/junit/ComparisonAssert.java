package dev.evals4j.junit;

import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalSample;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.core.scoring.PairedComparison;
import dev.evals4j.core.scoring.ScorerComparison;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A candidate run compared with a baseline run over the same samples, with a paired test: McNemar's exact test and
 * Newcombe's interval when every score is 0 or 1, a seeded paired bootstrap otherwise (see
 * {@link PairedComparison}). Made by {@link EvalResultAssert#comparedTo(EvalResult)}.
 */
public final class ComparisonAssert {
    private final EvalResult candidate;
    private final EvalResult baseline;
    private final PairedComparison.Builder statistics = PairedComparison.builder();

    ComparisonAssert(EvalResult candidate, EvalResult baseline) {
        this.candidate = candidate;
        this.baseline = Objects.requireNonNull(baseline, "baseline");
    }

    /** The bootstrap's seed, when the scores are not all 0 or 1 (default {@value PairedComparison#DEFAULT_SEED}). */
    public ComparisonAssert withSeed(long seed) {
        statistics.seed(seed);
        return this;
    }

    /** The bootstrap's resamples (default {@value PairedComparison#DEFAULT_RESAMPLES}). */
    public ComparisonAssert withResamples(int resamples) {
        statistics.resamples(resamples);
        return this;
    }

    /**
     * The comparison on one scorer both runs used.
     *
     * @throws AssertionError when a run did not use the scorer, or the runs are not over the same dataset
     */
    public On on(String scorerId) {
        try {
            return new On(statistics.build().compare(baseline.outputDir(), candidate.outputDir(), scorerId));
        } catch (RuntimeException e) {
            throw new AssertionError("cannot compare the runs on " + scorerId + ": " + e.getMessage(), e);
        }
    }

    /** Assertions on the comparison of the two runs on one scorer. */
    public final class On {
        private final ScorerComparison comparison;

        On(ScorerComparison comparison) {
            this.comparison = comparison;
        }

        /** The comparison itself: the metric in both runs, the difference, its interval, the p-value. */
        public ScorerComparison comparison() {
            return comparison;
        }

        /**
         * Fails unless the candidate is shown to be no worse than the baseline by more than {@code margin}: the lower
         * bound of the 95% interval of the difference (candidate − baseline) must be at least {@code -margin}. A
         * small sample, whose interval is wide, fails: it cannot show that.
         */
        public On isNotWorseBy(double margin) {
            if (!(margin >= 0)) {
                throw new IllegalArgumentException("a margin is 0 or more, was " + margin);
            }
            compared();
            if (comparison.lower() < -margin) {
                fail("the candidate may be worse than the baseline by more than " + MetricAssert.number(margin)
                        + ": the difference's 95% interval reaches " + signed(comparison.lower()));
            }
            return this;
        }

        /** Fails unless the candidate is better than the baseline: the interval of the difference is above 0. */
        public On isBetter() {
            compared();
            if (!(comparison.lower() > 0)) {
                fail("the candidate is not shown to be better than the baseline: the difference's 95% interval"
                        + " reaches " + signed(comparison.lower()));
            }
            return this;
        }

        /** Fails when the runs differ at the 5% level ({@code p < 0.05}), either way. */
        public On isNotSignificantlyDifferent() {
            compared();
            if (comparison.pValue() < 0.05) {
                fail("the runs differ: p = " + String.format(Locale.ROOT, "%.4g", comparison.pValue()) + " < 0.05");
            }
            return this;
        }

        private void compared() {
            if (!comparison.compared()) {
                throw new AssertionError(
                        "the runs cannot be compared on " + comparison.scorerId() + ": " + comparison.note() + where());
            }
        }

        private void fail(String why) {
            throw new AssertionError(
                    comparison.summary() + "\n" + why + "\n" + changed(comparison.scorerId()) + where());
        }
    }

    /** The paired samples whose score fell from the baseline to the candidate, the largest falls first. */
    private String changed(String scorerId) {
        Map<String, EvalSample> before = new HashMap<>();
        try (Stream<EvalSample> samples = baseline.samples()) {
            samples.forEach(s -> before.put(s.index() + "/" + s.epoch(), s));
        } catch (RuntimeException e) {
            return "(the baseline's samples could not be read: " + e.getMessage() + ")\n";
        }
        record Fall(EvalSample was, EvalSample now, double by) {}
        List<Fall> falls = new ArrayList<>();
        long total = 0;
        try (Stream<EvalSample> samples = candidate.samples()) {
            for (EvalSample now : (Iterable<EvalSample>) samples::iterator) {
                EvalSample was = before.get(now.index() + "/" + now.epoch());
                Double a = was == null ? null : numeric(was, scorerId);
                Double b = numeric(now, scorerId);
                if (a != null && b != null && b < a) {
                    total++;
                    falls.add(new Fall(was, now, a - b));
                }
            }
        } catch (RuntimeException e) {
            return "(the candidate's samples could not be read: " + e.getMessage() + ")\n";
        }
        if (falls.isEmpty()) {
            return "";
        }
        falls.sort((x, y) -> x.by() != y.by()
                ? Double.compare(y.by(), x.by())
                : Long.compare(x.now().index(), y.now().index()));
        StringBuilder out = new StringBuilder("Samples that scored lower in the candidate ("
                + Math.min(Evidence.SHOWN, falls.size()) + " of " + total + "):\n");
        for (Fall f : falls.subList(0, Math.min(Evidence.SHOWN, falls.size()))) {
            Evidence.describe(
                    out,
                    f.now(),
                    "score " + MetricAssert.number(numeric(f.was(), scorerId)) + " -> "
                            + MetricAssert.number(numeric(f.now(), scorerId)));
            out.append("      baseline:  ")
                    .append(Evidence.shorten(
                            dev.evals4j.api.JsonValues.text(f.was().generatedAnswer())))
                    .append('\n');
        }
        return out.toString();
    }

    private static Double numeric(EvalSample s, String scorerId) {
        return s.score(scorerId)
                .filter(r -> r instanceof ScoreResult.Numeric)
                .map(r -> ((ScoreResult.Numeric) r).value())
                .orElse(null);
    }

    private static String signed(double x) {
        return String.format(Locale.ROOT, "%+.4f", x);
    }

    private String where() {
        return "\nThe runs' files: baseline " + baseline.outputDir().toAbsolutePath() + ", candidate "
                + candidate.outputDir().toAbsolutePath();
    }
}
