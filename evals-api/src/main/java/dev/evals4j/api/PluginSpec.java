package dev.evals4j.api;

import java.util.Map;
import java.util.Objects;

/** A plugin chosen by id, with the parameters of this use (checked when the plugin is resolved). */
public record PluginSpec(String id, Map<String, Object> params) {
    public PluginSpec {
        Objects.requireNonNull(id, "id");
        params = JsonValues.copyRow(params);
    }

    /** A plugin with its default parameters. */
    public static PluginSpec of(String id) {
        return new PluginSpec(id, Map.of());
    }
}
