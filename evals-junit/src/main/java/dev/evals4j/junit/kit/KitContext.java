package dev.evals4j.junit.kit;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.RowReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The context the contract kits configure plugins with: an empty environment, a cache and a data folder of its own
 * (temporary), no response cache, and no other plugins — asking for one fails with a message that says how to give
 * the kit a context that has it. Shared resources are kept for the context's life; nothing is closed.
 */
public class KitContext implements PluginContext {
    private final Path root;
    private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();

    /** A context with a fresh temporary folder. */
    public KitContext() {
        try {
            this.root = Files.createTempDirectory("evals4j-kit");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> environment() {
        return Map.of();
    }

    @Override
    public Path cacheDir() {
        return root.resolve("cache");
    }

    @Override
    public Path dataDir() {
        return root.resolve("runs");
    }

    @Override
    public Optional<Path> responseCacheDir() {
        return Optional.empty();
    }

    @Override
    public BaseGenerator generator(String id, Map<String, ?> params) {
        throw noPlugins("generator", id);
    }

    @Override
    public BaseScorer scorer(String id, Map<String, ?> params) {
        throw noPlugins("scorer", id);
    }

    @Override
    public BaseGeneratorProcessor processor(String id, Map<String, ?> params) {
        throw noPlugins("processor", id);
    }

    @Override
    public <T extends Plugin> Optional<T> plugin(Class<T> kind, String id) {
        return Optional.empty();
    }

    @Override
    public RowReader openDataset(DatasetSource source) {
        throw new ConfigurationException("the contract kit's context reads no datasets (" + source
                + "); override context() to give it an evals4j instance's context");
    }

    @Override
    public <T> T shared(Class<T> type, Supplier<? extends T> create) {
        return type.cast(shared.computeIfAbsent(type, t -> create.get()));
    }

    @Override
    public void closeLater(AutoCloseable resource) {
        // the kit's plugins live as long as the test
    }

    private static ConfigurationException noPlugins(String kind, String id) {
        return new ConfigurationException("the contract kit's context has no " + kind + " '" + id
                + "'; override context() to give it an evals4j instance's context, such as Evals.builder()"
                + ".build().context()");
    }
}
