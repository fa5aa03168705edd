package dev.evals4j.junit;

import dev.evals4j.api.EvalResult;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a whole run: its errors, and each of its scorers. */
public final class EvalResultAssert extends AbstractAssert<EvalResultAssert, EvalResult> {
    EvalResultAssert(EvalResult actual) {
        super(actual, EvalResultAssert.class);
    }

    /** Assertions on one scorer of the run; fails naming the run's scorers when it has no such scorer. */
    public ScorerAssert scorer(String scorerId) {
        isNotNull();
        if (!actual.scores().containsKey(scorerId)) {
            failWithMessage(
                    "%s",
                    "the run has no scorer '" + scorerId + "'; it has "
                            + String.join(", ", actual.scores().keySet()) + Evidence.where(actual));
        }
        return new ScorerAssert(actual, scorerId);
    }

    /**
     * Compares this run, the candidate, with a baseline run over the same dataset, sample by sample: for example
     * {@code assertThat(candidate).comparedTo(baseline).on("basic::equality").isNotWorseBy(0.02)}.
     */
    public ComparisonAssert comparedTo(EvalResult baseline) {
        isNotNull();
        return new ComparisonAssert(actual, baseline);
    }

    /** Fails when a sample failed as a whole (its model call, its processing), showing the failed samples. */
    public EvalResultAssert hasNoErrors() {
        return hasErrorsAtMost(0);
    }

    /** Fails when more than {@code n} samples failed as a whole, showing them. */
    public EvalResultAssert hasErrorsAtMost(long n) {
        isNotNull();
        if (actual.numErrors() > n) {
            failWithMessage(
                    "%s",
                    actual.numErrors() + " of the run's samples failed, expected at most " + n + "\n"
                            + Evidence.failedSamples(actual) + Evidence.where(actual));
        }
        return this;
    }

    /** Fails when more than this share of the run's evaluations failed as a whole. */
    public EvalResultAssert hasErrorRateAtMost(double share) {
        isNotNull();
        long total = actual.numSamples() + actual.numErrors();
        if (total > 0 && (double) actual.numErrors() / total > share) {
            failWithMessage(
                    "%s",
                    String.format(
                                    java.util.Locale.ROOT,
                                    "%d of %d evaluations failed (%.1f%%), expected at most %.1f%%%n",
                                    actual.numErrors(),
                                    total,
                                    100.0 * actual.numErrors() / total,
                                    100 * share)
                            + Evidence.failedSamples(actual)
                            + Evidence.where(actual));
        }
        return this;
    }
}
