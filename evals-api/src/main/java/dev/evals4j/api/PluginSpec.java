package dev.evals4j.api;

import dev.evals4j.api.spi.Plugin;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A plugin chosen by id, with the parameters of this use (checked when the plugin is resolved) — or a plugin
 * instance the caller made, used as it is.
 *
 * @param id the plugin id; for an instance, its own id
 * @param params the parameters; empty for an instance, which is already configured
 * @param instance the plugin to use instead of resolving the id, when the caller passed one
 */
public record PluginSpec(String id, Map<String, @Nullable Object> params, Optional<Plugin> instance) {
    public PluginSpec {
        Objects.requireNonNull(id, "id");
        params = JsonValues.copyRow(params);
        Objects.requireNonNull(instance, "instance");
        if (instance.isPresent() && !params.isEmpty()) {
            throw new IllegalArgumentException(
                    "a plugin instance takes no parameters; configure it before passing it (" + id + ")");
        }
    }

    /** A plugin by id with these parameters. */
    public PluginSpec(String id, Map<String, @Nullable Object> params) {
        this(id, params, Optional.empty());
    }

    /** A plugin by id with its default parameters. */
    public static PluginSpec of(String id) {
        return new PluginSpec(id, Map.of());
    }

    /** A plugin instance, used as it is. */
    public static PluginSpec of(Plugin instance) {
        Objects.requireNonNull(instance, "instance");
        return new PluginSpec(PluginNames.idOf(instance), Map.of(), Optional.of(instance));
    }

    /**
     * The class that implements the plugin when the caller passed an instance (a lambda's enclosing class and
     * {@code $$Lambda}), as results record it.
     */
    public Optional<String> className() {
        return instance.map(PluginNames::classOf);
    }
}
