package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.JobStore;
import dev.evals4j.core.plugins.PluginKind;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.RunFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evals run}: asks a model every row of a dataset and scores its answers. */
@Command(name = "run", description = "Ask a model each row of a dataset and score its answers.")
final class RunCommand extends CliCommand implements Callable<Integer> {
    @Mixin
    DatasetAndScorers what = new DatasetAndScorers();

    @Option(
            names = "--generator",
            paramLabel = "ID",
            description = "The model server's generator (default: ${DEFAULT-VALUE}).")
    String generator = "openai-compatible";

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "The server's base URL, such as http://127.0.0.1:8000/v1.")
    String baseUrl;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description = "The model to ask, as the server names it (required by openai-compatible and llama-stack).")
    String model;

    @Option(
            names = "--api-key-env",
            paramLabel = "VAR",
            description = "The environment variable that holds the API key.")
    String apiKeyEnv;

    @Option(names = "--max-tokens", paramLabel = "N", description = "The most tokens to generate per answer.")
    Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "X", description = "The sampling temperature (0 is greedy).")
    Double temperature;

    @Option(names = "--no-cache", description = "Do not read or write the response cache.")
    boolean noCache;

    @Option(
            names = "--processor",
            paramLabel = "ID",
            description = "The processor (default: template with --prompt-template, else llama-stack-rows).")
    String processor;

    @Option(
            names = "--prompt-template",
            paramLabel = "TEXT",
            description = "The user message, with {column} placeholders.")
    String promptTemplate;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message.")
    String system;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            description = "Samples in flight at once (default: 16; with --resume, what the run had).")
    Integer concurrency;

    @Option(names = "--epochs", paramLabel = "N", description = "Ask each sample N times (default: ${DEFAULT-VALUE}).")
    int epochs = 1;

    @Option(
            names = "--epoch-reducer",
            paramLabel = "R",
            description = "mean, max, mode or pass_at_K: how epochs become one score (default: ${DEFAULT-VALUE}).")
    String epochReducer = "mean";

    /** The share of failed samples above which a run fails, unless --max-error-rate says otherwise. */
    static final double DEFAULT_MAX_ERROR_RATE = 0.5;

    @Option(
            names = "--max-error-rate",
            paramLabel = "X",
            description = "Fail (and stop) when more than this share of samples fail (default 0.5); a run whose every"
                    + " sample failed fails whatever this is.")
    Double maxErrorRate;

    @Option(names = "--resume", description = "Continue the run in --output from its journal (or start it there).")
    boolean resume;

    @Option(names = "--detach", description = "Run as a background job and return at once; see 'evals jobs'.")
    boolean detach;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = "Run on Apache Spark with this master, such as local[4]; --concurrency is then the whole"
                    + " run's (needs evals-spark and Spark on the class path; docs/spark.md).")
    String spark;

    RunCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Evals evals = context.evals();
        ProgressPrinter printer = new ProgressPrinter(context.err, context.terminal());
        boolean resuming = what.resuming(resume);
        RunOptions.Builder options = RunOptions.builder()
                .concurrency(concurrency(resuming))
                .progress(printer)
                .maxErrorRate(maxErrorRate != null ? maxErrorRate : DEFAULT_MAX_ERROR_RATE);
        EvalRequest request = resuming ? null : request(evals);
        List<Thresholds.Threshold> thresholds = Thresholds.parse(
                what.failUnder,
                resuming
                        ? RunFiles.readRun(what.output).request().scorers().stream()
                                .map(PluginRecord::id)
                                .toList()
                        : request.scorers().stream()
                                .map(dev.evals4j.api.ScorerSpec::id)
                                .toList());
        if (resuming && (what.dataset != null || what.task != null)) {
            checkSameRun(evals, request(evals));
        }
        if (detach) {
            return detach(evals, request);
        }
        Optional<EvalResult> done = StopOnSignal.run(
                context,
                "run",
                options,
                printer,
                run -> spark != null // a run on Spark started again into its folder continues it
                        ? SparkHandOff.run(
                                spark,
                                resuming
                                        ? RunFiles.readRun(what.output)
                                                .request()
                                                .toRequest(what.output)
                                        : request,
                                run,
                                !noCache,
                                context.verbose())
                        : resuming
                                ? evals.evals().resume(what.output, run)
                                : evals.evals().runEvalTask(request, run));
        if (done.isEmpty()) {
            return Main.INTERRUPTED;
        }
        EvalResult result = done.get();
        Summary.print(context.out, result);
        context.out.println();
        context.out.println(result.numSamples() + " samples"
                + (result.numErrors() > 0 ? ", " + result.numErrors() + " failed (see \"error\" in samples.jsonl)" : "")
                + result.usage().map(u -> "; " + u.totalTokens() + " tokens").orElse("")
                + "; results in " + result.outputDir());
        return Thresholds.check(thresholds, result, context.err) ? 0 : Main.FAILED;
    }

    private EvalRequest request(Evals evals) {
        if (what.task == null) {
            what.requireDatasetAndScorers(missingModelFlags(evals));
        } else {
            // a task brings its dataset and scorers, not the model
            DatasetAndScorers.requireNone(missingModelFlags(evals));
        }
        String processorId = processor != null ? processor : promptTemplate != null ? "template" : "llama-stack-rows";
        List<String> ids = new ArrayList<>(what.scorers);
        if (what.task == null) {
            ids.add(processorId);
        } else {
            ids.add(what.task);
        }
        ids.add(generator);
        Map<String, Map<String, Object>> params = what.params(ids, id -> evals.plugins()
                .get(
                        id.equals(generator)
                                ? PluginKind.GENERATOR
                                : id.equals(what.task)
                                        ? PluginKind.TASK
                                        : id.equals(processorId) ? PluginKind.PROCESSOR : PluginKind.SCORER,
                        id));
        Map<String, Object> generatorParams = new LinkedHashMap<>();
        put(generatorParams, "base_url", baseUrl);
        put(generatorParams, "model", model);
        put(generatorParams, "api_key_env", apiKeyEnv);
        put(generatorParams, "max_tokens", maxTokens == null ? null : maxTokens.longValue());
        put(generatorParams, "temperature", temperature);
        if (noCache) {
            generatorParams.put("cache", "bypass");
        }
        generatorParams.putAll(params.getOrDefault(generator, Map.of()));
        if (what.task != null) {
            if (processor != null || promptTemplate != null || system != null) {
                throw new ConfigurationException(
                        "--task brings its own prompt; --processor, --prompt-template and --system do not apply");
            }
            EvalRequest.Builder request = evals.tasks()
                    .evalTask(
                            what.task,
                            what.taskParams(params),
                            new PluginSpec(generator, generatorParams),
                            java.util.Optional.ofNullable(what.dataset == null ? null : what.definition()));
            if (epochs != 1) {
                request.epochs(epochs);
            }
            return what.complete(request, params).epochReducer(epochReducer).build();
        }
        Map<String, Object> processorParams = new LinkedHashMap<>();
        put(processorParams, "prompt_template", promptTemplate);
        put(processorParams, "system", system);
        processorParams.putAll(params.getOrDefault(processorId, Map.of()));
        EvalRequest.Builder request = what.request(params)
                .processor(new PluginSpec(processorId, processorParams))
                .generator(new PluginSpec(generator, generatorParams))
                .epochs(epochs)
                .epochReducer(epochReducer);
        return request.build();
    }

    /**
     * The concurrency asked for; else, for a run that is resumed, the one it ran with when it stopped (its
     * {@code results.json}); else the default.
     */
    private int concurrency(boolean resuming) {
        if (concurrency != null) {
            return concurrency;
        }
        if (resuming && Files.isRegularFile(what.output.resolve(RunFiles.RESULTS))) {
            try {
                int before = RunFiles.readResults(what.output).concurrency();
                if (before > 0) {
                    return before;
                }
            } catch (RuntimeException unreadable) {
                // a torn or foreign results.json: the resume reports what matters about the folder itself
            }
        }
        return RunOptions.DEFAULT_CONCURRENCY;
    }

    private int detach(Evals evals, EvalRequest request) {
        if (request == null) {
            throw new ConfigurationException(
                    "--detach with --resume: resume a background job with 'evals jobs resume ID'");
        }
        JobStore jobs = context.jobStore();
        String id = jobs.create(request, ProcessHandle.current()); // create() checks the request
        Process worker = Workers.start(context, jobs, id, concurrency(false));
        context.out.println("job " + id + " runs in the background (pid " + worker.pid() + "); follow it with"
                + " 'evals jobs show " + id + "'");
        return 0;
    }

    /** Refuses to resume a run with options that describe another run (another dataset, model or scorers). */
    private void checkSameRun(Evals evals, EvalRequest given) {
        try {
            evals.runner().checkSameRun(RunFiles.readRun(what.output), given, what.output);
        } catch (ConfigurationException e) {
            throw new ConfigurationException("--resume: "
                    + e.getMessage()
                            .replace(
                                    "give the request that started it, or resume it by its folder alone",
                                    "give the same options, or only --resume --output " + what.output));
        }
    }

    /** The generator parameters a flag gives, with what the flag is, for a message that names the flag. */
    private static final Map<String, String> GENERATOR_FLAGS = Map.of(
            "model",
            "--model (the model to ask, such as Qwen/Qwen2.5-1.5B-Instruct, or fake with 'evals fake-model')",
            "base_url",
            "--base-url (the server's base URL, such as http://127.0.0.1:8000/v1)");

    /**
     * The flags that give the generator's required parameters and were not given (nor set with --param): a missing
     * --model is a missing flag, not a missing parameter of openai-compatible with its 25 accepted parameters.
     */
    private List<String> missingModelFlags(Evals evals) {
        List<String> missing = new ArrayList<>();
        Plugin plugin = evals.plugins().get(PluginKind.GENERATOR, generator);
        for (Parameter p : plugin.parameters()) {
            String flag = GENERATOR_FLAGS.get(p.name());
            if (flag == null || !p.required()) {
                continue;
            }
            String value = p.name().equals("model") ? model : baseUrl;
            boolean byParam = what.params.stream().anyMatch(o -> o.startsWith(generator + "." + p.name() + "="));
            if (value == null && !byParam) {
                missing.add(flag);
            }
        }
        return missing;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
