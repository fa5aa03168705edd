package dev.evals4j.core.internal;

import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.plugins.PluginRegistry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of one {@link dev.evals4j.core.Evals} instance: its registry, environment and folders, resolved once,
 * and the resources its plugins share, closed with the instance. Thread-safe.
 */
public final class InstanceContext implements PluginContext, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceContext.class);

    private final PluginRegistry registry;
    private final Map<String, String> environment;
    private final Path cacheDir;
    private final Path dataDir;
    private final Optional<Path> responseCacheDir;
    private final Map<Class<?>, Function<PluginContext, ?>> factories;
    private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private boolean closed;

    /**
     * A context.
     *
     * @param factories how to create shared resources of some types, instead of the defaults plugins ask for
     */
    public InstanceContext(
            PluginRegistry registry,
            Map<String, String> environment,
            Path cacheDir,
            Path dataDir,
            Optional<Path> responseCacheDir,
            Map<Class<?>, Function<PluginContext, ?>> factories) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.environment = Map.copyOf(environment);
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.responseCacheDir = Objects.requireNonNull(responseCacheDir, "responseCacheDir");
        this.factories = Map.copyOf(factories);
    }

    /** The plugins of this instance. */
    public PluginRegistry registry() {
        return registry;
    }

    /** A new scope for one run, which closes what is configured through it when the run ends. */
    public RunScope newRunScope() {
        return new RunScope(this);
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public Path cacheDir() {
        return cacheDir;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Optional<Path> responseCacheDir() {
        return responseCacheDir;
    }

    @Override
    public BaseGenerator generator(String id, Map<String, ?> params) {
        return registry.generator(id, params, this);
    }

    @Override
    public BaseScorer scorer(String id, Map<String, ?> params) {
        return registry.scorer(id, params, this);
    }

    @Override
    public BaseGeneratorProcessor processor(String id, Map<String, ?> params) {
        return registry.processor(id, params, this);
    }

    @Override
    public <T extends Plugin> Optional<T> plugin(Class<T> kind, String id) {
        return registry.find(kind, id);
    }

    @Override
    public RowReader openDataset(DatasetSource source) {
        return openDataset(source, this);
    }

    /** Opens a source with a plugin of this instance, giving the plugin {@code context}. */
    RowReader openDataset(DatasetSource source, PluginContext context) {
        BaseDataset plugin = registry.datasetFor(source);
        return plugin.open(source, context);
    }

    @Override
    public <T> T shared(Class<T> type, Supplier<? extends T> create) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(create, "create");
        Object value = shared.get(type);
        if (value == null) {
            synchronized (shared) {
                requireOpen();
                value = shared.get(type);
                if (value == null) {
                    Function<PluginContext, ?> factory = factories.get(type);
                    value = Objects.requireNonNull(
                            factory != null ? factory.apply(this) : create.get(),
                            "the shared " + type.getName() + " created was null");
                    shared.put(type, value);
                    if (value instanceof AutoCloseable closeable) {
                        toClose.push(closeable);
                    }
                }
            }
        }
        return type.cast(value);
    }

    @Override
    public void closeLater(AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        synchronized (shared) {
            requireOpen();
            toClose.push(resource);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this evals4j instance is closed");
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        synchronized (shared) {
            return closed;
        }
    }

    /** Closes the shared resources, last created first; failures are logged, the rest still closed. */
    @Override
    public void close() {
        Deque<AutoCloseable> closing;
        synchronized (shared) {
            if (closed) {
                return;
            }
            closed = true;
            closing = new ArrayDeque<>(toClose);
            toClose.clear();
            shared.clear();
        }
        closeAll(closing, "an evals4j instance");
    }

    static void closeAll(Iterable<AutoCloseable> resources, String owner) {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Could not close {} of {}", c, owner, e);
            }
        }
    }

    @Override
    public String toString() {
        return "InstanceContext[cache=" + cacheDir + ", data=" + dataDir + ", responses="
                + responseCacheDir.map(Path::toString).orElse("off") + "]";
    }
}
