package dev.evals4j.spark.internal;

import dev.evals4j.core.Evals;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The evals4j instance of a JVM that runs Spark tasks: one per configuration, made on first use with the plugins on
 * the JVM's class path (the same discovery, registry and context as a local run) and kept for the JVM's life, so
 * that its tasks share one HTTP connection pool and one response cache. Closed when the JVM ends.
 */
public final class ExecutorEvals {
    private static final Map<Config, Evals> INSTANCES = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> INSTANCES.values().forEach(Evals::close), "evals-spark-close"));
    }

    private ExecutorEvals() {}

    /**
     * What an executor's instance is built with; serializable, it travels with the tasks.
     *
     * @param cacheDir evals4j's cache folder on the executors, else the instance's default
     * @param responseCache whether deterministic model answers are cached on disk
     */
    public record Config(@Nullable String cacheDir, boolean responseCache) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** An instance as this configuration says: the process's environment, the class path's plugins. */
        Evals build() {
            Evals.Builder b = Evals.builder().responseCache(responseCache);
            if (cacheDir != null) {
                b.cacheDir(Path.of(cacheDir));
            }
            return b.build();
        }
    }

    /** This JVM's instance for a configuration. */
    public static Evals instance(Config config) {
        return INSTANCES.computeIfAbsent(config, Config::build);
    }
}
