package dev.evals4j.core.run;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalsApi;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.datasets.DatasetService;
import dev.evals4j.core.generation.HttpBackedGenerator;
import dev.evals4j.core.http.HttpStats;
import dev.evals4j.core.http.ResponseCache;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.scoring.Aggregation;
import dev.evals4j.core.scoring.Aggregations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs evals: scoring-only runs over rows that hold the answers, and eval tasks that call a model first, with the
 * samples processed concurrently (see {@link Pipeline}). Every configuration error — an unknown id, parameter,
 * aggregation or reducer — is found before the dataset is read. Thread-safe: each call is its own run.
 */
public final class EvalRunner implements EvalsApi {
    private final PluginRegistry registry;
    private final DatasetService datasets;

    /** A runner over these plugins and datasets. */
    public EvalRunner(PluginRegistry registry, DatasetService datasets) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.datasets = Objects.requireNonNull(datasets, "datasets");
    }

    @Override
    public EvalResult runScoring(EvalRequest request, RunOptions options) {
        return execute(plan(request, false), options, false);
    }

    @Override
    public EvalResult runEvalTask(EvalRequest request, RunOptions options) {
        return execute(plan(request, true), options, false);
    }

    @Override
    public EvalResult resume(Path runDir, RunOptions options) {
        Map<String, Object> run = ResultsDirectory.readRun(runDir);
        EvalRequest request = RequestJson.read(castMap(run.get("request")), runDir);
        return execute(plan(request, "eval_task".equals(run.get("task"))), options, true);
    }

    /**
     * Checks a request as a run would, without reading the dataset: ids, parameters, aggregations, the reducer.
     * Returns the dataset definition the run would read.
     *
     * @throws ConfigurationException for the first problem found
     */
    public DatasetDefinition validate(EvalRequest request) {
        return plan(
                        request,
                        request.generator().isPresent() || request.processor().isPresent())
                .dataset();
    }

    /** Runs a request as an eval task when it has a generator, as a scoring-only run otherwise. */
    public EvalResult run(EvalRequest request, RunOptions options) {
        return request.generator().isPresent() || request.processor().isPresent()
                ? runEvalTask(request, options)
                : runScoring(request, options);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new ConfigurationException("the run description has no request");
        }
        return (Map<String, Object>) o;
    }

    private EvalResult execute(Pipeline.Plan plan, RunOptions options, boolean resume) {
        return new Pipeline(plan, options).run(resume);
    }

    private Pipeline.Plan plan(EvalRequest request, boolean evalTask) {
        DatasetDefinition dataset = resolveDataset(request);
        java.util.function.Supplier<dev.evals4j.api.spi.RowReader> opener =
                request.datasetId().isPresent()
                        ? () -> datasets.open(request.datasetId().get())
                        : () -> datasets.open(dataset);
        List<ScorerRun> scorers = resolveScorers(request.scorers());
        EpochReducer reducer = EpochReducer.of(request.epochReducer(), request.epochs());
        if (!evalTask) {
            if (request.generator().isPresent() || request.processor().isPresent()) {
                throw new ConfigurationException(
                        "a scoring-only run takes no processor or generator; use runEvalTask to call a model");
            }
            Set<String> required = new TreeSet<>();
            for (ScorerRun s : scorers) {
                required.addAll(s.scorer.requiredColumns());
            }
            return new Pipeline.Plan(
                    "scoring",
                    request,
                    dataset,
                    opener,
                    scorers,
                    reducer,
                    required,
                    (sample, epoch) -> {
                        Map<String, Object> row = sample.row();
                        Object query = row.get(ScorerInputSample.INPUT_QUERY);
                        return new Pipeline.Step(
                                new ScorerInputSample(
                                        row.get(ScorerInputSample.GENERATED_ANSWER),
                                        row.get(ScorerInputSample.EXPECTED_ANSWER),
                                        Optional.ofNullable(query).map(JsonValues::text),
                                        Optional.empty(),
                                        row),
                                Map.of(),
                                Optional.empty());
                    },
                    Map::of);
        }
        PluginSpec processorSpec = request.processor()
                .orElseThrow(() -> new ConfigurationException(
                        "an eval task needs a processor that turns rows into model requests"));
        PluginSpec generatorSpec = request.generator()
                .orElseThrow(() -> new ConfigurationException("an eval task needs a generator that calls the model"));
        BaseGeneratorProcessor processor = registry.processor(processorSpec.id(), processorSpec.params());
        BaseGenerator generator = registry.generator(generatorSpec.id(), generatorSpec.params());
        return new Pipeline.Plan(
                "eval_task",
                request,
                dataset,
                opener,
                scorers,
                reducer,
                new TreeSet<>(processor.requiredColumns()),
                (sample, epoch) -> {
                    PreprocessedSample pre = processor.preprocess(sample).withEpoch(epoch);
                    Map<String, Object> journal = new LinkedHashMap<>();
                    journal.put("request", Pipeline.requestJson(pre.input()));
                    GenerationResponse response = generator.generate(pre);
                    journal.put("generation", Pipeline.generationJson(response));
                    return new Pipeline.Step(processor.postprocess(sample, response), journal, response.usage());
                },
                () -> generatorStats(generator));
    }

    /** What the generator's HTTP client and cache did during the run, for results.json. */
    private static Map<String, Object> generatorStats(BaseGenerator generator) {
        if (!(generator instanceof HttpBackedGenerator http)) {
            return Map.of();
        }
        HttpStats s = http.httpClient().stats();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("calls", s.calls());
        out.put("attempts", s.attempts());
        out.put("retries", s.retries());
        out.put("throttled", s.throttled());
        out.put("failed", s.failed());
        out.put("rate_limit_wait_seconds", s.rateLimitWait().toMillis() / 1000.0);
        http.cache().ifPresent(c -> {
            ResponseCache.Stats cs = c.stats();
            out.put("cache", Map.of("hits", cs.hits(), "misses", cs.misses(), "writes", cs.writes()));
        });
        return out;
    }

    private List<ScorerRun> resolveScorers(List<ScorerSpec> specs) {
        List<ScorerRun> runs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ScorerSpec spec : specs) {
            if (!seen.add(spec.id())) {
                throw new ConfigurationException("the scorer " + spec.id() + " is given twice; give it once");
            }
            BaseScorer scorer = registry.scorer(spec.id(), spec.params());
            List<String> names = spec.aggregations().isEmpty() ? scorer.defaultAggregations() : spec.aggregations();
            List<Aggregation> aggregations =
                    names.stream().map(Aggregations::of).toList();
            runs.add(new ScorerRun(spec.id(), scorer, spec.params(), aggregations));
        }
        return runs;
    }

    private DatasetDefinition resolveDataset(EvalRequest request) {
        if (request.datasetId().isPresent()) {
            String id = request.datasetId().get();
            return datasets.get(id)
                    .orElseThrow(() -> new ConfigurationException("no dataset has the id '" + id
                            + "'; registered datasets: "
                            + String.join(
                                    ", ",
                                    datasets.list().stream()
                                            .map(d -> d.identifier())
                                            .toList())))
                    .definition();
        }
        return request.datasetDefinition().orElseThrow();
    }
}
