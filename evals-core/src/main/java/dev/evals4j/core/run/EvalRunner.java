package dev.evals4j.core.run;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalsApi;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.datasets.DatasetService;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.scoring.Aggregation;
import dev.evals4j.core.scoring.Aggregations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs evals: scoring-only runs over rows that hold the answers, and eval tasks that call a model first. Rows
 * stream from the dataset; each finished sample is appended to {@code samples.jsonl}; {@code results.json} is
 * written at the end (also when the run fails, with the error). Thread-safe: each call is its own run.
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
    public EvalResult runScoring(EvalRequest request) {
        if (request.generator().isPresent() || request.processor().isPresent()) {
            throw new ConfigurationException(
                    "a scoring-only run takes no processor or generator; use runEvalTask to call a model");
        }
        List<ScorerRun> scorers = resolveScorers(request.scorers());
        Set<String> required = new TreeSet<>();
        for (ScorerRun s : scorers) {
            required.addAll(s.scorer.requiredColumns());
        }
        return run(request, "scoring", scorers, required, sample -> {
            Map<String, Object> row = sample.row();
            Object query = row.get(ScorerInputSample.INPUT_QUERY);
            return new Step(new ScorerInputSample(
                            row.get(ScorerInputSample.GENERATED_ANSWER),
                            row.get(ScorerInputSample.EXPECTED_ANSWER),
                            Optional.ofNullable(query).map(dev.evals4j.api.JsonValues::text),
                            Optional.empty(),
                            row),
                    Map.of(), Optional.empty());
        });
    }

    @Override
    public EvalResult runEvalTask(EvalRequest request) {
        PluginSpec processorSpec = request.processor().orElseThrow(() -> new ConfigurationException(
                "an eval task needs a processor that turns rows into model requests"));
        PluginSpec generatorSpec = request.generator().orElseThrow(() -> new ConfigurationException(
                "an eval task needs a generator that calls the model"));
        BaseGeneratorProcessor processor = registry.processor(processorSpec.id(), processorSpec.params());
        BaseGenerator generator = registry.generator(generatorSpec.id(), generatorSpec.params());
        List<ScorerRun> scorers = resolveScorers(request.scorers());
        return run(request, "eval_task", scorers, processor.requiredColumns(), sample -> {
            PreprocessedSample pre = processor.preprocess(sample);
            GenerationResponse response = generator.generate(pre);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("request", requestJson(pre.input()));
            extra.put("generation", generationJson(response));
            return new Step(processor.postprocess(sample, response), extra, response.usage());
        });
    }

    /** The scorer input of one sample, what the journal records of the model call, and its usage. */
    private record Step(ScorerInputSample input, Map<String, Object> journal, Optional<Usage> usage) {}

    @FunctionalInterface
    private interface SampleStep {
        Step apply(DatasetSample sample);
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
            List<Aggregation> aggregations = names.stream().map(Aggregations::of).toList();
            runs.add(new ScorerRun(spec.id(), scorer, spec.params(), aggregations));
        }
        return runs;
    }

    private EvalResult run(
            EvalRequest request, String task, List<ScorerRun> scorers, Set<String> required, SampleStep step) {
        DatasetSource resolved = resolveDataset(request);
        Instant started = Instant.now();
        RowSelection selection = new RowSelection(request.limit(), request.sampleSeed());
        ResultsDirectory results = null;
        long samples = 0;
        long failed = 0;
        Usage usage = null;
        try (RowReader reader = resolved.open()) {
            Iterator<DatasetSample> rows = selection.apply(reader);
            if (!rows.hasNext()) {
                throw new DatasetLoadException("the dataset " + resolved.name() + " has no rows"
                        + " (an empty dataset cannot be scored: accuracy over 0 rows is not 0)");
            }
            results = ResultsDirectory.create(request.outputDir(), resolved.id());
            try (SampleJournal journal = results.openJournal()) {
                boolean first = true;
                while (rows.hasNext()) {
                    DatasetSample sample = rows.next();
                    if (first) {
                        checkColumns(resolved.name(), sample.row(), required, scorers, task);
                        first = false;
                    }
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("index", sample.index());
                    line.put("row", sample.row());
                    samples++;
                    try {
                        List<String> missing = missingColumns(sample.row(), required);
                        if (!missing.isEmpty()) {
                            throw new DatasetLoadException("row " + sample.index() + " has no column '"
                                    + String.join("', '", missing) + "'; its columns: "
                                    + String.join(", ", sample.row().keySet()));
                        }
                        Step result = step.apply(sample);
                        line.putAll(result.journal());
                        if (result.usage().isPresent()) {
                            usage = usage == null ? result.usage().get() : usage.plus(result.usage().get());
                        }
                        line.put("generated_answer", result.input().generatedAnswer());
                        line.put("expected_answer", result.input().expectedAnswer());
                        line.put("scores", score(scorers, result.input()));
                        line.put("error", null);
                    } catch (RuntimeException e) {
                        failed++;
                        for (ScorerRun s : scorers) {
                            s.addError();
                        }
                        line.put("scores", Map.of());
                        line.put("error", errorJson(e));
                    }
                    journal.append(line);
                }
            }
        } catch (RuntimeException e) {
            if (results != null) {
                results.writeFailure(metadata(request, task, resolved, scorers, started), samples, failed, e);
            }
            throw e;
        }
        Map<String, ScorerSummary> summaries = new LinkedHashMap<>();
        for (ScorerRun s : scorers) {
            summaries.put(s.id, s.summary());
        }
        Duration duration = Duration.between(started, Instant.now());
        results.writeResults(metadata(request, task, resolved, scorers, started), samples, failed, summaries,
                Optional.ofNullable(usage));
        return new EvalResult(results.path(), samples, failed, summaries, duration, Optional.ofNullable(usage));
    }

    private Map<String, Object> score(List<ScorerRun> scorers, ScorerInputSample input) {
        Map<String, Object> scores = new LinkedHashMap<>();
        for (ScorerRun s : scorers) {
            try {
                ScoreResult result = Objects.requireNonNull(s.scorer.score(input), "the scorer returned null");
                s.add(result);
                scores.put(s.id, result.toRow());
            } catch (RuntimeException e) {
                s.addError();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("score", null);
                row.put("error", errorJson(e));
                scores.put(s.id, row);
            }
        }
        return scores;
    }

    private static void checkColumns(
            String dataset, Map<String, Object> row, Set<String> required, List<ScorerRun> scorers, String task) {
        List<String> missing = missingColumns(row, required);
        if (missing.isEmpty()) {
            return;
        }
        List<String> needs = new ArrayList<>();
        for (String column : missing) {
            List<String> who = new ArrayList<>();
            if (task.equals("scoring")) {
                for (ScorerRun s : scorers) {
                    if (s.scorer.requiredColumns().contains(column)) {
                        who.add(s.id);
                    }
                }
            } else {
                who.add("the processor");
            }
            needs.add("'" + column + "' (needed by " + String.join(", ", who) + ")");
        }
        throw new DatasetLoadException("the dataset " + dataset + " has no column " + String.join(", no column ", needs)
                + "; its columns: " + String.join(", ", row.keySet())
                + ". Rename a column to the needed name (a rename map, or --rename from=to)");
    }

    private static List<String> missingColumns(Map<String, Object> row, Set<String> required) {
        List<String> missing = new ArrayList<>();
        for (String column : required) {
            if (!row.containsKey(column)) {
                missing.add(column);
            }
        }
        return missing;
    }

    /** The dataset of a request, resolved to something that can be opened. */
    private record DatasetSource(String id, String name, DatasetDefinition definition, java.util.function.Supplier<RowReader> opener) {
        RowReader open() {
            return opener.get();
        }
    }

    private DatasetSource resolveDataset(EvalRequest request) {
        if (request.datasetId().isPresent()) {
            String id = request.datasetId().get();
            DatasetDefinition definition = datasets.get(id)
                    .orElseThrow(() -> new ConfigurationException("no dataset has the id '" + id
                            + "'; registered datasets: " + String.join(", ",
                                    datasets.list().stream().map(d -> d.identifier()).toList())))
                    .definition();
            return new DatasetSource(id, "'" + id + "' (" + definition.source() + ")", definition,
                    () -> datasets.open(id));
        }
        DatasetDefinition definition = request.datasetDefinition().orElseThrow();
        return new DatasetSource(definition.id(), definition.source().toString(), definition,
                () -> datasets.open(definition));
    }

    private static Map<String, Object> metadata(
            EvalRequest request, String task, DatasetSource dataset, List<ScorerRun> scorers, Instant started) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("task", task);
        Map<String, Object> ds = new LinkedHashMap<>();
        ds.put("id", dataset.id());
        ds.put("source", dataset.definition().source() instanceof dev.evals4j.api.DatasetSource.Uri uri
                ? uri.toString() : dataset.definition().source().toString());
        ds.put("rename_columns", dataset.definition().renameColumns());
        ds.put("limit", request.limit() < 0 ? null : request.limit());
        ds.put("sample_seed", request.sampleSeed().orElse(null));
        meta.put("dataset", ds);
        meta.put("processor", request.processor().map(p -> pluginJson(p.id(), p.params())).orElse(null));
        meta.put("generator", request.generator().map(p -> pluginJson(p.id(), p.params())).orElse(null));
        List<Object> scorerList = new ArrayList<>();
        for (ScorerRun s : scorers) {
            Map<String, Object> entry = pluginJson(s.id, s.params);
            entry.put("aggregations", s.aggregationNames);
            scorerList.add(entry);
        }
        meta.put("scorers", scorerList);
        meta.put("metadata", request.metadata());
        meta.put("started_at", started.toString());
        return meta;
    }

    private static Map<String, Object> pluginJson(String id, Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("params", Secrets.redact(params));
        return out;
    }

    private static Map<String, Object> requestJson(GenerationInput input) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (input instanceof GenerationInput.Chat chat) {
            List<Object> messages = new ArrayList<>();
            for (var m : chat.messages()) {
                messages.add(Map.of("role", m.role(), "content", m.content()));
            }
            out.put("messages", messages);
        } else if (input instanceof GenerationInput.Completion completion) {
            out.put("prompt", completion.prompt());
        }
        return out;
    }

    private static Map<String, Object> generationJson(GenerationResponse response) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", response.text());
        response.usage().ifPresent(u -> out.put("usage",
                Map.of("prompt_tokens", u.promptTokens(), "completion_tokens", u.completionTokens())));
        return out;
    }

    static Map<String, Object> errorJson(Throwable e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", e.getClass().getSimpleName());
        out.put("message", e.getMessage() == null ? e.toString() : e.getMessage());
        return out;
    }
}
