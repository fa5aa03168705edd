package dev.evals4j.spark;

import dev.evals4j.api.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to run an eval on Spark: the run's options as a local run takes them ({@link RunOptions#concurrency()} is the
 * whole run's, shared by its partitions), how many partitions to split the rows into, the model servers the
 * partitions share, and how the executors' evals4j instance keeps its caches. Immutable; build one with
 * {@link #builder()}.
 */
public final class SparkRunOptions {
    private final RunOptions run;
    private final OptionalInt partitions;
    private final List<String> baseUrls;
    private final boolean responseCache;
    private final Optional<Path> cacheDir;

    private SparkRunOptions(Builder b) {
        this.run = b.run;
        this.partitions = b.partitions;
        this.baseUrls = List.copyOf(b.baseUrls);
        this.responseCache = b.responseCache;
        this.cacheDir = b.cacheDir;
    }

    /** The defaults: concurrency 16 over the whole run, partitions as described at {@link Builder#partitions}. */
    public static SparkRunOptions defaults() {
        return builder().build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.run = run;
        b.partitions = partitions;
        b.baseUrls.addAll(baseUrls);
        b.responseCache = responseCache;
        b.cacheDir = cacheDir;
        return b;
    }

    /** The run's options; the concurrency is the whole run's. */
    public RunOptions run() {
        return run;
    }

    /** The partitions asked for, when asked. */
    public OptionalInt partitions() {
        return partitions;
    }

    /** The model servers the partitions share (each partition's {@code base_url}, in turn); empty: the request's. */
    public List<String> baseUrls() {
        return baseUrls;
    }

    /** Whether the executors answer deterministic model requests from a cache on disk. */
    public boolean responseCache() {
        return responseCache;
    }

    /** evals4j's cache folder on the executors, when not their default. */
    public Optional<Path> cacheDir() {
        return cacheDir;
    }

    /** Builds {@link SparkRunOptions}; not thread-safe. */
    public static final class Builder {
        private RunOptions run = RunOptions.defaults();
        private OptionalInt partitions = OptionalInt.empty();
        private final List<String> baseUrls = new ArrayList<>();
        private boolean responseCache;
        private Optional<Path> cacheDir = Optional.empty();

        private Builder() {}

        /**
         * The run's options: its concurrency (the samples in flight over the whole cluster; each of the run's
         * partitions takes an equal share, at least 1), its error budget (checked when every partition has finished),
         * and its cancellation flag (which cancels the Spark jobs).
         */
        public Builder run(RunOptions options) {
            this.run = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Splits the rows into this many partitions of consecutive rows, each run by one Spark task in a folder of its
         * own. Without it, an eval task takes the larger of its input's partitions and Spark's default parallelism, and
         * a scoring run keeps its input's partitions when there are at least as many as the default parallelism.
         */
        public Builder partitions(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, was " + n);
            }
            this.partitions = OptionalInt.of(n);
            return this;
        }

        /**
         * The model servers to share, such as the replicas of a model behind no load balancer: partition {@code i}
         * sends its requests to {@code urls[i % urls.size()]}, as its generator's {@code base_url}.
         */
        public Builder baseUrls(List<String> urls) {
            for (String url : urls) {
                if (url == null || url.isBlank()) {
                    throw new IllegalArgumentException("a base URL must not be blank");
                }
            }
            this.baseUrls.clear();
            this.baseUrls.addAll(urls);
            return this;
        }

        /** Answers deterministic model requests from a cache on disk on each executor (off unless turned on). */
        public Builder responseCache(boolean on) {
            this.responseCache = on;
            return this;
        }

        /** evals4j's cache folder on the executors (Hub files, model answers); default: theirs. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Optional.of(Objects.requireNonNull(dir, "dir"));
            return this;
        }

        /** Builds the options. */
        public SparkRunOptions build() {
            return new SparkRunOptions(this);
        }
    }
}
