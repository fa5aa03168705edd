package dev.evals4j.api;

import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What to evaluate: a dataset (a registered id or a definition), the scorers, and for a full eval task the
 * processor and the generator; plus which rows to take and where to write the results. Immutable; build one
 * with {@link #builder()}.
 */
public final class EvalRequest {
    private final Optional<String> datasetId;
    private final Optional<DatasetDefinition> datasetDefinition;
    private final List<ScorerSpec> scorers;
    private final Optional<PluginSpec> processor;
    private final Optional<PluginSpec> generator;
    private final long limit;
    private final Optional<Long> sampleSeed;
    private final Optional<Path> outputDir;
    private final Map<String, @Nullable Object> metadata;
    private final int epochs;
    private final String epochReducer;
    private final Optional<String> groupBy;
    private final Optional<Benchmark> benchmark;

    private EvalRequest(Builder b) {
        this.datasetId = Optional.ofNullable(b.datasetId);
        this.datasetDefinition = Optional.ofNullable(b.datasetDefinition);
        this.scorers = List.copyOf(b.scorers);
        this.processor = Optional.ofNullable(b.processor);
        this.generator = Optional.ofNullable(b.generator);
        this.limit = b.limit;
        this.sampleSeed = Optional.ofNullable(b.sampleSeed);
        this.outputDir = Optional.ofNullable(b.outputDir);
        this.metadata = JsonValues.copyRow(b.metadata);
        this.epochs = b.epochs;
        this.epochReducer = b.epochReducer;
        this.groupBy = Optional.ofNullable(b.groupBy);
        this.benchmark = Optional.ofNullable(b.benchmark);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this request. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.datasetId = datasetId.orElse(null);
        b.datasetDefinition = datasetDefinition.orElse(null);
        b.scorers.addAll(scorers);
        b.processor = processor.orElse(null);
        b.generator = generator.orElse(null);
        b.limit = limit;
        b.sampleSeed = sampleSeed.orElse(null);
        b.outputDir = outputDir.orElse(null);
        b.metadata = metadata;
        b.epochs = epochs;
        b.epochReducer = epochReducer;
        b.groupBy = groupBy.orElse(null);
        b.benchmark = benchmark.orElse(null);
        return b;
    }

    /** The id of a registered dataset, when the request names one. */
    public Optional<String> datasetId() {
        return datasetId;
    }

    /** A dataset definition used for this request only, when the request carries one. */
    public Optional<DatasetDefinition> datasetDefinition() {
        return datasetDefinition;
    }

    /** The scorers, in order. */
    public List<ScorerSpec> scorers() {
        return scorers;
    }

    /** The processor that builds requests and extracts answers (eval tasks only). */
    public Optional<PluginSpec> processor() {
        return processor;
    }

    /** The generator that calls the model (eval tasks only). */
    public Optional<PluginSpec> generator() {
        return generator;
    }

    /** The number of rows to take, or -1 for all. */
    public long limit() {
        return limit;
    }

    /** When present, {@link #limit()} rows are drawn at random with this seed instead of taking the first ones. */
    public Optional<Long> sampleSeed() {
        return sampleSeed;
    }

    /** Where to write {@code results.json} and {@code samples.jsonl}; a new folder under {@code runs/} when empty. */
    public Optional<Path> outputDir() {
        return outputDir;
    }

    /** Free-form metadata copied into {@code results.json}. */
    public Map<String, @Nullable Object> metadata() {
        return metadata;
    }

    /** How many times each sample is asked and scored; 1 unless set. */
    public int epochs() {
        return epochs;
    }

    /**
     * How the epochs of one sample become its score: {@code mean}, {@code max}, {@code mode} (majority vote) or
     * {@code pass_at_K} for a K up to the number of epochs.
     */
    public String epochReducer() {
        return epochReducer;
    }

    /**
     * The row column whose values the scores are broken down by: each scorer's aggregations per group, with the micro
     * average (over all rows) and the macro average (the mean of the groups').
     */
    public Optional<String> groupBy() {
        return groupBy;
    }

    /** The benchmark task this request follows, when it was made from one. */
    public Optional<Benchmark> benchmark() {
        return benchmark;
    }

    /** Builds an {@link EvalRequest}; not thread-safe. */
    public static final class Builder {
        private @Nullable String datasetId;
        private @Nullable DatasetDefinition datasetDefinition;
        private final List<ScorerSpec> scorers = new ArrayList<>();
        private @Nullable PluginSpec processor;
        private @Nullable PluginSpec generator;
        private long limit = -1;
        private @Nullable Long sampleSeed;
        private @Nullable Path outputDir;
        private Map<String, @Nullable Object> metadata = Map.of();
        private int epochs = 1;
        private String epochReducer = "mean";
        private @Nullable String groupBy;
        private @Nullable Benchmark benchmark;

        private Builder() {}

        /** Evaluates a registered dataset. */
        public Builder dataset(String id) {
            this.datasetId = Objects.requireNonNull(id, "id");
            this.datasetDefinition = null;
            return this;
        }

        /** Evaluates a dataset defined for this request only. */
        public Builder dataset(DatasetDefinition definition) {
            this.datasetDefinition = Objects.requireNonNull(definition, "definition");
            this.datasetId = null;
            return this;
        }

        /** Adds a scorer with its default parameters and aggregations. */
        public Builder scorer(String id) {
            return scorer(ScorerSpec.of(id));
        }

        /** Adds a scorer. */
        public Builder scorer(ScorerSpec spec) {
            scorers.add(Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /**
         * Adds a scorer instance, used as it is (already configured) with its default aggregations; results record
         * it by its id and class. A run with an instance is resumed with {@link EvalsApi#resume(EvalRequest,
         * RunOptions)}.
         */
        public Builder scorer(BaseScorer scorer) {
            return scorer(ScorerSpec.of(scorer));
        }

        /** Sets the processor, or removes it with {@code null}. */
        public Builder processor(@Nullable PluginSpec spec) {
            this.processor = spec;
            return this;
        }

        /** Sets the processor to an instance, used as it is; see {@link #scorer(BaseScorer)}. */
        public Builder processor(BaseGeneratorProcessor processor) {
            return processor(PluginSpec.of(processor));
        }

        /** Sets the generator, or removes it with {@code null}. */
        public Builder generator(@Nullable PluginSpec spec) {
            this.generator = spec;
            return this;
        }

        /** Sets the generator to an instance, used as it is; see {@link #scorer(BaseScorer)}. */
        public Builder generator(BaseGenerator generator) {
            return generator(PluginSpec.of(generator));
        }

        /**
         * Sets the generator to a function, such as a lambda that calls the application under test; results record
         * it with the id {@code function} and the lambda's class.
         */
        public Builder generator(GeneratorFunction function) {
            return generator(PluginSpec.of(new FunctionGenerator(function)));
        }

        /** Takes at most {@code n} rows; -1 takes all. */
        public Builder limit(long n) {
            if (n < -1 || n == 0) {
                throw new IllegalArgumentException("limit must be at least 1 (or -1 for all rows), was " + n);
            }
            this.limit = n;
            return this;
        }

        /** Draws the {@link #limit(long)} rows at random with this seed. */
        public Builder sampleSeed(long seed) {
            this.sampleSeed = seed;
            return this;
        }

        /** Writes the results into this folder; {@code null} for a new folder under the instance's data folder. */
        public Builder outputDir(@Nullable Path dir) {
            this.outputDir = dir;
            return this;
        }

        /** Asks and scores each sample {@code n} times. */
        public Builder epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, was " + n);
            }
            this.epochs = n;
            return this;
        }

        /** Reduces the epochs of a sample with {@code mean}, {@code max}, {@code mode} or {@code pass_at_K}. */
        public Builder epochReducer(String reducer) {
            this.epochReducer = Objects.requireNonNull(reducer, "reducer");
            return this;
        }

        /** Breaks the scores down by the values of a row column; {@code null} for no breakdown. */
        public Builder groupBy(@Nullable String column) {
            if (column != null && column.isBlank()) {
                throw new IllegalArgumentException("a group-by column must not be blank");
            }
            this.groupBy = column;
            return this;
        }

        /** Records the benchmark task this request follows; {@code null} for none. */
        public Builder benchmark(@Nullable Benchmark value) {
            this.benchmark = value;
            return this;
        }

        /** Adds metadata to {@code results.json}. */
        public Builder metadata(Map<String, ? extends @Nullable Object> values) {
            this.metadata = JsonValues.copyRow(values);
            return this;
        }

        /**
         * Builds the request.
         *
         * @throws IllegalArgumentException when no dataset or no scorer is given, or a random sample has no limit
         */
        public EvalRequest build() {
            if (datasetId == null && datasetDefinition == null) {
                throw new IllegalArgumentException("an eval request needs a dataset");
            }
            if (scorers.isEmpty()) {
                throw new IllegalArgumentException("an eval request needs at least one scorer");
            }
            if (sampleSeed != null && limit < 0) {
                throw new IllegalArgumentException("a random sample needs a limit: how many rows to draw");
            }
            return new EvalRequest(this);
        }
    }
}
