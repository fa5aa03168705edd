package dev.evals4j.core;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetsApi;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalsApi;
import dev.evals4j.core.datasets.DatasetService;
import dev.evals4j.core.jobs.JobService;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.run.EvalRunner;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One evals4j instance: its plugins, its registered datasets, the runner, and the background jobs. Thread-safe.
 *
 * <pre>{@code
 * Evals evals = Evals.create();
 * EvalResult result = evals.score("qa.csv", "basic::equality");
 * double accuracy = result.score("basic::equality").metric("accuracy", "accuracy").orElseThrow();
 * }</pre>
 */
public final class Evals {
    /** The default folder of jobs, relative to the working directory. */
    public static final Path DEFAULT_JOBS_DIR = Path.of("runs", "jobs");

    private final PluginRegistry plugins;
    private final DatasetService datasets;
    private final EvalRunner runner;
    private final Path jobsDir;
    private final int parallelJobs;
    private JobService jobs;

    private Evals(Builder b) {
        this.plugins = b.plugins != null ? b.plugins : PluginRegistry.discover();
        this.datasets = new DatasetService(plugins);
        this.runner = new EvalRunner(plugins, datasets);
        this.jobsDir = b.jobsDir;
        this.parallelJobs = b.parallelJobs;
    }

    /** An instance with every plugin on the class path. */
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
        return plugins;
    }

    /** The datasets facade. */
    public DatasetsApi datasets() {
        return datasets;
    }

    /** The evals facade. */
    public EvalsApi evals() {
        return runner;
    }

    /** The runner itself, for checking a request without running it. */
    public EvalRunner runner() {
        return runner;
    }

    /** The background jobs, kept in the jobs folder (created on first use). */
    public synchronized JobService jobs() {
        if (jobs == null) {
            jobs = new JobService(jobsDir, runner, parallelJobs);
        }
        return jobs;
    }

    /**
     * Scores a dataset file or URL with scorers by id, writing the results under {@code runs/}: a shortcut for
     * {@link EvalsApi#runScoring}.
     */
    public EvalResult score(String datasetUri, String... scorerIds) {
        EvalRequest.Builder request = EvalRequest.builder().dataset(DatasetDefinition.ofUri(datasetUri));
        for (String id : scorerIds) {
            request.scorer(id);
        }
        return runner.runScoring(request.build());
    }

    /** Builds an {@link Evals}; not thread-safe. */
    public static final class Builder {
        private PluginRegistry plugins;
        private Path jobsDir = DEFAULT_JOBS_DIR;
        private int parallelJobs = 1;

        private Builder() {}

        /** Uses these plugins instead of discovering them. */
        public Builder plugins(PluginRegistry registry) {
            this.plugins = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Keeps jobs in this folder instead of {@code runs/jobs}. */
        public Builder jobsDir(Path dir) {
            this.jobsDir = Objects.requireNonNull(dir, "dir");
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
