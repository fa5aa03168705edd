package dev.evals4j.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalsApi;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.datasets.DatasetService;
import dev.evals4j.core.generation.HttpBacked;
import dev.evals4j.core.http.HttpStats;
import dev.evals4j.core.http.ResponseCache;
import dev.evals4j.core.internal.InstanceContext;
import dev.evals4j.core.internal.RunScope;
import dev.evals4j.core.internal.Secrets;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.RequestRecord;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.scoring.Aggregation;
import dev.evals4j.core.scoring.Aggregations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Runs evals: scoring-only runs over rows that hold the answers, and eval tasks that call a model first, with the
 * samples processed concurrently (see {@link Pipeline}). Every configuration error — an unknown id, parameter,
 * aggregation or reducer — is found before the dataset is read. The plugins a run resolves by id are configured
 * in a scope of their own and closed when the run ends; plugin instances the caller passed are used as they are
 * and left open. Thread-safe: each call is its own run.
 */
public final class EvalRunner implements EvalsApi {
    private final InstanceContext context;
    private final DatasetService datasets;

    /** A runner over the plugins and datasets of an instance. */
    public EvalRunner(InstanceContext context, DatasetService datasets) {
        this.context = Objects.requireNonNull(context, "context");
        this.datasets = Objects.requireNonNull(datasets, "datasets");
    }

    @Override
    public EvalResult runScoring(EvalRequest request, RunOptions options) {
        return execute(request, false, options, false);
    }

    @Override
    public EvalResult runEvalTask(EvalRequest request, RunOptions options) {
        return execute(request, true, options, false);
    }

    @Override
    public EvalResult resume(Path runDir, RunOptions options) {
        RunFile run = RunFiles.readRun(ResultsDirectory.requireRun(runDir));
        EvalRequest request = run.request().toRequest(runDir);
        return execute(request, RunFile.EVAL_TASK.equals(run.task()), options, true);
    }

    @Override
    public EvalResult resume(EvalRequest request, RunOptions options) {
        Path dir = request.outputDir()
                .orElseThrow(() -> new ConfigurationException(
                        "resume needs the request's output folder: the folder of the run to continue"));
        boolean evalTask = isEvalTask(request);
        if (!Files.isRegularFile(dir.resolve(RunFiles.RUN))) {
            return execute(request, evalTask, options, false);
        }
        checkSameRun(RunFiles.readRun(dir), request, dir);
        return execute(request, evalTask, options, true);
    }

    /**
     * Refuses a request that describes another run than the one in {@code dir}, naming the first difference.
     *
     * @throws ConfigurationException when the dataset, plugins, rows or epochs differ
     */
    public void checkSameRun(RunFile saved, EvalRequest request, Path dir) {
        RequestRecord now = RequestRecord.of(request, validate(request));
        if (!saved.task().equals(isEvalTask(request) ? RunFile.EVAL_TASK : RunFile.SCORING)) {
            throw new ConfigurationException(
                    "the run in " + dir + " is a " + saved.task().replace('_', ' ') + " run; this request is not");
        }
        JsonNode before = asWritten(saved.request());
        JsonNode after = asWritten(now);
        for (String field : List.of(
                "dataset",
                "scorers",
                "processor",
                "generator",
                "limit",
                "sample_seed",
                "epochs",
                "epoch_reducer",
                "group_by",
                "benchmark")) {
            Optional<String> difference = firstDifference(field, before.path(field), after.path(field));
            if (difference.isPresent()) {
                throw new ConfigurationException("the run in " + dir + " was started with " + difference.get()
                        + "; give the request that started it, or resume it by its folder alone");
            }
        }
    }

    /** A record as its file reads back, so that numbers compare by value whatever their Java type. */
    private static JsonNode asWritten(RequestRecord request) {
        try {
            return RunFiles.mapper().readTree(RunFiles.mapper().writeValueAsString(request));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a request record that cannot be written: " + e.getOriginalMessage(), e);
        }
    }

