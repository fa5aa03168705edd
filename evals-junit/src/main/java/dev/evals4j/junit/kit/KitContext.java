package dev.evals4j.junit.kit;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.RowReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The context the contract kits configure plugins with: an empty environment, a cache and a data folder of its own
 * (temporary, made on first use and deleted by {@link #close()}), no response cache, and no other plugins unless the
 * test gives them ({@link Builder#plugin}). Asking for a plugin it does not have fails with a message that says how
 * to give it one.
 *
 * <p>Plugins configured through it ({@link #generator}, {@link #scorer}, {@link #processor}) and resources handed to
 * {@link #closeLater} are closed, last first, by {@link #close()}, then its shared resources; the kits close the
 * {@code KitContext} they were given after each test. Thread-safe.
 *
 * <pre>{@code
 * @Override
 * protected PluginContext context() {
 *     return KitContext.builder()
 *             .environment(Map.of("JUDGE_KEY", "sk-test"))
 *             .plugin(new FakeJudge())
 *             .build();
 * }
 * }</pre>
 */
public final class KitContext implements PluginContext, AutoCloseable {
    private final Map<String, String> environment;
    private final List<Plugin> plugins;
    private final Map<Class<?>, Object> shared = new LinkedHashMap<>();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private @Nullable Path root;
    private boolean closed;

    /** A context with an empty environment and no plugins. */
    public KitContext() {
        this(new Builder());
    }

    private KitContext(Builder builder) {
        this.environment = Map.copyOf(builder.environment);
        this.plugins = List.copyOf(builder.plugins);
    }

    /** A builder of a context with an environment and plugins of the test's choosing. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public Path cacheDir() {
        return root().resolve("cache");
    }

    @Override
    public Path dataDir() {
        return root().resolve("runs");
    }

    @Override
    public Optional<Path> responseCacheDir() {
        return Optional.empty();
    }

    @Override
    public BaseGenerator generator(String id, Map<String, ? extends @Nullable Object> params) {
        BaseGenerator plugin = find(BaseGenerator.class, id).orElseThrow(() -> noPlugin("generator", id));
        return closedLater(plugin.configure(Params.resolve(id, plugin.parameters(), params), this));
    }

    @Override
    public BaseScorer scorer(String id, Map<String, ? extends @Nullable Object> params) {
        BaseScorer plugin = find(BaseScorer.class, id).orElseThrow(() -> noPlugin("scorer", id));
        return closedLater(plugin.configure(Params.resolve(id, plugin.parameters(), params), this));
    }

    @Override
    public BaseGeneratorProcessor processor(String id, Map<String, ? extends @Nullable Object> params) {
        BaseGeneratorProcessor plugin =
                find(BaseGeneratorProcessor.class, id).orElseThrow(() -> noPlugin("processor", id));
        return closedLater(plugin.configure(Params.resolve(id, plugin.parameters(), params), this));
    }

    @Override
    public <T extends Plugin> Optional<T> plugin(Class<T> kind, String id) {
        return find(kind, id);
    }

    @Override
    public RowReader openDataset(DatasetSource source) {
        for (Plugin p : plugins) {
            if (p instanceof BaseDataset dataset && dataset.accepts(source)) {
                return dataset.open(source, this);
            }
        }
        throw new ConfigurationException("the contract kit's context has no dataset plugin that reads " + source
                + "; give it one with KitContext.builder().plugin(…), or override context() to give the kit an evals4j"
                + " instance's context, such as Evals.builder().build().context()");
    }

    @Override
    public <T> T shared(Class<T> type, Supplier<? extends T> create) {
        synchronized (shared) {
            Object existing = shared.get(type);
            if (existing != null) {
                return type.cast(existing);
            }
        }
        // created outside the lock: a resource may ask the context for another one while it is made
        T made = Objects.requireNonNull(create.get(), "shared resource");
        synchronized (shared) {
            Object existing = shared.putIfAbsent(type, made);
            if (existing != null) {
                closeQuietly(made);
                return type.cast(existing);
            }
            return made;
        }
    }

    @Override
    public void closeLater(AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        synchronized (toClose) {
            toClose.push(resource);
        }
    }

    /**
     * Closes what was configured through this context and handed to {@link #closeLater}, last first, then the shared
     * resources, and deletes the temporary folder. Closing twice does nothing.
     *
     * @throws IllegalStateException when something fails to close; everything else is still closed
     */
    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>();
        synchronized (toClose) {
            if (closed) {
                return;
            }
            closed = true;
            while (!toClose.isEmpty()) {
                all.add(toClose.pop());
            }
        }
        synchronized (shared) {
            for (Object resource : shared.values()) {
                if (resource instanceof AutoCloseable c) {
                    all.add(c);
                }
            }
            shared.clear();
        }
        IllegalStateException failure = null;
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("the contract kit's context could not close " + c, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        Path folder;
        synchronized (this) {
            folder = root;
        }
        if (folder != null) {
            delete(folder);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("evals4j-kit");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the contract kit's temporary folder", e);
            }
        }
        return root;
    }

    private <T extends Plugin> Optional<T> find(Class<T> kind, String id) {
        for (Plugin p : plugins) {
            if (kind.isInstance(p) && p.id().equals(id)) {
                return Optional.of(kind.cast(p));
            }
        }
        return Optional.empty();
    }

    private <T> T closedLater(T configured) {
        if (configured instanceof AutoCloseable c) {
            closeLater(c);
        }
        return configured;
    }

    private static void closeQuietly(Object resource) {
        if (resource instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // a duplicate made by a lost race, never handed out: nothing uses it
            }
        }
    }

    private static void delete(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the contract kit's temporary folder " + folder, e);
        }
    }

    private static ConfigurationException noPlugin(String kind, String id) {
        return new ConfigurationException("the contract kit's context has no " + kind + " '" + id
                + "'; give it one with KitContext.builder().plugin(…), or override context() to give the kit an evals4j"
                + " instance's context, such as Evals.builder().build().context()");
    }

    /** Builds a {@link KitContext}; not thread-safe. */
    public static final class Builder {
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<Plugin> plugins = new ArrayList<>();

        private Builder() {}

        /** The environment variables the context's plugins see, instead of none; the process's are never read. */
        public Builder environment(Map<String, String> env) {
            environment.clear();
            environment.putAll(Objects.requireNonNull(env, "env"));
            return this;
        }

        /**
         * Gives the context a plugin (a scorer, generator, processor or dataset) that the plugin under test may ask
         * for by id: a fake judge model, say. A generator, scorer or processor asked for is configured through this
         * context; a dataset plugin reads the sources it accepts for {@link KitContext#openDataset}.
         *
         * @throws IllegalArgumentException when the context already has a plugin of the same kind and id
         */
        public Builder plugin(Plugin plugin) {
            Objects.requireNonNull(plugin, "plugin");
            for (Plugin p : plugins) {
                if (p.id().equals(plugin.id()) && kind(p).equals(kind(plugin))) {
                    throw new IllegalArgumentException("the contract kit's context already has a " + kind(p) + " '"
                            + p.id() + "' (" + p.getClass().getName() + "); cannot add "
                            + plugin.getClass().getName());
                }
            }
            plugins.add(plugin);
            return this;
        }

        /** The context. */
        public KitContext build() {
            return new KitContext(this);
        }

        private static String kind(Plugin p) {
            if (p instanceof BaseScorer) {
                return "scorer";
            }
            if (p instanceof BaseGenerator) {
                return "generator";
            }
            if (p instanceof BaseGeneratorProcessor) {
                return "processor";
            }
            if (p instanceof BaseDataset) {
                return "dataset";
            }
            return "plugin";
        }
    }
}
