package dev.evals4j.core;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetsApi;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalsApi;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.datasets.DatasetService;
import dev.evals4j.core.internal.InstanceContext;
import dev.evals4j.core.internal.ProcessDefaults;
import dev.evals4j.core.jobs.JobService;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.run.EvalRunner;
import dev.evals4j.core.tasks.TaskService;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One evals4j instance: its plugins, its environment and folders, its registered datasets, the runner, and the
 * background jobs. It owns its world: its plugins read the environment, folders and shared resources (one HTTP
 * connection pool) it gives them, never the process's, so two instances in one JVM never see each other's plugins,
 * keys or caches. Close it to stop its jobs and release what it started. Thread-safe.
 *
 * <pre>{@code
 * try (Evals evals = Evals.create()) {
 *     EvalResult result = evals.score("qa.csv", "basic::equality");
 *     double accuracy = result.score("basic::equality").metric("accuracy", "accuracy").orElseThrow();
 * }
 * }</pre>
 */
public final class Evals implements AutoCloseable {
    /** The default folder of runs and jobs, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("runs");

    private final InstanceContext context;
    private final DatasetService datasets;
    private final EvalRunner runner;
    private final TaskService tasks;
    private final Path jobsDir;
    private final int parallelJobs;
    private @Nullable JobService jobs;

    private Evals(Builder b) {
        PluginRegistry plugins =
                b.plugins != null ? b.plugins : PluginRegistry.builder().build();
        Map<String, String> env = b.environment != null ? b.environment : ProcessDefaults.environment();
        Path cacheDir = b.cacheDir != null ? b.cacheDir : ProcessDefaults.cacheDir(env);
        Path dataDir = b.dataDir != null ? b.dataDir : DEFAULT_DATA_DIR;
        Optional<Path> responses = b.responseCache
                ? Optional.of(b.responseCacheDir != null ? b.responseCacheDir : cacheDir.resolve("responses"))
                : Optional.empty();
        this.context = new InstanceContext(plugins, env, cacheDir, dataDir, responses, b.resources);
        this.datasets = new DatasetService(context);
        this.runner = new EvalRunner(context, datasets);
        this.tasks = new TaskService(context, datasets);
        this.jobsDir = b.jobsDir != null ? b.jobsDir : dataDir.resolve("jobs");
        this.parallelJobs = b.parallelJobs;
    }

    /** An instance with every plugin on the class path and the process's environment. */
    public static Evals create() {
        return builder().build();
    }

    /** An instance with the plugins of this registry. */
    public static Evals create(PluginRegistry plugins) {
        return builder().plugins(plugins).build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The plugins. */
    public PluginRegistry plugins() {
        return context.registry();
    }

    /**
     * This instance's world as its plugins see it: configure a plugin of this instance with
     * {@code context().scorer(id, params)}, read its folders and environment.
     */
    public PluginContext context() {
        return context;
    }

    /** The datasets facade. */
    public DatasetsApi datasets() {
        return datasets;
    }

    /** The evals facade. */
    public EvalsApi evals() {
        return runner;
    }

    /** The benchmark tasks: their plans, and requests that run them or re-score logged outputs with them. */
    public TaskService tasks() {
        return tasks;
    }

    /** The runner itself, for checking a request without running it. */
    public EvalRunner runner() {
        return runner;
    }

    /** The background jobs, kept in the jobs folder (created on first use). */
    public synchronized JobService jobs() {
        if (context.isClosed()) {
            throw new IllegalStateException("this evals4j instance is closed");
        }
        if (jobs == null) {
            jobs = new JobService(jobsDir, runner, parallelJobs);
        }
        return jobs;
    }

    /**
     * Scores a dataset file or URL with scorers by id, writing the results under the data folder: a shortcut for
     * {@link EvalsApi#runScoring}.
     */
    public EvalResult score(String datasetUri, String... scorerIds) {
        EvalRequest.Builder request = EvalRequest.builder().dataset(DatasetDefinition.ofUri(datasetUri));
        for (String id : scorerIds) {
            request.scorer(id);
        }
        return runner.runScoring(request.build());
    }

    /**
     * Stops the jobs running in this process (they can be resumed later) and closes what the instance started: its
     * executors and the resources its plugins shared, such as the HTTP connection pool. Idempotent.
     */
    @Override
    public void close() {
        JobService j;
        synchronized (this) {
            j = jobs;
            jobs = null;
        }
        try {
            if (j != null) {
                j.close();
            }
        } finally {
            context.close();
        }
    }

    /** Builds an {@link Evals}; not thread-safe. */
    public static final class Builder {
        private @Nullable PluginRegistry plugins;
        private @Nullable Map<String, String> environment;
        private @Nullable Path cacheDir;
        private @Nullable Path dataDir;
        private @Nullable Path jobsDir;
        private boolean responseCache;
        private @Nullable Path responseCacheDir;
        private final Map<Class<?>, Function<PluginContext, ?>> resources = new LinkedHashMap<>();
        private int parallelJobs = 1;

        private Builder() {}

        /** Uses these plugins instead of discovering those on the class path. */
        public Builder plugins(PluginRegistry registry) {
            this.plugins = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The environment the instance's plugins read (API keys named by {@code api_key_env}, {@code HF_TOKEN},
         * …) instead of the process's.
         */
        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(Objects.requireNonNull(env, "env"));
            return this;
        }

        /**
         * evals4j's cache folder (model answers, Hub files); default {@code $EVALS4J_CACHE_DIR}, else
         * {@code $XDG_CACHE_HOME/evals4j}, else {@code ~/.cache/evals4j}, read from this instance's environment.
         */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Where runs go when a request names no output folder, and jobs unless {@link #jobsDir} is set; default {@code runs}. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Keeps jobs in this folder instead of {@code <data folder>/jobs}. */
        public Builder jobsDir(Path dir) {
            this.jobsDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Answers deterministic model requests (temperature 0 or a seed) from a cache on disk, in
         * {@code <cache folder>/responses}, when a request was asked before. Off unless turned on (the
         * {@code evals} command turns it on); see {@code docs/decisions/007-response-cache-limits.md}.
         */
        public Builder responseCache(boolean on) {
            this.responseCache = on;
            return this;
        }

        /** Turns the response cache on in this folder. */
        public Builder responseCacheDir(Path dir) {
            this.responseCacheDir = Objects.requireNonNull(dir, "dir");
            this.responseCache = true;
            return this;
        }

        /**
         * Makes the instance's shared resource of a type (see {@link PluginContext#shared}) with this factory instead
         * of the default one, such as a Hub client that reports download progress.
         */
        public <T> Builder resource(Class<T> type, Function<PluginContext, ? extends T> factory) {
            resources.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** Runs at most this many jobs at once in this process (1 unless set). */
        public Builder parallelJobs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("parallelJobs must be at least 1, was " + n);
            }
            this.parallelJobs = n;
            return this;
        }

        /** Builds the instance. */
        public Evals build() {
            return new Evals(this);
        }
    }
}
