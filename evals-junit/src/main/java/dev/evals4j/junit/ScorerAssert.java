package dev.evals4j.junit;

import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ScorerSummary;
import java.util.Map;

/** Assertions on one scorer of a run: its metrics, its errors and its unscored rows. */
public final class ScorerAssert {
    private final EvalResult result;
    private final String scorerId;

    ScorerAssert(EvalResult result, String scorerId) {
        this.result = result;
        this.scorerId = scorerId;
    }

    /** The accuracy ({@code accuracy.accuracy}): the mean of 0/1 scores. */
    public MetricAssert accuracy() {
        return metric("accuracy", "accuracy");
    }

    /** The average ({@code average.average}) of numeric scores. */
    public MetricAssert average() {
        return metric("average", "average");
    }

    /**
     * A number of one of the scorer's aggregations, such as {@code metric("simpleqa", "f_score")}.
     *
     * @throws AssertionError when the scorer has no such aggregation or number
     */
    public MetricAssert metric(String aggregation, String key) {
        ScorerSummary s = result.score(scorerId);
        if (!(s.aggregatedResults().get(aggregation) instanceof Map<?, ?> values)) {
            throw new AssertionError(scorerId + " has no aggregation '" + aggregation + "'; it has "
                    + String.join(", ", s.aggregatedResults().keySet()) + " (choose them with"
                    + " ScorerSpec.withAggregations)" + Evidence.where(result));
        }
        if (!(values.get(key) instanceof Number n)) {
            throw new AssertionError(scorerId + " " + aggregation + " has no number '" + key + "'"
                    + (values.get("error") != null ? ": " + values.get("error") : "") + "; it has " + values
                    + Evidence.where(result));
        }
        return new MetricAssert(result, scorerId, aggregation, key, n.doubleValue(), values.get("ci95"));
    }

    /** Fails when the scorer failed on any row, showing those rows. */
    public ScorerAssert hasNoErrors() {
        return hasErrorsAtMost(0);
    }

    /** Fails when the scorer failed on more than {@code n} rows, showing them. */
    public ScorerAssert hasErrorsAtMost(long n) {
        long errors = result.score(scorerId).numErrors();
        if (errors > n) {
            throw new AssertionError(scorerId + " failed on " + errors + " rows, expected at most " + n + "\n"
                    + Evidence.worstSamples(result, scorerId, Evidence.SHOWN) + Evidence.where(result));
        }
        return this;
    }

    /** Fails when the scorer could not judge more than {@code n} rows, showing them. */
    public ScorerAssert hasUnscoredAtMost(long n) {
        long unscored = result.score(scorerId).numUnscored();
        if (unscored > n) {
            throw new AssertionError(scorerId + " could not judge " + unscored + " rows (unscored), expected at most "
                    + n + "\n" + Evidence.worstSamples(result, scorerId, Evidence.SHOWN) + Evidence.where(result));
        }
        return this;
    }
}
