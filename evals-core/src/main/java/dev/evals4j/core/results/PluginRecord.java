package dev.evals4j.core.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.evals4j.api.JsonValues;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A plugin of a run as files record it: its id, the class of an instance the caller passed (absent for plugins
 * chosen by id), its parameters without secrets, and for a scorer its aggregations.
 *
 * @param id the plugin id
 * @param className the class of a plugin instance passed by the caller; null for a plugin chosen by id
 * @param params the parameters, with secret values written as {@code ***}
 * @param aggregations a scorer's aggregation functions (empty: its defaults); null for other plugins
 */
public record PluginRecord(
        String id,
        @JsonProperty("class") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String className,
        Map<String, Object> params,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> aggregations) {
    public PluginRecord {
        Objects.requireNonNull(id, "id");
        params = params == null ? Map.of() : JsonValues.copyRow(params);
        aggregations = aggregations == null ? null : List.copyOf(aggregations);
    }

    /** Whether the plugin was an instance passed by the caller, which a folder alone cannot bring back. */
    @JsonIgnore
    public boolean isInstance() {
        return className != null;
    }
}
