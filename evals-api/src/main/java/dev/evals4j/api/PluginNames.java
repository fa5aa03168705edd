package dev.evals4j.api;

import dev.evals4j.api.spi.Plugin;

/** How plugin instances that callers pass are named in results: their id, and their class. */
final class PluginNames {
    private PluginNames() {}

    static String idOf(Plugin plugin) {
        String id = plugin.id();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(plugin.getClass().getName() + " has no id");
        }
        return id;
    }

    /** The class name, with a lambda's generated suffix cut so that it is the same in every run. */
    static String classOf(Object plugin) {
        Object named = plugin instanceof FunctionGenerator f ? f.function() : plugin;
        String name = named.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        return lambda < 0 ? name : name.substring(0, lambda) + "$$Lambda";
    }
}
