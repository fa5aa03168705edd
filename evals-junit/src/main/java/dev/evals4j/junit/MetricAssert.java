package dev.evals4j.junit;

import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ScorerSummary;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one metric of a scorer, such as its accuracy. A failure message names the metric, its value and 95%
 * interval, the threshold, the lowest-scoring samples, and the folder of the run's files.
 */
public final class MetricAssert {
    private final EvalResult result;
    private final String scorerId;
    private final String aggregation;
    private final String key;
    private final double value;
    private final OptionalDouble lower;
    private final OptionalDouble upper;

    MetricAssert(
            EvalResult result, String scorerId, String aggregation, String key, double value, @Nullable Object ci) {
        this.result = result;
        this.scorerId = scorerId;
        this.aggregation = aggregation;
        this.key = key;
        this.value = value;
        if (ci instanceof List<?> bounds
                && bounds.size() == 2
                && bounds.get(0) instanceof Number lo
                && bounds.get(1) instanceof Number hi) {
            this.lower = OptionalDouble.of(lo.doubleValue());
            this.upper = OptionalDouble.of(hi.doubleValue());
        } else {
            this.lower = OptionalDouble.empty();
            this.upper = OptionalDouble.empty();
        }
    }

    /** The metric's value. */
    public double value() {
        return value;
    }

    /** Fails unless the metric is at least {@code minimum}. */
    public MetricAssert isAtLeast(double minimum) {
        if (!(value >= minimum)) {
            fail("expected at least " + number(minimum));
        }
        return this;
    }

    /** Fails unless the metric is at most {@code maximum}. */
    public MetricAssert isAtMost(double maximum) {
        if (!(value <= maximum)) {
            fail("expected at most " + number(maximum));
        }
        return this;
    }

    /** Fails unless the metric is within {@code tolerance} of {@code expected}. */
    public MetricAssert isCloseTo(double expected, double tolerance) {
        if (!(Math.abs(value - expected) <= tolerance)) {
            fail("expected " + number(expected) + " ± " + number(tolerance));
        }
        return this;
    }

    /** Assertions on the lower bound of the metric's 95% interval (Wilson's for 0/1 scores, Student's t otherwise). */
    public BoundAssert lowerBound95() {
        return new BoundAssert("lower", lower);
    }

    /** Assertions on the upper bound of the metric's 95% interval. */
    public BoundAssert upperBound95() {
        return new BoundAssert("upper", upper);
    }

    /** Assertions on one bound of the 95% interval. */
    public final class BoundAssert {
        private final String which;
        private final OptionalDouble bound;

        private BoundAssert(String which, OptionalDouble bound) {
            this.which = which;
            this.bound = bound;
        }

        /** Fails unless the bound is at least {@code minimum}. */
        public MetricAssert isAtLeast(double minimum) {
            if (bound.isEmpty()) {
                fail("has no 95% interval (too few rows, or not a numeric aggregation), so its " + which
                        + " bound cannot be compared with " + number(minimum));
            }
            if (!(bound.getAsDouble() >= minimum)) {
                fail("its 95% interval's " + which + " bound " + number(bound.getAsDouble()) + " is under "
                        + number(minimum) + ": with " + rows() + " rows the run cannot show it is at least "
                        + number(minimum) + " (more rows narrow the interval)");
            }
            return MetricAssert.this;
        }

        /** Fails unless the bound is at most {@code maximum}. */
        public MetricAssert isAtMost(double maximum) {
            if (bound.isEmpty()) {
                fail("has no 95% interval, so its " + which + " bound cannot be compared with " + number(maximum));
            }
            if (!(bound.getAsDouble() <= maximum)) {
                fail("its 95% interval's " + which + " bound " + number(bound.getAsDouble()) + " is over "
                        + number(maximum));
            }
            return MetricAssert.this;
        }
    }

    private long rows() {
        return result.score(scorerId).numRows();
    }

    private void fail(String what) {
        ScorerSummary s = result.score(scorerId);
        String metric = aggregation.equals(key) ? aggregation : aggregation + "." + key;
        String interval = lower.isPresent()
                ? String.format(Locale.ROOT, "95%% interval [%.4f, %.4f], ", lower.getAsDouble(), upper.getAsDouble())
                : "";
        throw new AssertionError(scorerId + " " + metric + " is " + number(value) + " (" + interval + s.numRows()
                + " rows, " + s.numErrors() + " errors, " + s.numUnscored() + " unscored); " + what + "\n"
                + Evidence.worstSamples(result, scorerId, Evidence.SHOWN) + Evidence.where(result));
    }

    static String number(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
