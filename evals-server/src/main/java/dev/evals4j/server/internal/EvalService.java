package dev.evals4j.server.internal;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.Job;
import dev.evals4j.api.JobStatus;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.core.jobs.JobService;
import dev.evals4j.core.results.ErrorRecord;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.results.ScoreRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Llama Stack's eval API on evals4j's runs and jobs: {@code evaluations} runs an eval task over the rows of the
 * request and answers when it is done; {@code jobs} submits one over the benchmark's dataset as a background job
 * (kept in the instance's jobs folder, so it outlives the process) and answers at once. Each benchmark config
 * becomes an {@link EvalRequest}: the {@code llama-stack-rows} processor with the candidate's system message, the
 * candidate model's generator with its sampling parameters, and a scorer per scoring function. Thread-safe.
 */
public final class EvalService {
    /** The request metadata key of the benchmark a job belongs to. */
    static final String BENCHMARK = "benchmark_id";
    /** The request metadata key of the scoring functions: function id → the scorer id results are kept under. */
    static final String FUNCTIONS = "scoring_functions";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Evals evals;
    private final DatasetStore datasets;
    private final ScoringFunctions functions;
    private final Benchmarks benchmarks;
    private final Models models;
    private final Path evaluationsDir;
    private final int concurrency;

    /** The eval API over these stores; runs of {@code evaluations} go to {@code evaluationsDir}. */
    public EvalService(
            Evals evals,
            DatasetStore datasets,
            ScoringFunctions functions,
            Benchmarks benchmarks,
            Models models,
            Path evaluationsDir,
            int concurrency) {
        this.evals = Objects.requireNonNull(evals, "evals");
        this.datasets = Objects.requireNonNull(datasets, "datasets");
        this.functions = Objects.requireNonNull(functions, "functions");
        this.benchmarks = Objects.requireNonNull(benchmarks, "benchmarks");
        this.models = Objects.requireNonNull(models, "models");
        this.evaluationsDir = Objects.requireNonNull(evaluationsDir, "evaluationsDir");
        this.concurrency = concurrency;
    }

    /** What a benchmark config asks for. */
    private record Config(
            String model,
            Optional<Body> sampling,
            Optional<String> system,
            Map<String, Body> scoringParams,
            long numExamples) {}

    private static Config config(Body body) {
        Body config = body.has("benchmark_config")
                ? body.object("benchmark_config")
                : body.has("task_config") ? body.object("task_config") : body.object("benchmark_config");
        Body candidate = config.object("eval_candidate");
        String type = candidate.optString("type").orElse("model");
        if (type.equals("agent")) {
            throw ApiException.notImplemented("agent candidates are not supported (Llama Stack removed agent"
                    + " evaluation); give a candidate of type model");
        }
        if (!type.equals("model")) {
            throw ApiException.badRequest("'" + candidate.pathOf("type") + "' must be model, was '" + type + "'");
        }
        String model = candidate.string("model");
        Optional<String> system = candidate.optObject("system_message").map(EvalService::text);
        Map<String, Body> scoringParams = new LinkedHashMap<>();
        config.optObject("scoring_params").ifPresent(p -> {
            for (String fn : p.map().keySet()) {
                p.optObject(fn).ifPresent(params -> scoringParams.put(fn, params));
            }
        });
        long numExamples = config.optLong("num_examples").orElse(-1L);
        if (config.has("num_examples") && numExamples < 1) {
            throw ApiException.badRequest(
                    "'" + config.pathOf("num_examples") + "' must be at least 1, was " + numExamples);
        }
        return new Config(model, candidate.optObject("sampling_params"), system, scoringParams, numExamples);
    }

    /** The text of a system message: a string, a text item, or a list of text items. */
    private static String text(Body message) {
        Object content = message.get("content")
                .orElseThrow(() -> ApiException.badRequest("the request needs '" + message.pathOf("content") + "'"));
        if (content instanceof String s) {
            return s;
        }
        List<Object> items = content instanceof List<?> l ? new ArrayList<>(l) : List.of(content);
        StringBuilder out = new StringBuilder();
        for (Object item : items) {
            if (item instanceof Map<?, ?> m && "text".equals(m.get("type")) && m.get("text") instanceof String t) {
                out.append(t);
            } else {
                throw ApiException.badRequest("'" + message.pathOf("content")
                        + "' may hold only text: a string or {\"type\": \"text\", \"text\": …} items");
            }
        }
        return out.toString();
    }

    /** The request of an eval of {@code dataset} with these functions and this config. */
    private EvalRequest request(
            String benchmarkId, DatasetDefinition dataset, List<String> fnIds, Config config, @Nullable Path output) {
        EvalRequest.Builder b = EvalRequest.builder().dataset(dataset);
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, String> byScorer = new LinkedHashMap<>();
        for (String fn : fnIds) {
            if (keys.containsKey(fn)) {
                continue;
            }
            ScorerSpec spec = functions.resolve(
                    fn, Optional.ofNullable(config.scoringParams().get(fn)));
            String other = byScorer.putIfAbsent(spec.id(), fn);
            if (other != null) {
                throw ApiException.badRequest("the scoring functions '" + other + "' and '" + fn + "' both build on "
                        + spec.id() + ", and an eval runs each scorer once: evaluate them in separate calls");
            }
            keys.put(fn, spec.id());
            b.scorer(spec);
        }
        for (String fn : config.scoringParams().keySet()) {
            if (!keys.containsKey(fn)) {
                throw ApiException.badRequest("'benchmark_config.scoring_params' has params for '" + fn
                        + "', which is not one of the scoring functions: " + String.join(", ", keys.keySet()));
            }
        }
        b.processor(new PluginSpec(
                "llama-stack-rows",
                config.system().map(s -> Map.<String, Object>of("system", s)).orElse(Map.of())));
        b.generator(models.candidate(config.model(), config.sampling()));
        if (config.numExamples() > 0) {
            b.limit(config.numExamples());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(BENCHMARK, benchmarkId);
        metadata.put(FUNCTIONS, keys);
        metadata.put("model", config.model());
        return b.metadata(metadata).outputDir(output).build();
    }

    /** {@code POST …/benchmarks/{id}/evaluations}: runs the request's rows and answers with the results. */
    public Map<String, Object> evaluateRows(String benchmarkId, Body body) {
        benchmarks.get(benchmarkId);
        List<Map<String, @Nullable Object>> rows = body.rows("input_rows");
        if (rows.isEmpty()) {
            throw ApiException.badRequest("'input_rows' has no rows: there is nothing to evaluate");
        }
        List<String> fns = body.strings("scoring_functions");
        if (fns.isEmpty()) {
            throw ApiException.badRequest("'scoring_functions' names no scoring function");
        }
        Config config = config(body);
        Path output = evaluationsDir.resolve(STAMP.format(LocalDateTime.now()) + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        EvalRequest request = request(benchmarkId, DatasetDefinition.ofRows(benchmarkId, rows), fns, config, output);
        EvalResult result = evals.evals()
                .runEvalTask(
                        request, RunOptions.builder().concurrency(concurrency).build());
        return response(result.outputDir(), keysOf(request));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> keysOf(EvalRequest request) {
        return (Map<String, String>) request.metadata().get(FUNCTIONS);
    }

    /** {@code POST …/benchmarks/{id}/jobs}: submits the benchmark's dataset as a background job. */
    public Map<String, Object> runEval(String benchmarkId, Body body) {
        Benchmarks.Benchmark benchmark = benchmarks.get(benchmarkId);
        Config config = config(body);
        DatasetDefinition dataset;
        try {
            dataset = datasets.forJob(benchmark.datasetId(), config.numExamples());
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            // the dataset is not in this request's path: the benchmark names one that was unregistered since
            throw ApiException.badRequest("the benchmark '" + benchmarkId + "' names the dataset '"
                    + benchmark.datasetId() + "', which is no longer registered; register it again, or register the"
                    + " benchmark with another dataset");
        }
        EvalRequest request = request(benchmarkId, dataset, benchmark.scoringFunctions(), config, null);
        Job job = jobs().submit(
                        request, RunOptions.builder().concurrency(concurrency).build());
        return wire(job, benchmarkId);
    }

    private JobService jobs() {
        return evals.jobs();
    }

    /** The job of a benchmark. */
    private Job job(String benchmarkId, String jobId) {
        benchmarks.get(benchmarkId);
        Optional<Job> job = jobs().get(jobId);
        if (job.isEmpty() || !benchmarkId.equals(benchmarkOf(jobId).orElse(null))) {
            throw ApiException.notFound("Job '" + jobId + "' not found for benchmark '" + benchmarkId + "'.");
        }
        return job.get();
    }

    /** What the server needs to know of a job: its benchmark and where each function's scores are kept. */
    private record Origin(String benchmarkId, Map<String, String> keys) {}

    /** The origins of the jobs seen so far: read once from a job's request, which never changes. */
    private final Map<String, Optional<Origin>> origins = new ConcurrentHashMap<>();

    /** The benchmark a job was submitted for. */
    private Optional<String> benchmarkOf(String jobId) {
        return origin(jobId).map(Origin::benchmarkId);
    }

    @SuppressWarnings("unchecked")
    private Optional<Origin> origin(String jobId) {
        Optional<Origin> known = origins.get(jobId);
        if (known != null) {
            return known;
        }
        Path file = jobs().root().resolve(jobId).resolve("request.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Optional<Origin> origin;
        try {
            Map<String, Object> metadata = RunFiles.mapper()
                    .readValue(file.toFile(), RunFile.class)
                    .request()
                    .metadata();
            origin = metadata.get(BENCHMARK) instanceof String b && metadata.get(FUNCTIONS) instanceof Map<?, ?> k
                    ? Optional.of(new Origin(b, (Map<String, String>) k))
                    : Optional.empty(); // a job of the instance that the server did not submit
        } catch (IOException e) {
            return Optional.empty();
        }
        origins.put(jobId, origin);
        return origin;
    }

    /** {@code GET …/jobs/{job_id}}: the status, with evals4j's progress, error and whether it can be resumed. */
    public Map<String, Object> status(String benchmarkId, String jobId) {
        return wire(job(benchmarkId, jobId), benchmarkId);
    }

    /** {@code DELETE …/jobs/{job_id}}: asks the job to stop; samples in flight finish, no new model call starts. */
    public Map<String, Object> cancel(String benchmarkId, String jobId) {
        job(benchmarkId, jobId);
        return wire(jobs().cancel(jobId), benchmarkId);
    }

    /** {@code POST …/jobs/{job_id}/resume} (evals4j's): continues a failed or cancelled job from its journal. */
    public Map<String, Object> resume(String benchmarkId, String jobId) {
        Job job = job(benchmarkId, jobId);
        if (!job.resumable()) {
            throw ApiException.badRequest("job " + jobId + " is " + job.status().wireName()
                    + (job.status() == JobStatus.COMPLETED
                            ? "; there is nothing to resume"
                            : "; it cannot be resumed now"));
        }
        return wire(
                jobs().resume(
                                jobId,
                                RunOptions.builder().concurrency(concurrency).build()),
                benchmarkId);
    }

    /** The jobs of a benchmark, newest first (evals4j's). */
    public List<Map<String, Object>> list(String benchmarkId) {
        benchmarks.get(benchmarkId);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Job job : jobs().list()) {
            if (benchmarkId.equals(benchmarkOf(job.id()).orElse(null))) {
                out.add(wire(job, benchmarkId));
            }
        }
        return out;
    }

    /** {@code GET …/jobs/{job_id}/result}: the generations and scores of a completed job. */
    public Map<String, Object> result(String benchmarkId, String jobId) {
        Job job = job(benchmarkId, jobId);
        if (job.status() != JobStatus.COMPLETED) {
            throw ApiException.badRequest("job " + jobId + " is " + job.status().wireName()
                    + "; its result is there when it is completed"
                    + job.error().map(e -> " (" + e + ")").orElse(""));
        }
        Map<String, String> keys = origin(jobId).orElseThrow().keys();
        return response(job.outputDir(), keys);
    }

    /** A job as the wire shows it: Llama Stack's {@code Job} and what evals4j adds. */
    private static Map<String, Object> wire(Job job, String benchmarkId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.id());
        out.put("status", job.status().wireName());
        out.put("benchmark_id", benchmarkId);
        out.put("created_at", job.createdAt().toString());
        job.startedAt().ifPresent(t -> out.put("started_at", t.toString()));
        job.finishedAt().ifPresent(t -> out.put("finished_at", t.toString()));
        job.progress().ifPresent(p -> {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("done", p.done());
            progress.put("total", p.total());
            progress.put("errors", p.errors());
            out.put("progress", progress);
        });
        job.error().ifPresent(e -> out.put("error", e));
        out.put("resumable", job.resumable());
        return out;
    }

    /**
     * Llama Stack's {@code EvaluateResponse} from a run folder: a generation per row in dataset order, and per
     * scoring function a score row per row and the aggregated results. A row whose model call failed has the error
     * in its generation and in each of its score rows, so that no row is lost.
     */
    static Map<String, Object> response(Path runDir, Map<String, String> keys) {
        ResultsFile results = RunFiles.readResults(runDir);
        TreeMap<Long, SampleRecord> samples = new TreeMap<>();
        try (Stream<SampleRecord> lines = RunFiles.readSamples(runDir)) {
            // a sample tried again on resume has a later line, which is the one that counts
            lines.forEach(s -> samples.put(s.index(), s));
        }
        List<Map<String, Object>> generations = new ArrayList<>(samples.size());
        for (SampleRecord s : samples.values()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("generated_answer", s.generatedAnswer());
            if (s.error() != null) {
                g.put("error", s.error());
            }
            generations.add(g);
        }
        Map<String, Object> scores = new LinkedHashMap<>();
        keys.forEach((fn, scorer) -> {
            List<Object> rows = new ArrayList<>(samples.size());
            for (SampleRecord s : samples.values()) {
                ScoreRow row = s.scores().get(scorer);
                if (row == null) {
                    ErrorRecord error = s.error() != null ? s.error() : new ErrorRecord("Missing", "not scored");
                    row = new ScoreRow(null, null, Map.of(), null, error);
                }
                rows.add(row);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("score_rows", rows);
            ResultsFile.ScoreEntry entry =
                    results.scores() == null ? null : results.scores().get(scorer);
            result.put("aggregated_results", entry == null ? Map.of() : entry.aggregatedResults());
            scores.put(fn, result);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generations", generations);
        out.put("scores", scores);
        return out;
    }
}
