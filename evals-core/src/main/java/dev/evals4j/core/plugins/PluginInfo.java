package dev.evals4j.core.plugins;

import java.util.Objects;

/** What {@code evals list} shows of a plugin: its kind, id, module, description and class. */
public record PluginInfo(PluginKind kind, String id, String module, String description, String className) {
    public PluginInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(className, "className");
    }
}
