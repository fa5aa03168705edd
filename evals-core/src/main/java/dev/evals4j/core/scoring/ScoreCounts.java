package dev.evals4j.core.scoring;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The scores of a set of rows as the built-in aggregations use them, in a form that merges exactly across machines:
 * the numeric scores as their distinct values with counts, in ascending order; for {@code weighted_average} the
 * products {@code score × weight} and the weights, likewise; and the categorical scores counted by category. Counts
 * add exactly, so the counts of many partitions merge into the counts of the whole, in any order.
 *
 * <p>{@link Aggregations#result(String, ScoreCounts)} computes an aggregation from it with the same arithmetic, in the
 * same order, as an {@linkplain Aggregation#newAccumulator() accumulator} fed the same scores one at a time: the
 * results are identical to the last bit. Memory grows with the distinct values, not with the rows: a million 0/1
 * scores take two entries. Immutable.
 */
public final class ScoreCounts {
    private final Runs values;
    private final Runs products;
    private final Runs weights;
    private final Map<String, Long> categories;

    private ScoreCounts(Builder b) {
        this.values = b.values.frozen();
        this.products = b.products.frozen();
        this.weights = b.weights.frozen();
        this.categories = Collections.unmodifiableMap(new TreeMap<>(b.categories));
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many numeric scores there are. */
    public long numeric() {
        return values.total;
    }

    /** The categorical scores counted by category, in category order. */
    public Map<String, Long> categories() {
        return categories;
    }

    /** The numeric scores, ascending. */
    SortedValues values() {
        return values;
    }

    /** Hands each distinct numeric score and how often it occurs to {@code action}, ascending. */
    void forEachValue(RunAction action) {
        values.forEachRun(action);
    }

    /** Each numeric score times its weight, ascending. */
    SortedValues products() {
        return products;
    }

    /** The weights of the numeric scores, ascending. */
    SortedValues weights() {
        return weights;
    }

    /** How many categorical scores there are. */
    long categorical() {
        long n = 0;
        for (long c : categories.values()) {
            n += c;
        }
        return n;
    }

    /**
     * Builds {@link ScoreCounts}; values are added in ascending order (as {@link Double#compare} orders them, so
     * {@code -0.0} before {@code 0.0}). Not thread-safe.
     */
    public static final class Builder {
        private final Runs values = new Runs("value");
        private final Runs products = new Runs("product");
        private final Runs weights = new Runs("weight");
        private final Map<String, Long> categories = new TreeMap<>();

        private Builder() {}

        /**
         * Adds {@code count} numeric scores of {@code value}.
         *
         * @throws IllegalArgumentException when the value is NaN, below the last one added, or the count is not
         *     positive
         */
        public Builder value(double value, long count) {
            values.add(value, count);
            return this;
        }

        /** Adds {@code count} products {@code score × weight} of {@code value}; see {@link #value}. */
        public Builder product(double value, long count) {
            products.add(value, count);
            return this;
        }

        /** Adds {@code count} weights of {@code value}; see {@link #value}. */
        public Builder weight(double value, long count) {
            weights.add(value, count);
            return this;
        }

        /**
         * Adds {@code count} categorical scores of {@code category}, in any order.
         *
         * @throws IllegalArgumentException when the count is not positive
         */
        public Builder category(String category, long count) {
            Objects.requireNonNull(category, "category");
            if (count < 1) {
                throw new IllegalArgumentException("a count must be at least 1, was " + count);
            }
            categories.merge(category, count, Long::sum);
            return this;
        }

        /**
         * Builds the counts.
         *
         * @throws IllegalArgumentException when products and weights do not count the same scores as the values,
         *     though some were given
         */
        public ScoreCounts build() {
            if ((products.total != 0 || weights.total != 0)
                    && (products.total != values.total || weights.total != values.total)) {
                throw new IllegalArgumentException("products (" + products.total + ") and weights (" + weights.total
                        + ") must count as many scores as the values (" + values.total + ")");
            }
            return new ScoreCounts(this);
        }
    }

    /** Numbers in ascending order, repeats included, read in order or by position. */
    interface SortedValues {
        /** How many numbers there are. */
        long size();

        /** Hands every number to {@code action}, in ascending order, each as often as it occurs. */
        void forEach(java.util.function.DoubleConsumer action);

        /** The number at {@code position} (from 0) in ascending order. */
        double get(long position);
    }

    /** Takes a distinct value and how often it occurs. */
    @FunctionalInterface
    interface RunAction {
        void accept(double value, long count);
    }

    /** Distinct values with their counts, ascending. */
    private static final class Runs implements SortedValues {
        private final String what;
        private double[] values = new double[16];
        private long[] counts = new long[16];
        private int size;
        private long total;

        Runs(String what) {
            this.what = what;
        }

        void add(double value, long count) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("a " + what + " must be a number, was NaN");
            }
            if (count < 1) {
                throw new IllegalArgumentException("a count must be at least 1, was " + count);
            }
            if (size > 0) {
                int order = Double.compare(value, values[size - 1]);
                if (order < 0) {
                    throw new IllegalArgumentException(
                            what + "s must be added in ascending order: " + value + " came after " + values[size - 1]);
                }
                if (order == 0) {
                    counts[size - 1] += count;
                    total += count;
                    return;
                }
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            values[size] = value;
            counts[size++] = count;
            total += count;
        }

        Runs frozen() {
            Runs copy = new Runs(what);
            copy.values = Arrays.copyOf(values, size);
            copy.counts = Arrays.copyOf(counts, size);
            copy.size = size;
            copy.total = total;
            return copy;
        }

        @Override
        public long size() {
            return total;
        }

        @Override
        public void forEach(java.util.function.DoubleConsumer action) {
            for (int r = 0; r < size; r++) {
                double v = values[r];
                for (long k = counts[r]; k > 0; k--) {
                    action.accept(v);
                }
            }
        }

        void forEachRun(RunAction action) {
            for (int r = 0; r < size; r++) {
                action.accept(values[r], counts[r]);
            }
        }

        @Override
        public double get(long position) {
            if (position < 0 || position >= total) {
                throw new IndexOutOfBoundsException("position " + position + " of " + total);
            }
            long before = 0;
            for (int r = 0; r < size; r++) {
                before += counts[r];
                if (position < before) {
                    return values[r];
                }
            }
            throw new IllegalStateException("counts do not add up to " + total);
        }
    }
}
