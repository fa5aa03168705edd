package dev.evals4j.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.evals4j.api.Benchmark;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.internal.Secrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EvalRequest} as {@code run.json} records it, with its dataset resolved and secrets left out, so that
 * the run can be resumed from its folder alone.
 *
 * @param dataset the dataset
 * @param scorers the scorers, in order, with their aggregations
 * @param processor the processor of an eval task, else null
 * @param generator the generator of an eval task, else null
 * @param limit the number of rows to take, or -1 for all
 * @param sampleSeed the seed of a random sample, else null
 * @param epochs how many times each sample is asked
 * @param epochReducer how the epochs of a sample become its score
 * @param metadata the request's metadata
 * @param groupBy the column the scores are broken down by, else null
 * @param benchmark the benchmark task the request follows, else null
 */
public record RequestRecord(
        DatasetRecord dataset,
        List<PluginRecord> scorers,
        @Nullable PluginRecord processor,
        @Nullable PluginRecord generator,
        long limit,
        @Nullable Long sampleSeed,
        int epochs,
        String epochReducer,
        Map<String, Object> metadata,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String groupBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Benchmark benchmark) {
    /** A request without group-by or benchmark, as before tasks added them. */
    public RequestRecord(
            DatasetRecord dataset,
            List<PluginRecord> scorers,
            @Nullable PluginRecord processor,
            @Nullable PluginRecord generator,
            long limit,
            @Nullable Long sampleSeed,
            int epochs,
            String epochReducer,
            Map<String, Object> metadata) {
        this(dataset, scorers, processor, generator, limit, sampleSeed, epochs, epochReducer, metadata, null, null);
    }

    public RequestRecord {
        Objects.requireNonNull(dataset, "dataset");
        scorers = List.copyOf(scorers);
        Objects.requireNonNull(epochReducer, "epochReducer");
        metadata = metadata == null ? Map.of() : JsonValues.copyRow(metadata);
    }

    /** The record of a request whose dataset is {@code dataset}. */
    public static RequestRecord of(EvalRequest request, DatasetDefinition dataset) {
        return new RequestRecord(
                DatasetRecord.of(dataset),
                request.scorers().stream().map(RequestRecord::scorer).toList(),
                request.processor().map(RequestRecord::plugin).orElse(null),
                request.generator().map(RequestRecord::plugin).orElse(null),
                request.limit(),
                request.sampleSeed().orElse(null),
                request.epochs(),
                request.epochReducer(),
                request.metadata(),
                request.groupBy().orElse(null),
                request.benchmark().orElse(null));
    }

    static PluginRecord scorer(ScorerSpec s) {
        return new PluginRecord(s.id(), s.className().orElse(null), Secrets.redact(s.params()), s.aggregations());
    }

    static PluginRecord plugin(PluginSpec p) {
        return new PluginRecord(p.id(), p.className().orElse(null), Secrets.redact(p.params()), null);
    }

    /** The plugins that were instances passed by the caller, which this record cannot bring back. */
    public List<PluginRecord> instances() {
        List<PluginRecord> all = new java.util.ArrayList<>(scorers);
        if (processor != null) {
            all.add(processor);
        }
        if (generator != null) {
            all.add(generator);
        }
        return all.stream().filter(PluginRecord::isInstance).toList();
    }

    /**
     * The request this record describes, writing into {@code runDir}.
     *
     * @throws ConfigurationException when a plugin was an instance passed by the caller
     */
    public EvalRequest toRequest(Path runDir) {
        List<PluginRecord> instances = instances();
        if (!instances.isEmpty()) {
            throw new ConfigurationException("the run in " + runDir + " used plugins passed as instances ("
                    + String.join(
                            ", ",
                            instances.stream()
                                    .map(p -> p.id() + ": " + p.className())
                                    .toList())
                    + "), which its folder cannot bring back; resume it with evals.evals().resume(request, options),"
                    + " passing the same request");
        }
        try {
            EvalRequest.Builder b =
                    EvalRequest.builder().dataset(dataset.definition()).outputDir(runDir);
            for (PluginRecord s : scorers) {
                b.scorer(new ScorerSpec(s.id(), s.params(), s.aggregations() == null ? List.of() : s.aggregations()));
            }
            b.processor(processor == null ? null : new PluginSpec(processor.id(), processor.params()));
            b.generator(generator == null ? null : new PluginSpec(generator.id(), generator.params()));
            if (limit > 0) {
                b.limit(limit);
            }
            if (sampleSeed != null) {
                b.sampleSeed(sampleSeed);
            }
            return b.epochs(epochs)
                    .epochReducer(epochReducer)
                    .metadata(metadata)
                    .groupBy(groupBy)
                    .benchmark(benchmark)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    "the run description in " + runDir + " is malformed: " + e.getMessage(), e);
        }
    }
}
