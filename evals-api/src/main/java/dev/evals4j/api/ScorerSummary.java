package dev.evals4j.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One scorer's results over a run: the aggregated results in Llama Stack's shape (each aggregation nested under
 * its own name), the number of rows scored, the rows that failed, those left unscored, those where no answer was
 * found in the generation, and, when the run was broken down by a column, the same per group with the macro average.
 */
public record ScorerSummary(
        String scorerId,
        Map<String, Object> aggregatedResults,
        long numRows,
        long numErrors,
        long numUnscored,
        long numNoAnswer,
        Optional<Breakdown> breakdown) {
    public ScorerSummary {
        Objects.requireNonNull(scorerId, "scorerId");
        aggregatedResults = JsonValues.copyRow(aggregatedResults);
        Objects.requireNonNull(breakdown, "breakdown");
    }

    /** A summary without no-answer counts or breakdown. */
    public ScorerSummary(
            String scorerId, Map<String, Object> aggregatedResults, long numRows, long numErrors, long numUnscored) {
        this(scorerId, aggregatedResults, numRows, numErrors, numUnscored, 0, Optional.empty());
    }

    /**
     * One number of the aggregated results, such as {@code metric("accuracy", "accuracy")}; empty when absent or
     * not a number. With a breakdown this is the micro average, over all rows.
     */
    public OptionalDouble metric(String aggregation, String key) {
        return number(aggregatedResults, aggregation, key);
    }

    /** The share of rows where no answer was found, or 0 for a run without rows. */
    public double noAnswerRate() {
        return numRows == 0 ? 0 : (double) numNoAnswer / numRows;
    }

    /**
     * The macro average of an aggregation's headline value (the mean of the groups' values), such as {@code
     * macro("accuracy")}; empty without a breakdown.
     */
    public OptionalDouble macro(String aggregation) {
        return breakdown.map(b -> number(b.macro(), aggregation, aggregation)).orElse(OptionalDouble.empty());
    }

    /**
     * The summary of one group of the breakdown, such as {@code group("biology")}.
     *
     * @throws IllegalArgumentException when the run has no breakdown or no such group
     */
    public ScorerSummary group(String value) {
        Breakdown b = breakdown.orElseThrow(
                () -> new IllegalArgumentException("the scorer " + scorerId + " has no breakdown by group"));
        ScorerSummary s = b.groups().get(value);
        if (s == null) {
            throw new IllegalArgumentException("the breakdown by " + b.column() + " has no group '" + value
                    + "'; its groups: " + String.join(", ", b.groups().keySet()));
        }
        return s;
    }

    private static OptionalDouble number(Map<String, Object> results, String aggregation, String key) {
        if (results.get(aggregation) instanceof Map<?, ?> inner && inner.get(key) instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        return OptionalDouble.empty();
    }

    /**
     * The scores broken down by the values of a row column.
     *
     * @param column the column
     * @param groups each value's summary, by value in sorted order (a row without the value is in group {@code null})
     * @param macro each aggregation's macro average: {@code {"accuracy": {"accuracy": 0.21, "num_groups": 14}}}
     */
    public record Breakdown(String column, Map<String, ScorerSummary> groups, Map<String, Object> macro) {
        public Breakdown {
            Objects.requireNonNull(column, "column");
            groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
            macro = JsonValues.copyRow(macro);
        }
    }
}
