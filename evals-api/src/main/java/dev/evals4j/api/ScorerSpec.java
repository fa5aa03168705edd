package dev.evals4j.api;

import dev.evals4j.api.spi.BaseScorer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A scorer chosen by id, with the parameters of this use and the aggregation functions to apply (the scorer's
 * defaults when empty) — or a scorer instance the caller made, used as it is.
 *
 * @param id the scorer id; for an instance, its own id
 * @param params the parameters; empty for an instance, which is already configured
 * @param aggregations the aggregation functions, or empty for the scorer's defaults
 * @param instance the scorer to use instead of resolving the id, when the caller passed one
 */
public record ScorerSpec(
        String id, Map<String, @Nullable Object> params, List<String> aggregations, Optional<BaseScorer> instance) {
    public ScorerSpec {
        Objects.requireNonNull(id, "id");
        params = JsonValues.copyRow(params);
        aggregations = List.copyOf(aggregations);
        Objects.requireNonNull(instance, "instance");
        if (instance.isPresent() && !params.isEmpty()) {
            throw new IllegalArgumentException(
                    "a scorer instance takes no parameters; configure it before passing it (" + id + ")");
        }
    }

    /** A scorer by id with these parameters and aggregations. */
    public ScorerSpec(String id, Map<String, @Nullable Object> params, List<String> aggregations) {
        this(id, params, aggregations, Optional.empty());
    }

    /** A scorer with its default parameters and aggregations. */
    public static ScorerSpec of(String id) {
        return new ScorerSpec(id, Map.of(), List.of());
    }

    /** A scorer instance, used as it is, with its default aggregations. */
    public static ScorerSpec of(BaseScorer scorer) {
        Objects.requireNonNull(scorer, "scorer");
        return new ScorerSpec(PluginNames.idOf(scorer), Map.of(), List.of(), Optional.of(scorer));
    }

    /** The same scorer with these aggregation functions. */
    public ScorerSpec withAggregations(String... names) {
        return new ScorerSpec(id, params, List.of(names), instance);
    }

    /** The same scorer with one more parameter. */
    public ScorerSpec withParam(String name, @Nullable Object value) {
        Map<String, Object> merged = new LinkedHashMap<>(params);
        merged.put(name, value);
        return new ScorerSpec(id, merged, aggregations, instance);
    }

    /** The class of the scorer when the caller passed an instance, as results record it. */
    public Optional<String> className() {
        return instance.map(PluginNames::classOf);
    }
}
