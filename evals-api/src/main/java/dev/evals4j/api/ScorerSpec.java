package dev.evals4j.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scorer chosen by id, with the parameters of this use and the aggregation functions to apply (the scorer's
 * defaults when empty).
 */
public record ScorerSpec(String id, Map<String, Object> params, List<String> aggregations) {
    public ScorerSpec {
        Objects.requireNonNull(id, "id");
        params = JsonValues.copyRow(params);
        aggregations = List.copyOf(aggregations);
    }

    /** A scorer with its default parameters and aggregations. */
    public static ScorerSpec of(String id) {
        return new ScorerSpec(id, Map.of(), List.of());
    }

    /** The same scorer with these aggregation functions. */
    public ScorerSpec withAggregations(String... names) {
        return new ScorerSpec(id, params, List.of(names));
    }

    /** The same scorer with one more parameter. */
    public ScorerSpec withParam(String name, Object value) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>(params);
        merged.put(name, value);
        return new ScorerSpec(id, merged, aggregations);
    }
}
