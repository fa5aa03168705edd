package dev.evals4j.junit;

import dev.evals4j.api.EvalResult;

/**
 * AssertJ-style assertions on the result of an eval run, whose failure messages show the metric, its 95% interval,
 * the threshold, the lowest-scoring samples and where the run's files are:
 *
 * <pre>{@code
 * import static dev.evals4j.junit.EvalAssertions.assertThat;
 *
 * assertThat(result).scorer("basic::equality").accuracy().isAtLeast(0.8);
 * assertThat(result).scorer("basic::equality").accuracy().lowerBound95().isAtLeast(0.75);
 * assertThat(result).hasNoErrors();
 * }</pre>
 */
public final class EvalAssertions {
    private EvalAssertions() {}

    /** Assertions on a run's result. */
    public static EvalResultAssert assertThat(EvalResult result) {
        return new EvalResultAssert(result);
    }
}
