package dev.evals4j.api;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One scorer's results over a run: the aggregated results in Llama Stack's shape (each aggregation nested under
 * its own name), the number of rows scored, the rows that failed and those left unscored.
 */
public record ScorerSummary(
        String scorerId, Map<String, Object> aggregatedResults, long numRows, long numErrors, long numUnscored) {
    public ScorerSummary {
        Objects.requireNonNull(scorerId, "scorerId");
        aggregatedResults = JsonValues.copyRow(aggregatedResults);
    }

    /**
     * One number of the aggregated results, such as {@code metric("accuracy", "accuracy")}; empty when absent or
     * not a number.
     */
    public OptionalDouble metric(String aggregation, String key) {
        if (aggregatedResults.get(aggregation) instanceof Map<?, ?> inner && inner.get(key) instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        return OptionalDouble.empty();
    }
}
