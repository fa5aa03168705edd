package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.server.EvalsServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evals serve}: Llama Stack's eval REST API, served by evals4j until the process is stopped. */
@Command(
        name = "serve",
        description = "Serve Llama Stack's eval REST API (datasets, scoring, scoring functions, benchmarks, eval"
                + " jobs) for the llama-stack-client packages, until stopped with Ctrl-C or SIGTERM.")
final class ServeCommand extends CliCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", description = "The port (default: ${DEFAULT-VALUE}; 0 chooses one).")
    int port = EvalsServer.DEFAULT_PORT;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host = "127.0.0.1";

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where datasets, scoring functions, benchmarks, jobs and results are kept (default:"
                    + " ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("runs", "server");

    @Option(
            names = "--inference-base-url",
            paramLabel = "URL",
            description = "The model server eval candidates and judges call, such as http://127.0.0.1:8000/v1.")
    String inferenceBaseUrl;

    @Option(
            names = "--inference-generator",
            paramLabel = "ID",
            description = "openai-compatible (default) or llama-stack (a Llama Stack server's root as the URL).")
    String inferenceGenerator = "openai-compatible";

    @Option(
            names = "--inference-api-key-env",
            paramLabel = "VAR",
            description = "The environment variable that holds the model server's API key.")
    String inferenceApiKeyEnv;

    @Option(
            names = "--model",
            paramLabel = "ID=NAME",
            description = "Send requests for the model ID as NAME, the model server's name for it (repeatable).")
    Map<String, String> models = new LinkedHashMap<>();

    @Option(
            names = "--judge-model",
            paramLabel = "ID",
            description = "The judge model of judge scoring functions whose params name none.")
    String judgeModel;

    @Option(
            names = "--api-key-env",
            paramLabel = "VAR",
            description = "The environment variable holding the key clients must send as 'Authorization: Bearer'.")
    String apiKeyEnv;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            description = "Samples in flight at once in one eval job or evaluation (default: ${DEFAULT-VALUE}).")
    int concurrency = RunOptions.DEFAULT_CONCURRENCY;

    @Option(
            names = "--parallel-jobs",
            paramLabel = "N",
            description = "Eval jobs run at once (default: ${DEFAULT-VALUE}).")
    int parallelJobs = 2;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Requests answered at once (default: ${DEFAULT-VALUE}).")
    int threads = 64;

    @Option(names = "--no-file-uris", description = "Refuse datasets that name local files (for untrusted clients).")
    boolean noFileUris;

    @Option(
            names = "--response-cache",
            description = "Answer repeated deterministic model requests from the cache on disk.")
    boolean responseCache;

    ServeCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("--port must be from 0 to 65535, was " + port);
        }
        if (concurrency < 1 || parallelJobs < 1 || threads < 1) {
            throw new ConfigurationException("--concurrency, --parallel-jobs and --threads must be at least 1");
        }
        String key = null;
        if (apiKeyEnv != null) {
            key = context.env.get(apiKeyEnv);
            if (key == null || key.isBlank()) {
                throw new ConfigurationException(
                        "--api-key-env names the environment variable " + apiKeyEnv + ", which is not set");
            }
        }
        if (inferenceApiKeyEnv != null && context.env.get(inferenceApiKeyEnv) == null) {
            throw new ConfigurationException("--inference-api-key-env names the environment variable "
                    + inferenceApiKeyEnv + ", which is not set");
        }
        Evals evals = Evals.builder()
                .plugins(context.evals().plugins())
                .environment(context.env)
                .dataDir(dataDir)
                .responseCache(responseCache)
                .parallelJobs(parallelJobs)
                .build();
        EvalsServer server;
        try {
            EvalsServer.Builder b = EvalsServer.builder(evals)
                    .host(host)
                    .port(port)
                    .inferenceGenerator(inferenceGenerator)
                    .runConcurrency(concurrency)
                    .threads(threads)
                    .fileUris(!noFileUris);
            if (inferenceBaseUrl != null) {
                b.inferenceBaseUrl(inferenceBaseUrl);
            }
            if (inferenceApiKeyEnv != null) {
                b.inferenceApiKeyEnv(inferenceApiKeyEnv);
            }
            models.forEach(b::model);
            if (judgeModel != null) {
                b.judgeModel(judgeModel);
            }
            if (key != null) {
                b.apiKey(key);
            }
            server = b.build().start();
        } catch (RuntimeException e) {
            evals.close();
            throw e;
        }
        // Ctrl-C and SIGTERM: stop answering, then stop the jobs (they are kept, cancelled, and can be resumed)
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            evals.close();
                        },
                        "evals-serve-stop"));
        context.out.println("evals4j serves Llama Stack's eval API on " + server.baseUrl() + " (data in "
                + dataDir.toAbsolutePath().normalize() + "); Ctrl-C stops it");
        context.out.flush();
        server.awaitStop();
        return 0;
    }
}
