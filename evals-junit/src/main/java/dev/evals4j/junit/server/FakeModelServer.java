package dev.evals4j.junit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.evals4j.junit.server.Responses.Drop;
import dev.evals4j.junit.server.Responses.Events;
import dev.evals4j.junit.server.Responses.Outcome;
import dev.evals4j.junit.server.Responses.Send;
import dev.evals4j.junit.server.Responses.Silence;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake OpenAI-compatible model server on a loopback port, for tests and for trying evals without a model.
 *
 * <p>It serves {@code POST /v1/chat/completions}, {@code POST /v1/completions}, {@code POST /v1/embeddings} and
 * {@code GET /v1/models} in OpenAI's shapes (ids, {@code object}, {@code created}, choices with {@code message} or
 * {@code text}, {@code finish_reason}, {@code usage}, {@code n > 1}, log-probabilities when asked, streaming when
 * asked), and refuses bad requests as OpenAI does, in its error shape {@code {"error": {"message", "type", "param",
 * "code"}}}: no {@code model} or no {@code messages} is a 400, a wrong API key a 401 (with {@link
 * Builder#requireApiKey}), another path a 404. Token counts are rough: a token is a whitespace-separated word.
 * {@code /v1/completions} takes a list of prompts (one choice per prompt, in {@code index} order) and echoes a
 * prompt with its tokens' log-probabilities ({@code echo}, {@code logprobs}) as vLLM does, which is what
 * multiple choice by log-likelihood asks; {@link Builder#likelihood} decides those log-probabilities.
 *
 * <p>Each request to a model endpoint is answered, in this order, by the next scripted {@link Reply} ({@link
 * Builder#script}, {@link #enqueue}), a fault rule ({@link Builder#faultEvery}, {@link Builder#faultShare}), the
 * {@link Responder}s in the order they were added (a dataset, a function), and finally the default answer. A
 * request's {@code max_tokens} and {@code stop} cut the answer as a model's would.
 *
 * <pre>{@code
 * try (FakeModelServer server = FakeModelServer.builder()
 *         .answersFrom(DatasetAnswers.fromFile(Path.of("capitals.csv")))
 *         .script(Fault.rateLimited(), Fault.serverError(503))
 *         .start()) {
 *     String baseUrl = server.baseUrl();   // http://127.0.0.1:PORT/v1
 *     …
 *     assertThat(server.calls(Endpoint.CHAT_COMPLETIONS)).isEqualTo(14);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Requests are handled by a pool that grows with them (hundreds at once); latencies and hangs are
 * timers, not sleeping threads.
 *
 * <p>The JDK's server sends an answer's headers and body in two TCP writes; without {@code TCP_NODELAY} the body waits
 * for the client's delayed ACK, about 40 ms per answer. So when this class is loaded it sets the system property
 * {@code sun.net.httpserver.nodelay} to {@code true} if it is not set (which also gives {@code TCP_NODELAY} to other
 * JDK servers this JVM starts later); it has no effect when a JDK server was started before. Set the property to
 * {@code false} to keep Nagle's algorithm. Why: {@code docs/decisions/012-fake-model-server.md}.
 */
public final class FakeModelServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FakeModelServer.class);

    /** The answer to a request that no responder answers, unless {@link Builder#defaultAnswer} says otherwise. */
    public static final String DEFAULT_ANSWER = "I don't know.";

    /** The model the server lists unless {@link Builder#models} says otherwise. */
    public static final String DEFAULT_MODEL = "fake";

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        // read once, when the JDK server's configuration class loads: before the first server of this JVM starts
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    private final Settings settings;
    private final Responses responses;
    private final HttpServer http;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final ConcurrentLinkedQueue<Reply> script;
    private final Set<HttpExchange> hanging = ConcurrentHashMap.newKeySet();
    private final AtomicLongArray perEndpoint = new AtomicLongArray(Endpoint.values().length);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object lock = new Object();
    private final List<FakeRequest> recorded = new ArrayList<>();
    private long received;

    private FakeModelServer(Settings settings) {
        this.settings = settings;
        this.script = new ConcurrentLinkedQueue<>(settings.script);
        this.responses = new Responses(
                settings.defaultAnswer,
                settings.models,
                settings.rejectUnknownModels,
                settings.embeddingDimensions,
                Instant.now().getEpochSecond(),
                settings.apiKey,
                settings.likelihood);
        try {
            this.http = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), settings.port), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + settings.port + ": " + e.getMessage(), e);
        }
        int port = http.getAddress().getPort();
        this.workers = Executors.newCachedThreadPool(threads("fake-model-server-" + port + "-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("fake-model-server-" + port + "-timer-"));
        http.setExecutor(workers);
        http.createContext("/", this::handle);
        http.start();
    }

    /** A builder with the defaults: a free port, the model {@code fake}, every request answered "I don't know.". */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this server's settings (its script as given, not as consumed), to start another. */
    public Builder toBuilder() {
        return new Builder(settings);
    }

    /** The OpenAI-compatible base URL, {@code http://127.0.0.1:PORT/v1}, as a client's {@code base_url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** The port it listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** How many requests it has received, of any kind. */
    public long calls() {
        synchronized (lock) {
            return received;
        }
    }

    /** How many requests it has received for one endpoint, answered or refused. */
    public long calls(Endpoint endpoint) {
        return perEndpoint.get(endpoint.ordinal());
    }

    /**
     * The requests received, in the order they arrived (at most {@link Builder#maxRecordedRequests} of them, the
     * first ones).
     */
    public List<FakeRequest> requests() {
        synchronized (lock) {
            return List.copyOf(recorded);
        }
    }

    /** The recorded requests for one endpoint, in the order they arrived. */
    public List<FakeRequest> requests(Endpoint endpoint) {
        return requests().stream().filter(r -> r.endpoint() == endpoint).toList();
    }

    /**
     * Waits until the server has received at least {@code n} requests and returns the first {@code n} (fewer when
     * fewer were recorded).
     *
     * @throws AssertionError when they have not arrived within the timeout; the message says how many did
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public List<FakeRequest> awaitRequests(int n, Duration timeout) throws InterruptedException {
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0, was " + n);
        }
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (received < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " requests within " + Responses.seconds(timeout)
                            + " s, the fake model server received " + received);
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return List.copyOf(recorded.subList(0, Math.min(n, recorded.size())));
        }
    }

    /** Adds replies to the end of the script: the next requests to model endpoints get them, one each, in order. */
    public void enqueue(Reply... replies) {
        for (Reply r : replies) {
            script.add(Objects.requireNonNull(r, "reply"));
        }
    }

    /** How many scripted replies are left. */
    public int scriptLeft() {
        return script.size();
    }

    /** Stops listening, drops the connections of hanging calls, and stops its threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (HttpExchange exchange : hanging) {
            drop(exchange);
        }
        http.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeModelServer[" + baseUrl() + "]";
    }

    // ---- handling

    private void handle(HttpExchange exchange) {
        try {
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String text = new String(raw, StandardCharsets.UTF_8);
            JsonNode json = text.isBlank() ? null : OpenAiWire.read(text);
            FakeRequest request = record(exchange, text, json);
            Outcome outcome = decide(request);
            Duration delay = settings.latency.apply(request);
            if (delay == null || delay.isZero() || delay.isNegative()) {
                deliver(exchange, outcome);
            } else {
                timer.schedule(
                        () -> {
                            try {
                                workers.execute(() -> deliver(exchange, outcome));
                            } catch (RejectedExecutionException closing) {
                                exchange.close();
                            }
                        },
                        delay.toNanos(),
                        TimeUnit.NANOSECONDS);
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                LOG.warn(
                        "the fake model server could not answer {} {}",
                        exchange.getRequestMethod(),
                        exchange.getRequestURI(),
                        e);
            }
            exchange.close();
        }
    }

    private FakeRequest record(HttpExchange exchange, String text, @Nullable JsonNode json) {
        String path = exchange.getRequestURI().getPath();
        synchronized (lock) {
            received++;
            FakeRequest request = new FakeRequest(
                    received, exchange.getRequestMethod(), path, exchange.getRequestHeaders(), text, json);
            perEndpoint.incrementAndGet(request.endpoint().ordinal());
            if (recorded.size() < settings.maxRecordedRequests) {
                recorded.add(request);
            }
            lock.notifyAll();
            return request;
        }
    }

    private Outcome decide(FakeRequest request) {
        Optional<Outcome> refused = responses.refuse(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (request.endpoint() == Endpoint.MODELS) {
            return responses.models(request);
        }
        Reply fixed = script.poll();
        if (fixed == null) {
            fixed = faultFor(request.call());
        }
        try {
            return responses.answer(request, fixed, this::replyFor);
        } catch (RuntimeException e) {
            LOG.warn("a responder of the fake model server failed on {}", request, e);
            return responses.failedResponder(e);
        }
    }

    private @Nullable Fault faultFor(long call) {
        for (FaultRule rule : settings.faultRules) {
            if (rule.applies(call)) {
                return rule.fault;
            }
        }
        return null;
    }

    private Reply replyFor(FakeRequest request) {
        for (Responder responder : settings.responders) {
            Optional<Reply> reply = responder.reply(request);
            if (reply == null) {
                throw new IllegalStateException("the responder " + responder + " returned null; return"
                        + " Optional.empty() when it has no answer");
            }
            if (reply.isPresent()) {
                return reply.get();
            }
        }
        return Reply.answer(settings.defaultAnswer);
    }

    private void deliver(HttpExchange exchange, Outcome outcome) {
        try {
            if (outcome instanceof Send send) {
                Headers headers = exchange.getResponseHeaders();
                send.headers().forEach(headers::set);
                headers.set("x-request-id", requestId());
                exchange.sendResponseHeaders(send.status(), send.body().length == 0 ? -1 : send.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(send.body());
                }
            } else if (outcome instanceof Events events) {
                Headers headers = exchange.getResponseHeaders();
                headers.set("Content-Type", "text/event-stream; charset=utf-8");
                headers.set("Cache-Control", "no-cache");
                headers.set("x-request-id", requestId());
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (String event : events.events()) {
                        out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                }
            } else if (outcome instanceof Silence silence) {
                hanging.add(exchange);
                if (closed.get()) {
                    drop(exchange);
                    return;
                }
                silence.closeAfter()
                        .ifPresent(d -> timer.schedule(() -> drop(exchange), d.toNanos(), TimeUnit.NANOSECONDS));
            } else if (outcome instanceof Drop) {
                exchange.close(); // before the response headers: the JDK server closes the connection
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (a timeout), or the server is closing
            LOG.debug("the fake model server could not send its answer", e);
            exchange.close();
        }
    }

    private void drop(HttpExchange exchange) {
        hanging.remove(exchange);
        exchange.close();
    }

    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- configuration

    /** Faults for every Nth call, or for a share of calls drawn with a seed. */
    private record FaultRule(long every, double share, long seed, Fault fault) {
        boolean applies(long call) {
            if (every > 0) {
                return call % every == 0;
            }
            // decided per call number, so the same calls fail whatever the order threads ask in
            return Words.unit(seed * 0x9E3779B97F4A7C15L + call) < share;
        }
    }

    /** What a builder held when the server started. */
    private record Settings(
            int port,
            List<String> models,
            boolean rejectUnknownModels,
            List<Responder> responders,
            String defaultAnswer,
            List<Reply> script,
            Function<FakeRequest, Duration> latency,
            List<FaultRule> faultRules,
            @Nullable String apiKey,
            int embeddingDimensions,
            int maxRecordedRequests,
            Likelihood likelihood) {}

    /** Configures and starts a {@link FakeModelServer}; not thread-safe. */
    public static final class Builder {
        private int port;
        private List<String> models = List.of(DEFAULT_MODEL);
        private boolean rejectUnknownModels;
        private final List<Responder> responders = new ArrayList<>();
        private String defaultAnswer = DEFAULT_ANSWER;
        private final List<Reply> script = new ArrayList<>();
        private Function<FakeRequest, Duration> latency = r -> Duration.ZERO;
        private final List<FaultRule> faultRules = new ArrayList<>();
        private @Nullable String apiKey;
        private int embeddingDimensions = 64;
        private int maxRecordedRequests = 100_000;
        private Likelihood likelihood = Likelihood.NONE;

        private Builder() {}

        private Builder(Settings s) {
            this.port = s.port;
            this.models = s.models;
            this.rejectUnknownModels = s.rejectUnknownModels;
            this.responders.addAll(s.responders);
            this.defaultAnswer = s.defaultAnswer;
            this.script.addAll(s.script);
            this.latency = s.latency;
            this.faultRules.addAll(s.faultRules);
            this.apiKey = s.apiKey;
            this.embeddingDimensions = s.embeddingDimensions;
            this.maxRecordedRequests = s.maxRecordedRequests;
            this.likelihood = s.likelihood;
        }

        /** The port on 127.0.0.1; default 0, a free port chosen by the system. */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be from 0 to 65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** The models {@code /v1/models} lists; default {@code fake}. */
        public Builder models(String... ids) {
            List<String> list = List.of(ids);
            if (list.isEmpty() || list.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("models needs at least one id, none blank, was " + list);
            }
            this.models = list;
            return this;
        }

        /**
         * Answer requests for a model that {@code /v1/models} does not list with OpenAI's 404 {@code model_not_found};
         * by default any model is answered.
         */
        public Builder rejectUnknownModels() {
            this.rejectUnknownModels = true;
            return this;
        }

        /** Answer every request with this text (unless a script or a fault rule answers first). */
        public Builder answer(String text) {
            Objects.requireNonNull(text, "text");
            return respond(request -> Optional.of(Reply.answer(text)));
        }

        /**
         * Answer with a function of the request, such as {@code r -> r.userText().contains("France") ? "Paris" :
         * null}; {@code null} means no answer (the next responder, then the default answer).
         */
        public Builder answerWith(Function<FakeRequest, @Nullable String> answers) {
            Objects.requireNonNull(answers, "answers");
            return respond(
                    request -> Optional.ofNullable(answers.apply(request)).map(Reply::answer));
        }

        /** Reply with a function of the request: answers, refusals or faults; {@code null} means no reply. */
        public Builder replyWith(Function<FakeRequest, @Nullable Reply> replies) {
            Objects.requireNonNull(replies, "replies");
            return respond(request -> Optional.ofNullable(replies.apply(request)));
        }

        /** Answer from a dataset: the answer column of the row whose question is the request's text. */
        public Builder answersFrom(DatasetAnswers answers) {
            return respond(Objects.requireNonNull(answers, "answers"));
        }

        /** Add a responder; responders are asked in the order they were added, until one has a reply. */
        public Builder respond(Responder responder) {
            responders.add(Objects.requireNonNull(responder, "responder"));
            return this;
        }

        /** The answer to a request that no responder answers; default "I don't know.". */
        public Builder defaultAnswer(String text) {
            this.defaultAnswer = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Replies for the first requests to model endpoints, one each, in order (after them: fault rules, then
         * responders); more can be added while the server runs with {@link FakeModelServer#enqueue}.
         */
        public Builder script(Reply... replies) {
            for (Reply r : replies) {
                script.add(Objects.requireNonNull(r, "reply"));
            }
            return this;
        }

        /** Answer every request after this delay (a timer, not a sleeping thread); default none. */
        public Builder latency(Duration value) {
            Objects.requireNonNull(value, "value");
            if (value.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, was " + value);
            }
            return latency(request -> value);
        }

        /** Answer each request after the delay this function gives it (for instance by {@link FakeRequest#call()}). */
        public Builder latency(Function<FakeRequest, Duration> perCall) {
            this.latency = Objects.requireNonNull(perCall, "perCall");
            return this;
        }

        /** Fail every Nth request ({@link FakeRequest#call()} divisible by {@code n}) to a model endpoint. */
        public Builder faultEvery(int n, Fault fault) {
            if (n < 1) {
                throw new IllegalArgumentException("faultEvery needs n of at least 1, was " + n);
            }
            faultRules.add(new FaultRule(n, 0, 0, Objects.requireNonNull(fault, "fault")));
            return this;
        }

        /**
         * Fail a share of the requests to model endpoints, drawn with a seed: whether call number k fails depends on
         * the seed and k only, so a run fails the same calls each time.
         */
        public Builder faultShare(double share, long seed, Fault fault) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("faultShare needs a share from 0 to 1, was " + share);
            }
            faultRules.add(new FaultRule(0, share, seed, Objects.requireNonNull(fault, "fault")));
            return this;
        }

        /** Require {@code Authorization: Bearer <key>}, answering 401 as OpenAI does otherwise; default none. */
        public Builder requireApiKey(String key) {
            Objects.requireNonNull(key, "key");
            if (key.isBlank()) {
                throw new IllegalArgumentException("the API key must not be blank");
            }
            this.apiKey = key;
            return this;
        }

        /** The length of embedding vectors when a request has no {@code dimensions}; default 64. */
        public Builder embeddingDimensions(int value) {
            if (value < 1 || value > 65_536) {
                throw new IllegalArgumentException("embeddingDimensions must be from 1 to 65536, was " + value);
            }
            this.embeddingDimensions = value;
            return this;
        }

        /** How many requests to keep for {@link FakeModelServer#requests()} (the first ones); default 100,000. */
        public Builder maxRecordedRequests(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxRecordedRequests must be at least 0, was " + value);
            }
            this.maxRecordedRequests = value;
            return this;
        }

        /**
         * The log-probabilities of completions' tokens (an echoed prompt's and the generated ones), where the function
         * gives one; default none, every token a made-up log-probability.
         */
        public Builder likelihood(Likelihood value) {
            this.likelihood = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Starts the server: it listens on 127.0.0.1 when this returns.
         *
         * @throws UncheckedIOException when the port cannot be bound (in use, or not allowed)
         */
        public FakeModelServer start() {
            return new FakeModelServer(new Settings(
                    port,
                    models,
                    rejectUnknownModels,
                    List.copyOf(responders),
                    defaultAnswer,
                    List.copyOf(script),
                    latency,
                    List.copyOf(faultRules),
                    apiKey,
                    embeddingDimensions,
                    maxRecordedRequests,
                    likelihood));
        }
    }
}
