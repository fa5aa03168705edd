package dev.evals4j.spark.internal;

import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one count of a run's scores counts, as the partitions send their counts to be added: for a scorer (by its
 * position in the request), over all rows or one group of the breakdown, either a counter (rows, errors, unscored,
 * no answer) or one value of a series (a numeric score, a product score × weight, a weight, a category). Keys order
 * as the merge reads them: by scorer, all rows before the groups, groups by name, then by series, values ascending
 * as {@link Double#compare} orders them.
 */
public final class AggKey implements Serializable, Comparable<AggKey> {
    private static final long serialVersionUID = 1L;

    static final byte COUNTER = 0;
    static final byte VALUE = 1;
    static final byte PRODUCT = 2;
    static final byte WEIGHT = 3;
    static final byte CATEGORY = 4;

    static final long ROWS = 0;
    static final long ERRORS = 1;
    static final long UNSCORED = 2;
    static final long NO_ANSWER = 3;

    final int scorer;
    final @Nullable String group;
    final byte series;
    /** A counter's number, or a value's bits ({@link Double#doubleToLongBits}); 0 for a category. */
    final long bits;

    final @Nullable String category;

    private AggKey(int scorer, @Nullable String group, byte series, long bits, @Nullable String category) {
        this.scorer = scorer;
        this.group = group;
        this.series = series;
        this.bits = bits;
        this.category = category;
    }

    static AggKey counter(int scorer, @Nullable String group, long counter) {
        return new AggKey(scorer, group, COUNTER, counter, null);
    }

    static AggKey value(int scorer, @Nullable String group, byte series, double value) {
        return new AggKey(scorer, group, series, Double.doubleToLongBits(value), null);
    }

    static AggKey category(int scorer, @Nullable String group, String category) {
        return new AggKey(scorer, group, CATEGORY, 0, category);
    }

    double value() {
        return Double.longBitsToDouble(bits);
    }

    /** Whether {@code other} counts for the same scorer and the same rows (all, or the same group). */
    boolean sameSet(AggKey other) {
        return scorer == other.scorer && Objects.equals(group, other.group);
    }

    @Override
    public int compareTo(AggKey o) {
        int c = Integer.compare(scorer, o.scorer);
        if (c != 0) {
            return c;
        }
        if (!Objects.equals(group, o.group)) {
            if (group == null) {
                return -1;
            }
            if (o.group == null) {
                return 1;
            }
            c = group.compareTo(o.group);
            if (c != 0) {
                return c;
            }
        }
        c = Byte.compare(series, o.series);
        if (c != 0) {
            return c;
        }
        if (series == CATEGORY) {
            return Objects.requireNonNull(category).compareTo(Objects.requireNonNull(o.category));
        }
        return series == COUNTER ? Long.compare(bits, o.bits) : Double.compare(value(), o.value());
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof AggKey k
                && scorer == k.scorer
                && series == k.series
                && bits == k.bits
                && Objects.equals(group, k.group)
                && Objects.equals(category, k.category);
    }

    @Override
    public int hashCode() {
        int h = scorer;
        h = 31 * h + (group == null ? 0 : group.hashCode());
        h = 31 * h + series;
        h = 31 * h + Long.hashCode(bits);
        return 31 * h + (category == null ? 0 : category.hashCode());
    }

    @Override
    public String toString() {
        return "AggKey[" + scorer + ", " + group + ", " + series + ", "
                + (series == CATEGORY ? category : series == COUNTER ? Long.toString(bits) : Double.toString(value()))
                + "]";
    }
}
