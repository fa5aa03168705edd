package dev.evals4j.core.plugins;

import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.BaseTask;
import dev.evals4j.api.spi.Plugin;

/** The five kinds of plugin, each with its interface and the word users read in messages. */
public enum PluginKind {
    DATASET(BaseDataset.class, "dataset source"),
    PROCESSOR(BaseGeneratorProcessor.class, "processor"),
    GENERATOR(BaseGenerator.class, "generator"),
    SCORER(BaseScorer.class, "scorer"),
    TASK(BaseTask.class, "task");

    private final Class<? extends Plugin> type;
    private final String label;

    PluginKind(Class<? extends Plugin> type, String label) {
        this.type = type;
        this.label = label;
    }

    /** The plugin interface. */
    public Class<? extends Plugin> type() {
        return type;
    }

    /** The kind as a word in messages, such as {@code scorer}. */
    public String label() {
        return label;
    }

    /** The kind of a plugin instance. */
    public static PluginKind of(Plugin plugin) {
        for (PluginKind kind : values()) {
            if (kind.type.isInstance(plugin)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(plugin.getClass().getName()
                + " implements none of BaseDataset, BaseGeneratorProcessor, BaseGenerator, BaseScorer, BaseTask");
    }

    /** The kind whose interface is {@code type}. */
    public static PluginKind ofType(Class<? extends Plugin> type) {
        for (PluginKind kind : values()) {
            if (kind.type.equals(type)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(type.getName()
                + " is none of BaseDataset, BaseGeneratorProcessor, BaseGenerator, BaseScorer, BaseTask");
    }
}