    private static Optional<String> firstDifference(String path, JsonNode a, JsonNode b) {
        if (a.equals(b)) {
            return Optional.empty();
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                Optional<String> d = firstDifference(path + "." + name, a.path(name), b.path(name));
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                Optional<String> d = firstDifference(path + "[" + i + "]", a.get(i), b.get(i));
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.of(path + " " + shown(a) + ", not " + shown(b));
    }

    private static String shown(JsonNode n) {
        return n.isMissingNode() ? "unset" : n.toString();
    }

    /**
     * Checks a request as a run would, without reading the dataset: ids, parameters, aggregations, the reducer.
     * Returns the dataset definition the run would read.
     *
     * @throws ConfigurationException for the first problem found
     */
    public DatasetDefinition validate(EvalRequest request) {
        try (RunScope scope = context.newRunScope()) {
            return plan(request, isEvalTask(request), scope).dataset();
        }
    }

    /** Runs a request as an eval task when it has a generator, as a scoring-only run otherwise. */
    public EvalResult run(EvalRequest request, RunOptions options) {
        return isEvalTask(request) ? runEvalTask(request, options) : runScoring(request, options);
    }

    /**
     * Runs one part of a larger run — the rows of one Spark partition, say — through the same pipeline, in a folder of
     * its own: the request's output folder. The part's rows come with their index in the whole dataset; its samples
     * are journaled in its folder, and when the folder already holds the part (an earlier attempt that was stopped),
     * the part resumes: samples its journal holds as finished are not processed again. Each sample's scores, as they
     * enter the part's aggregates, go to {@code sink}, so that the caller can merge the parts. The request's limit and
     * random sample are not applied (the rows are the part's), and no verdict is given at the end on failed samples
     * (every sample failed, the error budget): the caller gives it over all the parts.
     *
     * @param request the run's request, with the part's own folder as its output folder
     * @param rows the part's rows, with their index in the whole dataset; at least one
     * @return the part's {@code results.json}, as written: its counts, tokens and model calls
     * @throws ConfigurationException when the request has no output folder, or the folder holds another run
     * @throws IllegalArgumentException when there are no rows
     */
    public ResultsFile runPart(EvalRequest request, Iterator<DatasetSample> rows, RunOptions options, ScoreSink sink) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sink, "sink");
        Path dir = request.outputDir()
                .orElseThrow(() -> new ConfigurationException("a part of a run needs an output folder of its own"));
        if (!rows.hasNext()) {
            throw new IllegalArgumentException("a part of a run needs at least one row; " + dir + " has none");
        }
        boolean resume = Files.isRegularFile(dir.resolve(RunFiles.RUN));
        if (resume) {
            checkSameRun(RunFiles.readRun(dir), request, dir);
        }
        try (RunScope scope = context.newRunScope()) {
            new Pipeline(plan(request, isEvalTask(request), scope), options, new Pipeline.Part(rows, sink)).run(resume);
        }
        return RunFiles.readResults(dir);
    }

    private static boolean isEvalTask(EvalRequest request) {
        return request.generator().isPresent() || request.processor().isPresent();
    }

    private EvalResult execute(EvalRequest request, boolean evalTask, RunOptions options, boolean resume) {
        Objects.requireNonNull(options, "options");
        try (RunScope scope = context.newRunScope()) {
            return new Pipeline(plan(request, evalTask, scope), options).run(resume);
        }
    }

    private Pipeline.Plan plan(EvalRequest request, boolean evalTask, RunScope scope) {
        DatasetDefinition dataset = resolveDataset(request);
        Supplier<RowReader> opener = request.datasetId().isPresent()
                ? () -> datasets.open(request.datasetId().get())
                : () -> datasets.open(dataset);
        Supplier<OptionalLong> rowCount = request.datasetId().isPresent()
                ? () -> datasets.countRows(request.datasetId().get())
                : () -> datasets.countRows(dataset);
        List<ScorerRun> scorers = resolveScorers(request.scorers(), request.groupBy(), scope);
        EpochReducer reducer = EpochReducer.of(request.epochReducer(), request.epochs());
        Supplier<Optional<ResultsFile.CallStats>> judgeStats = () -> stats(scope.nested());
        // the few workers of a run without a thread per call must not wait on models of their own: no judge, and no
        // plugin's scorer, which may call one without saying so
        boolean quickScorers =
                scope.nested().stream().noneMatch(made -> made instanceof BaseGenerator || made instanceof HttpBacked)
                        && scorers.stream().allMatch(s -> ownPlugin(s.scorer));
        if (!evalTask) {
            if (isEvalTask(request)) {
                throw new ConfigurationException(
                        "a scoring-only run takes no processor or generator; use runEvalTask to call a model");
            }
            Set<String> required = new TreeSet<>();
            for (ScorerRun s : scorers) {
                required.addAll(s.scorer.requiredColumns());
            }
            return new Pipeline.Plan(
                    RunFile.SCORING,
                    request,
                    dataset,
                    opener,
                    rowCount,
                    scorers,
                    reducer,
                    required,
                    (sample, epoch) -> new Pipeline.Step(scoringInput(sample.row()), null, null, Optional.empty()),
                    null,
                    null,
                    null,
                    Optional::empty,
                    judgeStats,
                    context.dataDir(),
                    quickScorers);
        }
        PluginSpec processorSpec = request.processor()
                .orElseThrow(() -> new ConfigurationException(
                        "an eval task needs a processor that turns rows into model requests"));
        PluginSpec generatorSpec = request.generator()
                .orElseThrow(() -> new ConfigurationException("an eval task needs a generator that calls the model"));
        BaseGeneratorProcessor processor = processorSpec
                .instance()
                .map(p -> instance(p, BaseGeneratorProcessor.class, "processor"))
                .orElseGet(() ->
                        scope.own(context.registry().processor(processorSpec.id(), processorSpec.params(), scope)));
        BaseGenerator generator = generatorSpec
                .instance()
                .map(g -> instance(g, BaseGenerator.class, "generator"))
                .orElseGet(() ->
                        scope.own(context.registry().generator(generatorSpec.id(), generatorSpec.params(), scope)));
        return new Pipeline.Plan(
                RunFile.EVAL_TASK,
                request,
                dataset,
                opener,
                rowCount,
                scorers,
                reducer,
                new TreeSet<>(processor.requiredColumns()),
                (sample, epoch) -> {
                    PreprocessedSample pre = processor.preprocess(sample, epoch);
                    return step(processor, generator, sample, epoch, pre, generator.generate(pre));
                },
                quickScorers
                                && ownPlugin(processor) // a plugin's processor may fetch things, on the sending thread
                                && generator instanceof AsyncGenerator async
                                && async.sendsAsynchronously()
                        ? (sample, epoch, executor) -> {
                            PreprocessedSample pre = processor.preprocess(sample, epoch);
                            return async.generateAsync(pre, executor)
                                    .thenApply(response -> step(processor, generator, sample, epoch, pre, response));
                        }
                        : null,
                record(processorSpec),
                record(generatorSpec),
                () -> stats(List.of(generator)),
                judgeStats,
                context.dataDir(),
                false);
    }

    /** Whether a plugin is evals4j's own, whose work is known not to wait on anything but the model it is given. */
    private static boolean ownPlugin(Object plugin) {
        return plugin.getClass().getName().startsWith("dev.evals4j.");
    }

    private static Pipeline.Step step(
            BaseGeneratorProcessor processor,
            BaseGenerator generator,
            DatasetSample sample,
            int epoch,
            PreprocessedSample pre,
            GenerationResponse response) {
        checkLoglikelihoods(generator, pre, response);
        return new Pipeline.Step(
                processor.postprocess(sample, response, epoch),
                SampleRecord.Prompt.of(pre.input()),
                SampleRecord.Generation.of(response),
                response.usage());
    }

    /**
     * A request for the log-likelihoods of continuations is answered with one per continuation: a generator that
     * answers with text instead (a function that does not look at the input's kind) fails the sample, where the
     * processor would otherwise score an empty list.
     */
    private static void checkLoglikelihoods(
            BaseGenerator generator, PreprocessedSample pre, GenerationResponse response) {
        if (pre.input() instanceof GenerationInput.Choices choices
                && response.loglikelihoods().size() != choices.continuations().size()) {
            throw new ModelCallException(
                    "the generator " + generator.id() + " answered a request for the log-likelihoods of "
                            + choices.continuations().size() + " continuations with "
                            + response.loglikelihoods().size() + "; multiple choice by log-likelihood needs a"
                            + " generator that scores continuations, such as openai-compatible on a /completions"
                            + " endpoint that echoes the prompt with logprobs (vLLM), or a generation-then-extraction"
                            + " variant of the task",
                    false,
                    0,
                    null);
        }
    }

    /**
     * What a scoring-only run scores for a row: its {@code generated_answer} and {@code expected_answer} as they are,
     * its {@code input_query} as text when it has one, and the row.
     */
    public static ScorerInputSample scoringInput(Map<String, Object> row) {
        Object query = row.get(ScorerInputSample.INPUT_QUERY);
        return new ScorerInputSample(
                row.get(ScorerInputSample.GENERATED_ANSWER),
                row.get(ScorerInputSample.EXPECTED_ANSWER),
                Optional.ofNullable(query).map(JsonValues::text),
                Optional.empty(),
                row);
    }

    private static <T> T instance(Object plugin, Class<T> type, String what) {
        if (!type.isInstance(plugin)) {
            throw new ConfigurationException(
                    "the " + what + " instance " + plugin.getClass().getName() + " is not a " + type.getSimpleName());
        }
        return type.cast(plugin);
    }

    private static PluginRecord record(PluginSpec p) {
        return new PluginRecord(p.id(), p.className().orElse(null), Secrets.redact(p.params()), null);
    }

    /** What the model calls of these plugins did during the run, when any calls over HTTP. */
    private static Optional<ResultsFile.CallStats> stats(List<Object> plugins) {
        ResultsFile.CallStats sum = null;
        for (Object plugin : plugins) {
            if (!(plugin instanceof HttpBacked http)) {
                continue;
            }
            HttpStats s = http.httpClient().stats();
            ResultsFile.CacheStats cache = http.cache()
                    .map(c -> {
                        ResponseCache.Stats cs = c.stats();
                        return new ResultsFile.CacheStats(cs.hits(), cs.misses(), cs.writes());
                    })
                    .orElse(null);
            ResultsFile.CallStats one = new ResultsFile.CallStats(
                    s.calls(),
                    s.attempts(),
                    s.retries(),
                    s.throttled(),
                    s.failed(),
                    s.rateLimitWait().toMillis() / 1000.0,
                    cache,
                    s.failures());
            sum = sum == null ? one : sum.plus(one);
        }
        return Optional.ofNullable(sum);
    }

    private List<ScorerRun> resolveScorers(List<ScorerSpec> specs, Optional<String> groupBy, RunScope scope) {
        List<ScorerRun> runs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ScorerSpec spec : specs) {
            if (!seen.add(spec.id())) {
                throw new ConfigurationException("the scorer " + spec.id() + " is given twice; give it once");
            }
            BaseScorer scorer = spec.instance()
                    .orElseGet(() -> scope.own(context.registry().scorer(spec.id(), spec.params(), scope)));
            List<String> names = spec.aggregations().isEmpty() ? scorer.defaultAggregations() : spec.aggregations();
            List<Aggregation> aggregations =
                    names.stream().map(Aggregations::of).toList();
            runs.add(new ScorerRun(spec, scorer, aggregations, groupBy));
        }
        return runs;
    }

    private DatasetDefinition resolveDataset(EvalRequest request) {
        if (request.datasetId().isPresent()) {
            String id = request.datasetId().get();
            return datasets.get(id).orElseThrow(() -> datasets.unknown(id)).definition();
        }
        return request.datasetDefinition().orElseThrow();
    }
}
