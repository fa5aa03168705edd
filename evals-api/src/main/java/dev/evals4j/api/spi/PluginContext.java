package dev.evals4j.api.spi;

import dev.evals4j.api.DatasetSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The world of one evals4j instance, as a plugin sees it when it is configured: the environment, the folders, the
 * other plugins of the same instance, and the resources the instance shares (one HTTP connection pool, one Hub
 * client). A plugin reads nothing of the process itself — no {@code System.getenv}, no home folder, no plugin
 * discovery of its own — so two instances in one JVM never see each other's plugins, keys or caches.
 *
 * <p>Plugins configured through a context ({@link #generator}, {@link #scorer}, {@link #processor}) and resources
 * handed to {@link #closeLater} are closed, when they are {@link AutoCloseable}, by whoever made the context: a
 * run closes what was configured for it when it ends; the instance closes its shared resources when it is closed.
 * Implementations are thread-safe.
 */
public interface PluginContext {

    /** The environment variables of this instance: the process's unless the instance was given others. */
    Map<String, String> environment();

    /** One environment variable, when it is set and not blank. */
    default Optional<String> env(String name) {
        String value = environment().get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The folder evals4j keeps caches in (model answers, Hub files), resolved once by the instance. */
    Path cacheDir();

    /** The folder runs and jobs are written to when a request names no output folder. */
    Path dataDir();

    /**
     * The folder of the response cache, when this instance caches model answers (the {@code evals} command does;
     * a library instance does only when it is built to). Empty when it is off.
     */
    Optional<Path> responseCacheDir();

    /**
     * A generator of this instance's registry, configured with these parameters and this context.
     *
     * @throws dev.evals4j.api.UnknownPluginException when the instance has no generator with this id
     * @throws dev.evals4j.api.ConfigurationException when the parameters are refused
     */
    BaseGenerator generator(String id, Map<String, ? extends @Nullable Object> params);

    /** A scorer of this instance's registry, configured; see {@link #generator}. */
    BaseScorer scorer(String id, Map<String, ? extends @Nullable Object> params);

    /** A processor of this instance's registry, configured; see {@link #generator}. */
    BaseGeneratorProcessor processor(String id, Map<String, ? extends @Nullable Object> params);

    /**
     * The unconfigured plugin of a kind with an id, to read its {@link Plugin#parameters()}; empty when this
     * instance has none.
     */
    <T extends Plugin> Optional<T> plugin(Class<T> kind, String id);

    /**
     * Opens a dataset source (a file, a URL, a Hub dataset, inline rows) with this instance's dataset plugins.
     *
     * @throws dev.evals4j.api.ConfigurationException when no plugin reads the source
     * @throws dev.evals4j.api.DatasetLoadException when it cannot be opened
     */
    RowReader openDataset(DatasetSource source);

    /**
     * The instance-wide resource of a type, created with {@code create} on first use and shared by every plugin of
     * the instance afterwards (an HTTP connection pool, a Hub client). A resource that is {@link AutoCloseable} is
     * closed when the instance is closed.
     */
    <T> T shared(Class<T> type, Supplier<? extends T> create);

    /** Closes a resource when the run (or the instance) that configured this plugin is done with it. */
    void closeLater(AutoCloseable resource);
}
