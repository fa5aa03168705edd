package dev.evals4j.server;

import com.sun.net.httpserver.HttpServer;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.InstanceContext;
import dev.evals4j.core.internal.KnownSecrets;
import dev.evals4j.server.internal.Benchmarks;
import dev.evals4j.server.internal.DatasetStore;
import dev.evals4j.server.internal.EvalService;
import dev.evals4j.server.internal.Models;
import dev.evals4j.server.internal.Router;
import dev.evals4j.server.internal.RowScorer;
import dev.evals4j.server.internal.ScoringFunctions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Llama Stack's eval REST surface — datasets and datasetio, scoring and scoring functions, benchmarks and eval jobs,
 * as {@code llama-stack-client} 0.7.3 calls them, and the older paths — served by one {@link Evals} instance with
 * the JDK's HTTP server. State (datasets, registered scoring functions, benchmarks, jobs and their results) is kept
 * under the instance's data folder and read back when a server starts on it; jobs run in the instance's jobs folder,
 * so a job of a server that died is reported as failed and can be resumed. Model calls go to the configured
 * inference server.
 *
 * <pre>{@code
 * try (Evals evals = Evals.builder().dataDir(Path.of("server-data")).build();
 *         EvalsServer server = EvalsServer.builder(evals)
 *                 .port(8321)
 *                 .inferenceBaseUrl("http://127.0.0.1:8000/v1")
 *                 .build()
 *                 .start()) {
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class EvalsServer implements AutoCloseable {
    /** Llama Stack's port. */
    public static final int DEFAULT_PORT = 8321;

    private final Builder config;
    private final Router router;
    private final ExecutorService handlers;
    private final ExecutorService workers;
    private @Nullable HttpServer http;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    private EvalsServer(Builder b) {
        this.config = b;
        Evals evals = b.evals;
        InstanceContext context = (InstanceContext) evals.context();
        Path data = context.dataDir();
        Models models = new Models(
                evals.plugins(),
                b.inferenceGenerator,
                Optional.ofNullable(b.inferenceBaseUrl),
                Optional.ofNullable(b.inferenceApiKeyEnv),
                b.servedNames,
                b.routes,
                Optional.ofNullable(b.judgeModel));
        DatasetStore datasets = new DatasetStore(evals.datasets(), data.resolve("datasets"), b.fileUris);
        ScoringFunctions functions = new ScoringFunctions(context, models, data.resolve("scoring-functions"));
        Benchmarks benchmarks = new Benchmarks(data.resolve("benchmarks"));
        datasets.load();
        functions.load();
        benchmarks.load();
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(b.threads, r -> daemon(r, "evals-server-" + n.incrementAndGet()));
        AtomicInteger w = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "evals-server-judge-" + w.incrementAndGet()));
        RowScorer scorer = new RowScorer(context, workers, b.judgeConcurrency);
        EvalService eval = new EvalService(
                evals, datasets, functions, benchmarks, models, data.resolve("evaluations"), b.runConcurrency);
        this.router = new Router(
                datasets, functions, benchmarks, scorer, eval, Optional.ofNullable(b.apiKey), b.maxBodyBytes);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * A builder of a server for this instance, whose data folder holds the server's state. The server does not
     * close the instance; close it after the server.
     */
    public static Builder builder(Evals evals) {
        return new Builder(evals);
    }

    /**
     * Binds the port and starts answering.
     *
     * @throws EvalException when the port cannot be bound (the message names it)
     */
    public synchronized EvalsServer start() {
        if (http != null) {
            return this;
        }
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByName(config.host), config.port), config.backlog);
            server.createContext("/", router);
            server.setExecutor(handlers);
            server.start();
            http = server;
            return this;
        } catch (BindException e) {
            throw new EvalException(
                    "cannot listen on " + config.host + ":" + config.port + ": " + e.getMessage()
                            + " (is another server using the port? choose another with --port)",
                    e);
        } catch (IOException e) {
            throw new EvalException("cannot listen on " + config.host + ":" + config.port + ": " + e.getMessage(), e);
        }
    }

    /** The port the server listens on (the one chosen by the system when it was built with port 0). */
    public int port() {
        HttpServer server = http;
        if (server == null) {
            throw new IllegalStateException("the server is not started");
        }
        return server.getAddress().getPort();
    }

    /** The URL clients use: {@code http://host:port}. */
    public String baseUrl() {
        String host = config.host.contains(":") ? "[" + config.host + "]" : config.host;
        return "http://" + host + ":" + port();
    }

    /** Blocks until the server is closed. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops answering (requests in progress get a second to finish) and stops the server's threads. The instance is
     * left open: its jobs go on until it is closed, and can be resumed after.
     */
    @Override
    public synchronized void close() {
        HttpServer server = http;
        http = null;
        if (server != null) {
            // HttpServer.stop(delay) of JDK 17 waits the whole delay even when no request is in progress
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (router.inFlight() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            server.stop(0);
        }
        handlers.shutdownNow();
        workers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped.countDown();
    }

    /** Builds an {@link EvalsServer}; not thread-safe. */
    public static final class Builder {
        private final Evals evals;
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private int backlog = 1024;
        private @Nullable String apiKey;
        private String inferenceGenerator = "openai-compatible";
        private @Nullable String inferenceBaseUrl;
        private @Nullable String inferenceApiKeyEnv;
        private final Map<String, String> servedNames = new LinkedHashMap<>();
        private final Map<String, PluginSpec> routes = new LinkedHashMap<>();
        private @Nullable String judgeModel;
        private int threads = 64;
        private int runConcurrency = 16;
        private int judgeConcurrency = 16;
        private long maxBodyBytes = 64L << 20;
        private boolean fileUris = true;

        private Builder(Evals evals) {
            this.evals = Objects.requireNonNull(evals, "evals");
        }

        /** The address to listen on; {@code 127.0.0.1} unless set ({@code 0.0.0.0} for every interface). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; {@value #DEFAULT_PORT} unless set, 0 for one the system chooses. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Requires {@code Authorization: Bearer <key>} on every request but {@code /v1/health} and
         * {@code /v1/version}. The key is never written or logged.
         */
        public Builder apiKey(String key) {
            Objects.requireNonNull(key, "key");
            if (key.isBlank()) {
                throw new IllegalArgumentException("the API key must not be blank");
            }
            this.apiKey = KnownSecrets.add(key.strip());
            return this;
        }

        /**
         * The inference server model calls go to: an OpenAI-compatible root such as
         * {@code http://127.0.0.1:8000/v1}, or a Llama Stack server's root with {@link #inferenceGenerator}
         * {@code llama-stack}.
         */
        public Builder inferenceBaseUrl(String url) {
            this.inferenceBaseUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The generator that calls the inference server: {@code openai-compatible} (default) or {@code llama-stack}. */
        public Builder inferenceGenerator(String generatorId) {
            this.inferenceGenerator = Objects.requireNonNull(generatorId, "generatorId");
            return this;
        }

        /** The environment variable (of the instance's environment) that holds the inference server's API key. */
        public Builder inferenceApiKeyEnv(String variable) {
            this.inferenceApiKeyEnv = Objects.requireNonNull(variable, "variable");
            return this;
        }

        /** Sends requests for the model {@code id} to the inference server as {@code servedName}. */
        public Builder model(String id, String servedName) {
            servedNames.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(servedName, "servedName"));
            return this;
        }

        /**
         * Answers requests for the model {@code id} with this generator: an id and its parameters (sampling
         * parameters of a request are added), or a generator object of the application, used as it is.
         */
        public Builder model(String id, PluginSpec generator) {
            routes.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(generator, "generator"));
            return this;
        }

        /** The judge model of judge scoring functions whose params name none. */
        public Builder judgeModel(String model) {
            this.judgeModel = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Requests handled at once (64 unless set); more wait. */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + n);
            }
            this.threads = n;
            return this;
        }

        /** Samples in flight at once in one eval job or evaluation (16 unless set). */
        public Builder runConcurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("runConcurrency must be at least 1, was " + n);
            }
            this.runConcurrency = n;
            return this;
        }

        /** Rows of one scoring request a judge scores at once (16 unless set). */
        public Builder judgeConcurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("judgeConcurrency must be at least 1, was " + n);
            }
            this.judgeConcurrency = n;
            return this;
        }

        /** The largest request body taken, in bytes (64 MiB unless set); a larger one is a 413. */
        public Builder maxBodyBytes(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + n);
            }
            this.maxBodyBytes = n;
            return this;
        }

        /**
         * Whether datasets may name local files (paths and {@code file:} URIs), read with the server's rights; on
         * unless set. Turn it off when the clients are not trusted with the server's files.
         */
        public Builder fileUris(boolean allowed) {
            this.fileUris = allowed;
            return this;
        }

        /**
         * Builds the server, reading its state from the instance's data folder; {@link EvalsServer#start()} binds
         * the port.
         *
         * @throws EvalException when the state on disk cannot be read (the message names the file)
         */
        public EvalsServer build() {
            return new EvalsServer(this);
        }
    }
}
