package dev.evals4j.core.http;

import dev.evals4j.api.ModelCallException;
import dev.evals4j.core.EvalsVersion;
import dev.evals4j.core.internal.KnownSecrets;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JSON requests to a model server and returns the answers, retrying what may succeed when sent again;
 * immutable after {@link Builder#build()} and thread-safe.
 *
 * <p>Rules, in order, for an attempt that failed:
 * <ul>
 *   <li>{@code x-should-retry: false} is never retried, {@code x-should-retry: true} always is (within
 *       {@link RetryPolicy#maxRetries()});</li>
 *   <li>connection errors, timeouts, 408, 429 and 5xx (but 501 and 505, which will not change) are retried; any
 *       other status (a request the server refuses) is not, and its exception quotes the server's own message;</li>
 *   <li>the wait is the server's delay ({@link Retrier#serverDelay}: {@code retry-after-ms}, {@code Retry-After}
 *       in seconds or as an HTTP date, a {@code RateLimit} with nothing left), else the policy's exponential
 *       backoff with jitter; a server delay longer than {@link RetryPolicy#maxRetryAfter()} fails at once with a
 *       message that says so.</li>
 * </ul>
 * The loop is {@link Retrier}'s, the one the Hub client uses too. Each attempt first waits for the {@link RateLimiter} and takes a permit of the {@link ConcurrencyLimiter}, when
 * they are set, and gives the permit back before any wait between attempts. The value of an
 * {@code Authorization}, {@code api-key} or {@code x-api-key} header never appears in an exception or a log line.
 */
public final class ModelHttpClient {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHttpClient.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final List<String> SECRET_HEADERS = List.of("authorization", "api-key", "x-api-key");
    private static final int MAX_ERROR_BODY = 1 << 16;

    /** The time one call may take in all unless set: five minutes. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

    /** The largest answer body read unless set: 64 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L << 20;

    private final OkHttpClient baseClient;
    private final OkHttpClient client;
    /** Copies of {@link #client} with their own connection pools, one per group of calling threads. */
    private final OkHttpClient[] shards;
    /** The client for {@code http://} URLs without a proxy, or null when every call goes through OkHttp. */
    private final @Nullable PlainHttpClient plain;

    private final Duration timeout;
    private final Retrier retrier;
    private final RateLimiter rateLimiter;
    private final ConcurrencyLimiter concurrencyLimiter;
    private final DoubleSupplier random;
    private final String userAgent;
    private final LongAdder calls = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rateLimitWaitNanos = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Duration deadline;
    private final long maxResponseBytes;
    /** Whether nothing makes a caller wait before it sends: no rate limit, no bound on calls in flight, the clock. */
    private final boolean neverWaits;

    private ModelHttpClient(Builder b) {
        // the process-wide client only when none was given: making one costs a tenth of a second (TLS set-up)
        this.baseClient = b.okHttpClient != null ? b.okHttpClient : HttpClients.shared();
        this.timeout = b.timeout;
        this.deadline = b.deadline;
        this.maxResponseBytes = b.maxResponseBytes;
        this.retrier = Retrier.of(b.retryPolicy, b.time, b.random);
        this.rateLimiter = b.rateLimiter;
        this.concurrencyLimiter = b.concurrencyLimiter;
        this.neverWaits =
                rateLimiter == null && concurrencyLimiter == null && retrier.timeSource() == TimeSource.system();
        this.random = b.random;
        this.userAgent = "evals4j/" + EvalsVersion.get();
        // newBuilder() shares the given client's connection pool and dispatcher: the pool is the owner's (see
        // HttpClients.newClient), sized for model traffic, and every client derived from it reuses its connections.
        this.client = baseClient
                .newBuilder()
                .callTimeout(timeout)
                .readTimeout(timeout)
                // OkHttp would otherwise retry a 408 or a failed connection itself, unseen by the retry policy, the
                // limiter and the stats: the Retrier is the only retry loop
                .retryOnConnectionFailure(false)
                .build();
        this.shards = HttpClients.sharded(client);
        this.plain = HttpClients.plain(baseClient);
    }

    /** A builder with the defaults: the shared OkHttp client, a 120 s timeout, {@link RetryPolicy#DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this client's settings; a client built from it shares its limiters, not its stats. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.okHttpClient = baseClient;
        b.timeout = timeout;
        b.deadline = deadline;
        b.maxResponseBytes = maxResponseBytes;
        b.retryPolicy = retrier.policy();
        b.rateLimiter = rateLimiter;
        b.concurrencyLimiter = concurrencyLimiter;
        b.time = retrier.timeSource();
        b.random = random;
        return b;
    }

    /** The time one attempt may take, from connecting to reading the whole answer. */
    public Duration timeout() {
        return timeout;
    }

    /** The time one call may take in all, its retries and the waits between them included. */
    public Duration deadline() {
        return deadline;
    }

    /** The largest answer body read; a larger one fails the call. */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * Counts a call that failed after this client returned its answer, by cause: an answer the caller could not
     * read ({@code unreadable_answer}), one without content ({@code no_content}), …
     */
    public void countFailure(String cause) {
        failed.increment();
        failures.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /** When and how failed requests are retried. */
    public RetryPolicy retryPolicy() {
        return retrier.policy();
    }

    /** The request-rate limit, when there is one. */
    public Optional<RateLimiter> rateLimiter() {
        return Optional.ofNullable(rateLimiter);
    }

    /** The bound on requests in flight, when there is one. */
    public Optional<ConcurrencyLimiter> concurrencyLimiter() {
        return Optional.ofNullable(concurrencyLimiter);
    }

    /** What this client has done so far. */
    public HttpStats stats() {
        return new HttpStats(
                calls.sum(),
                attempts.sum(),
                retries.sum(),
                throttled.sum(),
                failed.sum(),
                Duration.ofNanos(rateLimitWaitNanos.sum()),
                concurrencyLimiter == null ? 0 : concurrencyLimiter.limit(),
                failures.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().sum())));
    }

    /**
     * POSTs a JSON body and returns the body of the successful (2xx) answer.
     *
     * @param url the full URL of the endpoint
     * @param jsonBody the request, as JSON text
     * @param headers extra headers, such as {@code Authorization}; their secret values are kept out of messages
     * @throws ModelCallException when the request failed and retries (if any) did not help; {@code retriable()}
     *     says whether the failure was transient, {@code statusCode()} is the last status or 0
     * @throws IllegalArgumentException when the URL is not an http or https URL
     */
    public String postJson(String url, String jsonBody, Map<String, String> headers) {
        Objects.requireNonNull(jsonBody, "jsonBody");
        Objects.requireNonNull(headers, "headers");
        Target target = target(Objects.requireNonNull(url, "url"));
        return call(new Post(target, jsonBody, headers), secrets(headers));
    }

    /** Sends a call and waits for its answer, counting it. */
    private String call(Post post, List<String> secrets) {
        calls.increment();
        try {
            return send(post, post.target.where(), secrets);
        } catch (ModelCallException e) {
            throw failedCall(e, secrets);
        }
    }

    /**
     * One call's request: as evals4j's own HTTP/1.1 client sends it when the target allows
     * ({@link Target#plain()}) and its headers can be sent as they are, else as an OkHttp request, made when first
     * needed.
     */
    private final class Post {
        final Target target;
        final String json;
        final Map<String, String> headers;
        private @Nullable Request request;
        private byte @Nullable [] body;
        private PlainHttpClient.@Nullable Target plainTarget;
        /** Whether the server answered it with a redirect, which only OkHttp follows. */
        private volatile boolean redirected;
        /** Whether OkHttp must send it: its headers or its body, found when first asked. */
        private boolean okHttpOnly;

        Post(Target target, String json, Map<String, String> headers) {
            this.target = target;
            this.json = json;
            this.headers = headers;
        }

        Request request() {
            if (request == null) {
                Request.Builder rb = new Request.Builder()
                        .url(target.parsed())
                        .header("Accept", "application/json")
                        .header("User-Agent", userAgent)
                        .post(RequestBody.create(json, JSON));
                headers.forEach(rb::header);
                request = rb.build();
            }
            return request;
        }

        /** Whether evals4j's own client sends it (then {@link #body} and {@link #plainTarget} are set). */
        boolean plain() {
            if (!target.plain() || redirected || okHttpOnly) {
                return false;
            }
            if (plainTarget == null) {
                PlainTarget known = lastPlainTarget;
                if (known == null
                        || known.target() != target
                        || !known.headers().equals(headers)) {
                    known = new PlainTarget(target, Map.copyOf(headers), plainTarget(target, headers));
                    lastPlainTarget = known;
                }
                // UTF-8 takes at least a byte a character: a longer text is too long without encoding it
                byte[] bytes = known.plain() == null || json.length() > PlainHttpClient.MAX_BODY
                        ? null
                        : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (bytes == null || bytes.length > PlainHttpClient.MAX_BODY) {
                    okHttpOnly = true;
                    return false;
                }
                body = bytes;
                plainTarget = known.plain();
            }
            return true;
        }
    }

    /**
     * The plain-HTTP target of the last call's URL and headers (a copy: the caller's map may change): a client posts
     * to one URL with the same headers.
     */
    private record PlainTarget(Target target, Map<String, String> headers, PlainHttpClient.@Nullable Target plain) {}

    private volatile @Nullable PlainTarget lastPlainTarget;

    /** The plain-HTTP target of a URL with these headers, or null when OkHttp must send them. */
    private PlainHttpClient.@Nullable Target plainTarget(Target target, Map<String, String> headers) {
        Map<String, String[]> sent = new java.util.LinkedHashMap<>();
        sent.put("accept", new String[] {"Accept", "application/json"});
        sent.put("user-agent", new String[] {"User-Agent", userAgent});
        sent.put("content-type", new String[] {"Content-Type", "application/json; charset=utf-8"});
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (!PlainHttpClient.sendable(h.getKey(), h.getValue()) || OKHTTP_HEADERS.contains(lower)) {
                return null; // OkHttp refuses it, or sets it itself: its behaviour stays
            }
            sent.put(lower, new String[] {h.getKey(), h.getValue()});
        }
        HttpUrl url = target.parsed();
        String path = url.encodedQuery() == null ? url.encodedPath() : url.encodedPath() + "?" + url.encodedQuery();
        return PlainHttpClient.target(url.host(), url.port(), path, new ArrayList<>(sent.values()));
    }

    /** Headers that OkHttp writes itself whatever the caller gives: a call that sets one goes through OkHttp. */
    private static final java.util.Set<String> OKHTTP_HEADERS =
            java.util.Set.of("host", "content-length", "transfer-encoding", "connection", "accept-encoding");

    /** The cause of a failed call, as {@link HttpStats#failures()} counts it. */
    private static String cause(ModelCallException e) {
        if (e instanceof DeadlinePassed) {
            return "deadline";
        }
        if (e instanceof TooLarge) {
            return "too_large";
        }
        if (e.statusCode() > 0) {
            return "http_" + e.statusCode();
        }
        Throwable c = e.getCause();
        return c instanceof SocketTimeoutException || c instanceof InterruptedIOException ? "timeout" : "connection";
    }

    /** A call that did not finish within its deadline. */
    private static final class DeadlinePassed extends ModelCallException {
        private static final long serialVersionUID = 1L;

        DeadlinePassed(String message, int status, Throwable cause) {
            super(message, true, status, cause);
        }
    }

    /** An answer larger than this client reads. */
    private static final class TooLarge extends ModelCallException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, false, 200, null);
        }
    }

    private String send(Post post, String where, List<String> secrets) {
        Instant due = retrier.timeSource().now().plus(deadline);
        return retrier.run(
                new Retrier.Task<String, Failed>() {
                    @Override
                    public Retrier.Outcome<String, Failed> attempt(int attempt) {
                        return ModelHttpClient.this.attempt(post, where, due, attempt);
                    }

                    @Override
                    public void retrying(Retrier.Failure<String, Failed> last, int retry, Duration wait) {
                        ModelHttpClient.this.retrying(where, secrets, last, retry, wait);
                    }

                    @Override
                    public RuntimeException giveUp(
                            Retrier.Failure<String, Failed> last, Retrier.Stop why, int attempts) {
                        return ModelHttpClient.this.giveUp(where, last, why, attempts);
                    }
                },
                Optional.of(due));
    }

    private void retrying(
            String where, List<String> secrets, Retrier.Failure<String, Failed> last, int retry, Duration wait) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "{} {}; retry {} of {} in {}",
                    where,
                    scrub(last.detail().description(), secrets),
                    retry,
                    retryPolicy().maxRetries(),
                    wait);
        }
        retries.increment();
    }

    private ModelCallException giveUp(
            String where, Retrier.Failure<String, Failed> last, Retrier.Stop why, int attempts) {
        Failed f = last.detail();
        return switch (why) {
            case NOT_RETRIABLE -> new ModelCallException(where + " " + f.description(), false, f.status(), f.cause());
            case RETRIES_EXHAUSTED -> new ModelCallException(
                    (attempts == 1 ? where + " " : where + " failed after " + attempts + " attempts; the last attempt ")
                            + f.description(),
                    true,
                    f.status(),
                    f.cause());
            case SERVER_DELAY_TOO_LONG -> new ModelCallException(
                    where + " " + f.description() + "; the server asked to retry after "
                            + seconds(last.serverDelay().orElseThrow()) + ", longer than the "
                            + seconds(retryPolicy().maxRetryAfter())
                            + " this client waits (RetryPolicy.maxRetryAfter)",
                    true,
                    f.status(),
                    f.cause());
            case INTERRUPTED -> new ModelCallException(
                    where + " was interrupted while waiting to retry", false, f.status(), f.cause());
            case DEADLINE -> new DeadlinePassed(
                    where + " did not succeed within its deadline of " + seconds(deadline) + " (" + attempts
                            + (attempts == 1 ? " attempt" : " attempts") + "; the last " + f.description()
                            + "); raise deadline_seconds to wait longer",
                    f.status(),
                    f.cause());
        };
    }

    // ---- asynchronous calls ----

    /** Waits between the attempts of asynchronous calls; its thread ends when it has had nothing to do for a while. */
    private static final java.util.concurrent.ScheduledExecutorService RETRY_TIMER =
            PlainHttpClient.idleTimer("evals-http-retry");

    /**
     * Whether {@link #postJsonAsync} can send to this URL without blocking a thread: a plain {@code http} URL
     * ({@link PlainHttpClient}), no rate limit or bound on requests in flight (which make callers wait), and the
     * system clock.
     */
    public boolean sendsAsynchronously(String url) {
        return sendsAsynchronously(target(Objects.requireNonNull(url, "url")));
    }

    private boolean sendsAsynchronously(Target target) {
        return target.plain() && neverWaits;
    }

    /**
     * {@link #postJson} without a thread waiting for the answer: the request is written by the calling thread, the
     * answer read by an event loop, and retries wait on a timer. The future completes on one of evals4j's HTTP
     * threads (do no long work there: hand it to an executor), with the answer or the {@link ModelCallException}
     * that {@link #postJson} would throw. A URL that {@link #sendsAsynchronously} refuses, or a call whose body or
     * headers only OkHttp may send, is sent by {@link #postJson} on another thread.
     */
    public CompletableFuture<String> postJsonAsync(String url, String jsonBody, Map<String, String> headers) {
        Objects.requireNonNull(jsonBody, "jsonBody");
        Objects.requireNonNull(headers, "headers");
        CompletableFuture<String> result = new CompletableFuture<>();
        Target target = target(Objects.requireNonNull(url, "url"));
        Post post = new Post(target, jsonBody, headers);
        List<String> secrets = secrets(headers);
        if (!sendsAsynchronously(target) || !post.plain()) {
            BLOCKING.execute(() -> {
                try {
                    result.complete(call(post, secrets));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }
        calls.increment();
        Instant due = retrier.timeSource().now().plus(deadline);
        attemptAsync(post, target.where(), due, 0, secrets, result);
        return result;
    }

    /** Sends, on threads of their own, the calls that {@link #postJsonAsync} cannot send without blocking. */
    private static final java.util.concurrent.Executor BLOCKING =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "evals-http-blocking");
                t.setDaemon(true);
                return t;
            });

    private void attemptAsync(
            Post post, String where, Instant due, int attempt, List<String> secrets, CompletableFuture<String> result) {
        long millis;
        try {
            millis = attemptMillis(where, due, attempt);
        } catch (DeadlinePassed e) {
            fail(result, e, secrets);
            return;
        }
        attempts.increment();
        plain.postAsync(post.plainTarget, post.body, millis, maxResponseBytes, MAX_ERROR_BODY)
                .whenComplete((answer, error) -> {
                    Retrier.Outcome<String, Failed> outcome;
                    if (error != null) {
                        // the plain client completes the call's own future with what went wrong, unwrapped
                        if (error instanceof PlainHttpClient.TooLargeException large) {
                            fail(result, tooLarge(where, large.size), secrets);
                            return;
                        }
                        if (!(error instanceof IOException io)) {
                            result.completeExceptionally(error);
                            return;
                        }
                        outcome = noAnswer(io);
                    } else if (answer.code() >= 300 && answer.code() < 400) {
                        // a redirect: OkHttp follows it, as for calls that wait
                        post.redirected = true;
                        BLOCKING.execute(() -> {
                            try {
                                result.complete(send(post, where, secrets));
                            } catch (ModelCallException e) {
                                fail(result, e, secrets);
                            } catch (RuntimeException e) {
                                result.completeExceptionally(e);
                            }
                        });
                        return;
                    } else {
                        throttle(answer.code());
                        outcome = read(answer);
                        if (outcome instanceof Retrier.Success<String, Failed> success) {
                            result.complete(success.value());
                            return;
                        }
                    }
                    Retrier.Failure<String, Failed> failure = (Retrier.Failure<String, Failed>) outcome;
                    Retrier.Next next = retrier.next(failure, attempt, Optional.of(due));
                    if (next.stop() != null) {
                        fail(result, giveUp(where, failure, next.stop(), attempt + 1), secrets);
                        return;
                    }
                    retrying(where, secrets, failure, attempt + 1, next.delay());
                    RETRY_TIMER.schedule(
                            () -> attemptAsync(post, where, due, attempt + 1, secrets, result),
                            next.delay().toNanos(),
                            TimeUnit.NANOSECONDS);
                });
    }

    private void fail(CompletableFuture<String> result, ModelCallException e, List<String> secrets) {
        result.completeExceptionally(failedCall(e, secrets));
    }

    /** How a call ends that failed: counted by its cause, without the values of its secret headers. */
    private ModelCallException failedCall(ModelCallException e, List<String> secrets) {
        countFailure(cause(e));
        return scrub(e, secrets);
    }

    /**
     * The time an attempt may take: the timeout, but no more than what is left of the call's deadline.
     *
     * @throws DeadlinePassed when nothing is left
     */
    private long attemptMillis(String where, Instant due, int attempt) {
        Duration left = Duration.between(retrier.timeSource().now(), due);
        if (left.isNegative() || left.isZero()) {
            throw new DeadlinePassed(
                    where + " did not succeed within its deadline of " + seconds(deadline) + " (" + attempt
                            + (attempt == 1 ? " attempt" : " attempts") + "); raise deadline_seconds to wait longer",
                    0,
                    null);
        }
        return Math.max(1, Math.min(timeout.toMillis(), left.toMillis()));
    }

    /** The secrets of the last call's headers (a copy of them): a client sends the same headers call after call. */
    private record Secrets(Map<String, String> headers, List<String> values) {}

    private volatile @Nullable Secrets lastSecrets;

    /** The values of the secret headers among these, and the tokens of their {@code Bearer} values. */
    private List<String> secrets(Map<String, String> headers) {
        Secrets known = lastSecrets;
        if (known == null || !known.headers().equals(headers)) {
            known = new Secrets(Map.copyOf(headers), List.copyOf(secretsOf(headers)));
            lastSecrets = known;
        }
        return known.values();
    }

    private static List<String> secretsOf(Map<String, String> headers) {
        List<String> secrets = new ArrayList<>();
        headers.forEach((name, value) -> {
            if (SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                secrets.add(value);
                int space = value.indexOf(' ');
                if (space > 0 && space < value.length() - 1) {
                    secrets.add(value.substring(space + 1).strip()); // the token of "Bearer <token>"
                }
            }
        });
        return secrets;
    }

    /** Why an attempt failed: its status (0 without an answer), what it got, and the exception, if any. */
    private record Failed(int status, String description, Throwable cause) {}

    private Retrier.Outcome<String, Failed> attempt(Post post, String where, Instant due, int attempt) {
        long millis = attemptMillis(where, due, attempt);
        ConcurrencyLimiter.Permit permit = null;
        ConcurrencyLimiter.Outcome outcome = ConcurrencyLimiter.Outcome.IGNORED;
        try {
            if (rateLimiter != null) {
                rateLimitWaitNanos.add(rateLimiter.acquire().toNanos());
            }
            if (concurrencyLimiter != null) {
                permit = concurrencyLimiter.acquire();
            }
            attempts.increment();
            if (post.plain()) {
                PlainHttpClient.Answer answer = plainCall(post, where, millis);
                if (answer.code() < 300 || answer.code() >= 400) {
                    outcome = throttle(answer.code());
                    return read(answer);
                }
                // a redirect: OkHttp follows it as it always has (307 and 308 keep the POST), this attempt and the next
                post.redirected = true;
            }
            Call call = shards[(int) (Thread.currentThread().getId() % shards.length)].newCall(post.request());
            call.timeout().timeout(millis, TimeUnit.MILLISECONDS);
            try (Response response = call.execute()) {
                int code = response.code();
                outcome = throttle(code);
                if (response.isSuccessful()) {
                    return Retrier.Outcome.success(readCapped(response, where));
                }
                return failure(
                        code,
                        response.peekBody(MAX_ERROR_BODY).string(),
                        Retrier.retriable(response),
                        Retrier.serverDelay(response, retrier.timeSource().now()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(where + " was interrupted while waiting for its turn", false, 0, e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ModelCallException(where + " was interrupted", false, 0, e);
            }
            return noAnswer(e);
        } finally {
            if (permit != null) {
                concurrencyLimiter.release(permit, outcome);
            }
        }
    }

    private PlainHttpClient.Answer plainCall(Post post, String where, long millis) throws IOException {
        try {
            return plain.post(post.plainTarget, post.body, millis, maxResponseBytes, MAX_ERROR_BODY);
        } catch (PlainHttpClient.TooLargeException e) {
            throw tooLarge(where, e.size);
        }
    }

    private ConcurrencyLimiter.Outcome throttle(int code) {
        if (code == 429 || code == 503) {
            throttled.increment();
            return ConcurrencyLimiter.Outcome.THROTTLED;
        }
        return ConcurrencyLimiter.Outcome.SUCCESS;
    }

    /** An attempt that got no answer (a refused connection, a timeout): worth another. */
    private Retrier.Outcome<String, Failed> noAnswer(IOException e) {
        return Retrier.Outcome.failure(new Failed(0, describe(e), e), true, Optional.empty());
    }

    /** What a plain-HTTP answer (not a redirect) makes of its attempt. */
    private Retrier.Outcome<String, Failed> read(PlainHttpClient.Answer answer) {
        int code = answer.code();
        if (code >= 200 && code < 300) {
            return Retrier.Outcome.success(answer.body());
        }
        return failure(
                code,
                answer.body(),
                Retrier.retriable(code, answer::header),
                Retrier.serverDelay(
                        answer::header, answer::headers, retrier.timeSource().now()));
    }

    private static Retrier.Outcome<String, Failed> failure(
            int code, String body, boolean retriable, Optional<Duration> serverDelay) {
        String message = ServerErrors.message(body);
        String description = "answered " + ServerErrors.status(code) + (message.isEmpty() ? "" : ": " + message);
        return Retrier.Outcome.failure(new Failed(code, description, null), retriable, serverDelay);
    }

    /** The body, read only up to {@link #maxResponseBytes}: a larger answer fails the call, saying so. */
    private String readCapped(Response response, String where) throws IOException {
        long declared = response.body().contentLength();
        if (declared > maxResponseBytes) {
            throw tooLarge(where, declared + " bytes");
        }
        BufferedSource source = response.body().source();
        if (source.request(maxResponseBytes + 1)) {
            throw tooLarge(where, "more than " + maxResponseBytes + " bytes");
        }
        return source.getBuffer().readUtf8();
    }

    private TooLarge tooLarge(String where, String size) {
        String cap = maxResponseBytes >= 1 << 20 ? (maxResponseBytes >> 20) + " MB" : maxResponseBytes + " bytes";
        return new TooLarge(where + " answered a body of " + size + ", more than the " + cap
                + " this client reads (max_response_mb); no model answer needs that much");
    }

    private static String scrub(String text, List<String> secrets) {
        String out = KnownSecrets.scrub(text);
        for (String s : secrets) {
            if (s.length() >= 4 && out.contains(s)) {
                out = out.replace(s, "***");
            }
        }
        return out;
    }

    private String describe(IOException e) {
        String what = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return "got no answer within " + seconds(timeout) + " (" + what + ")";
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return "could not connect (" + what + ")";
        }
        return "failed (" + what + ")";
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * A URL, parsed, how messages show a POST to it, and whether evals4j's own client may send to it: an
     * {@code http} URL, reached without a proxy, by a client that has one ({@link HttpClients#plain}).
     */
    private record Target(String url, HttpUrl parsed, String where, boolean plain) {}

    /** The URL of the last call: a client posts to one URL, or a few, so it is parsed once, not per call. */
    private volatile @Nullable Target lastTarget;

    private Target target(String url) {
        Target last = lastTarget;
        if (last != null && last.url().equals(url)) {
            return last;
        }
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new IllegalArgumentException("not an http or https URL: " + redact(url));
        }
        Target target = new Target(url, parsed, "POST " + redact(parsed), plain != null && direct(parsed));
        lastTarget = target;
        return target;
    }

    /** Whether a URL is {@code http} and the client's proxy selector reaches it without a proxy. */
    private boolean direct(HttpUrl url) {
        if (!url.scheme().equals("http")) {
            return false;
        }
        try {
            List<java.net.Proxy> proxies = baseClient.proxySelector().select(url.uri());
            return proxies == null
                    || proxies.isEmpty()
                    || proxies.stream().allMatch(p -> p.type() == java.net.Proxy.Type.DIRECT);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * How messages show a POST to this URL: without user, password and query, which may hold a key, such as
     * {@code POST http://127.0.0.1:8000/v1/chat/completions}.
     *
     * @throws IllegalArgumentException when the URL is not an http or https URL
     */
    public String describePost(String url) {
        return target(url).where();
    }

    private static String redact(HttpUrl url) {
        return url.newBuilder().username("").password("").query(null).build().toString();
    }

    private static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//").replaceAll("\\?.*", "");
    }

    private static ModelCallException scrub(ModelCallException e, List<String> secrets) {
        String message = e.getMessage();
        boolean changed = false;
        for (String s : secrets) {
            if (s.length() >= 4 && message.contains(s)) {
                message = message.replace(s, "***");
                changed = true;
            }
        }
        if (!changed) {
            return e;
        }
        ModelCallException scrubbed = new ModelCallException(message, e.retriable(), e.statusCode(), e.getCause());
        scrubbed.setStackTrace(e.getStackTrace());
        return scrubbed;
    }

    /** Configures a {@link ModelHttpClient}; not thread-safe. */
    public static final class Builder {
        private @Nullable OkHttpClient okHttpClient;
        private Duration timeout = Duration.ofSeconds(120);
        private Duration deadline = DEFAULT_DEADLINE;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private RateLimiter rateLimiter;
        private ConcurrencyLimiter concurrencyLimiter;
        private TimeSource time = TimeSource.system();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {}

        /**
         * The OkHttp client to derive from: its connection pool and dispatcher are shared, its connect timeout,
         * proxy and TLS settings kept. Calls go through its pool and 15 more that evals4j adds beside it, one per group
         * of calling threads, which {@link HttpClients#close} closes with it (each keeps up to
         * {@link HttpClients#MAX_IDLE_CONNECTIONS} idle connections for {@link HttpClients#KEEP_ALIVE}). Default
         * {@link HttpClients#shared()}; an evals4j instance passes the client it made with
         * {@link HttpClients#newClient()}.
         */
        public Builder okHttpClient(OkHttpClient client) {
            this.okHttpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The time one attempt may take, from connecting to reading the whole answer; default 120 s. */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "value");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be above 0, was " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * The time one call may take in all — its attempts, and the waits between them — default 300 s: a server
         * that hangs holds a sample for at most this long, not the timeout times the retries.
         */
        public Builder deadline(Duration value) {
            Objects.requireNonNull(value, "value");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("deadline must be above 0, was " + value);
            }
            this.deadline = value;
            return this;
        }

        /** The largest answer body read, default 64 MiB; a larger one fails the call, not the process. */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024, was " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /** When and how to retry; default {@link RetryPolicy#DEFAULT}. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The current retry policy with another number of retries. */
        public Builder maxRetries(int retries) {
            this.retryPolicy = retryPolicy.withMaxRetries(retries);
            return this;
        }

        /** A request-rate limit, shared by everything that uses this client; default none. */
        public Builder rateLimiter(RateLimiter limiter) {
            this.rateLimiter = Objects.requireNonNull(limiter, "limiter");
            return this;
        }

        /** A bound on requests in flight, fixed or adaptive; default none. */
        public Builder concurrencyLimiter(ConcurrencyLimiter limiter) {
            this.concurrencyLimiter = Objects.requireNonNull(limiter, "limiter");
            return this;
        }

        /** The clock and sleeper for retries and dates; tests pass a fake. */
        public Builder timeSource(TimeSource source) {
            this.time = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The source of jitter, numbers in {@code [0, 1)}; tests pass a constant. */
        public Builder random(DoubleSupplier source) {
            this.random = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The client; the builder may be used again. */
        public ModelHttpClient build() {
            return new ModelHttpClient(this);
        }
    }
}
