package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ModelCallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelHttpClientTest {
    private static final String OK = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris\"},\"logprobs\":null,\"finish_reason\":\"stop\"}]}";
    private static final String OPENAI_RATE_LIMIT = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o in"
            + " organization org-abc on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try"
            + " again in 2s.\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
    private static final String OLLAMA_BUSY = "{\"error\":{\"message\":\"server busy, please try again.  maximum"
            + " pending requests exceeded\",\"type\":\"api_error\",\"param\":null,\"code\":null}}";

    private final MockWebServer server = new MockWebServer();
    private final FakeTime time = new FakeTime();
    private String url;

    @BeforeEach
    void start() throws IOException {
        server.start();
        url = server.url("/v1/chat/completions").toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelHttpClient.Builder client() {
        return ModelHttpClient.builder().timeSource(time).random(() -> 0);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    private static MockResponse.Builder jsonBuilder(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body);
    }

    @Test
    void sendsTheBodyAsJsonAndReturnsTheAnswer() throws InterruptedException {
        server.enqueue(json(200, OK));

        assertThat(client().build().postJson(url, "{\"model\":\"m\"}", Map.of("X-Trace", "1")))
                .isEqualTo(OK);

        var request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getBody().utf8()).isEqualTo("{\"model\":\"m\"}");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.getHeaders().get("X-Trace")).isEqualTo("1");
    }

    @Test
    void aCallEndsAtItsDeadlineWhateverTheRetriesLeft() {
        for (int i = 0; i < 10; i++) {
            server.enqueue(json(503, OLLAMA_BUSY));
        }
        ModelHttpClient client =
                client().maxRetries(10).deadline(Duration.ofMillis(1200)).build();

        assertThatThrownBy(() -> client.postJson(url, "{}", Map.of()))
                .isInstanceOf(ModelCallException.class)
                .hasMessage("POST " + url + " did not succeed within its deadline of 1.2 s (2 attempts; the last"
                        + " answered 503 Service Unavailable: server busy, please try again.  maximum pending requests"
                        + " exceeded (api_error)); raise deadline_seconds to wait longer");
        // waited 0.5 s after the first attempt; the next wait (1 s) would pass the deadline
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
        assertThat(client.stats().failures()).isEqualTo(Map.of("deadline", 1L));
    }

    @Test
    void aBodyOverTheCapFailsTheCallSayingSoWithOrWithoutItsLength() {
        String big = "{\"x\":\"" + "a".repeat(3000) + "\"}";
        server.enqueue(json(200, big));
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .chunkedBody(big, 512)
                .build());
        ModelHttpClient client = client().maxResponseBytes(2048).build();

        assertThatThrownBy(() -> client.postJson(url, "{}", Map.of()))
                .isInstanceOf(ModelCallException.class)
                .hasMessage("POST " + url + " answered a body of " + big.length() + " bytes, more than the 2048 bytes"
                        + " this client reads (max_response_mb); no model answer needs that much");
        assertThatThrownBy(() -> client.postJson(url, "{}", Map.of()))
                .hasMessage("POST " + url + " answered a body of more than 2048 bytes, more than the 2048 bytes this"
                        + " client reads (max_response_mb); no model answer needs that much");
        assertThat(server.getRequestCount()).isEqualTo(2); // not retried
        assertThat(client.stats().failures()).isEqualTo(Map.of("too_large", 2L));
    }

    @Test
    void retriesA408AndThenSucceeds() {
        server.enqueue(json(408, "{\"error\":{\"message\":\"Request timed out.\",\"type\":\"timeout\"}}"));
        server.enqueue(json(200, OK));
        ModelHttpClient client = client().build();

        assertThat(client.postJson(url, "{}", Map.of())).isEqualTo(OK);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
        assertThat(client.stats()).isEqualTo(new HttpStats(1, 2, 1, 0, 0, Duration.ZERO, 0, java.util.Map.of()));
    }

    @Test
    void retriesOn429HonouringRetryAfterInSeconds() {
        server.enqueue(jsonBuilder(429, OPENAI_RATE_LIMIT)
                .addHeader("Retry-After", "2")
                .build());
        server.enqueue(json(200, OK));
        ModelHttpClient client = client().build();

        assertThat(client.postJson(url, "{}", Map.of())).isEqualTo(OK);

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(client.stats().throttled()).isEqualTo(1);
    }

    @Test
    void retriesOn429HonouringRetryAfterAsAnHttpDate() {
        // the fake clock says 2026-05-04T10:15:30Z
        server.enqueue(jsonBuilder(429, OPENAI_RATE_LIMIT)
                .addHeader("Retry-After", "Mon, 04 May 2026 10:15:37 GMT")
                .build());
        server.enqueue(json(200, OK));

        assertThat(client().build().postJson(url, "{}", Map.of())).isEqualTo(OK);

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterMsComesBeforeRetryAfter() {
        server.enqueue(jsonBuilder(429, OPENAI_RATE_LIMIT)
                .addHeader("retry-after-ms", "1500")
                .addHeader("Retry-After", "9")
                .build());
        server.enqueue(json(200, OK));

        assertThat(client().build().postJson(url, "{}", Map.of())).isEqualTo(OK);

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(1500));
    }

    @Test
    void aRetryAfterBeyondTheCapFailsAtOnceInsteadOfWaiting() {
        server.enqueue(jsonBuilder(429, "{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}")
                .addHeader("Retry-After", "300")
                .build());

        assertThatThrownBy(() -> client().build().postJson(url, "{}", Map.of()))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(429);
                })
                .hasMessage("POST " + url + " answered 429 Too Many Requests: Model is overloaded (overloaded); the"
                        + " server asked to retry after 300 s, longer than the 60 s this client waits"
                        + " (RetryPolicy.maxRetryAfter)");
        assertThat(time.sleeps()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void xShouldRetryFalseIsNeverRetried() {
        server.enqueue(jsonBuilder(503, OLLAMA_BUSY)
                .addHeader("x-should-retry", "false")
                .build());

        assertThatThrownBy(() -> client().build().postJson(url, "{}", Map.of()))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.statusCode()).isEqualTo(503);
                })
                .hasMessage("POST " + url + " answered 503 Service Unavailable: server busy, please try again."
                        + "  maximum pending requests exceeded (api_error)");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void xShouldRetryTrueRetriesAStatusThatIsOtherwiseFinal() {
        server.enqueue(jsonBuilder(409, "{\"error\":{\"message\":\"lock timeout\",\"type\":\"conflict\"}}")
                .addHeader("x-should-retry", "true")
                .build());
        server.enqueue(json(200, OK));

        assertThat(client().build().postJson(url, "{}", Map.of())).isEqualTo(OK);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void retries5xxWithExponentialBackoffAndThenSucceeds() {
        server.enqueue(json(
                500,
                "{\"error\":{\"message\":\"EngineCore encountered an issue.\","
                        + "\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}"));
        server.enqueue(new MockResponse.Builder()
                .code(502)
                .body("<html><body>Bad gateway</body></html>")
                .build());
        server.enqueue(json(200, OK));
        ModelHttpClient client = client().build();

        assertThat(client.postJson(url, "{}", Map.of())).isEqualTo(OK);

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(client.stats()).isEqualTo(new HttpStats(1, 3, 2, 0, 0, Duration.ZERO, 0, java.util.Map.of()));
    }

    @Test
    void jitterShortensTheBackoff() {
        server.enqueue(json(500, "{}"));
        server.enqueue(json(200, OK));

        client().random(() -> 0.5)
                .retryPolicy(RetryPolicy.DEFAULT.withJitter(1))
                .build()
                .postJson(url, "{}", Map.of());

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void givesUpAfterMaxRetriesSayingWhatTheLastAttemptGot() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(503, OLLAMA_BUSY));
        }
        ModelHttpClient client = client().maxRetries(2).build();

        assertThatThrownBy(() -> client.postJson(url, "{}", Map.of()))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(503);
                })
                .hasMessage(
                        "POST " + url + " failed after 3 attempts; the last attempt answered 503 Service"
                                + " Unavailable: server busy, please try again.  maximum pending requests exceeded (api_error)");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(client.stats())
                .isEqualTo(new HttpStats(1, 3, 2, 3, 1, Duration.ZERO, 0, java.util.Map.of("http_503", 1L)));
    }

    @Test
    void aBadRequestIsNotRetriedAndQuotesTheServersMessage() {
        server.enqueue(
                json(
                        400,
                        "{\"error\":{\"message\":\"This model's maximum context length is 4097 tokens."
                                + " However, your messages resulted in 4294 tokens. Please reduce the length of the messages.\","
                                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}"));

        assertThatThrownBy(() -> client().build().postJson(url, "{}", Map.of()))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.statusCode()).isEqualTo(400);
                })
                .hasMessage("POST " + url + " answered 400 Bad Request: This model's maximum context length is 4097"
                        + " tokens. However, your messages resulted in 4294 tokens. Please reduce the length of the"
                        + " messages. (invalid_request_error, context_length_exceeded, param messages)");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void a501IsNotRetried() {
        server.enqueue(json(
                501,
                "{\"error\":{\"code\":501,\"message\":\"This server does not support embeddings."
                        + " Start it with `--embeddings`\",\"type\":\"not_supported_error\"}}"));

        assertThatThrownBy(() -> client().build().postJson(url, "{}", Map.of()))
                .hasMessage("POST " + url + " answered 501 Not Implemented: This server does not support embeddings."
                        + " Start it with `--embeddings` (not_supported_error)");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retriesAConnectFailureUntilTheServerComesUp() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (MockWebServer later = new MockWebServer()) {
            later.enqueue(json(200, OK));
            FakeTime startsTheServer = new FakeTime().onSleep(() -> {
                try {
                    later.start(InetAddress.getLoopbackAddress(), port);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String down = "http://127.0.0.1:" + port + "/v1/chat/completions";
            ModelHttpClient client = client().timeSource(startsTheServer).build();

            assertThat(client.postJson(down, "{}", Map.of())).isEqualTo(OK);

            assertThat(startsTheServer.sleeps()).containsExactly(Duration.ofMillis(500));
            assertThat(client.stats().retries()).isEqualTo(1);
        }
    }

    @Test
    void aConnectFailureThatLastsSaysSo() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String down = "http://127.0.0.1:" + port + "/v1/chat/completions";

        assertThatThrownBy(() -> client().maxRetries(1).build().postJson(down, "{}", Map.of()))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.statusCode()).isZero();
                })
                .hasMessageStartingWith("POST " + down + " failed after 2 attempts; the last attempt could not connect"
                        + " (ConnectException: ");
    }

    @Test
    void retriesATimeout() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        server.enqueue(json(200, OK));
        ModelHttpClient client = client().timeout(Duration.ofMillis(300)).build();

        assertThat(client.postJson(url, "{}", Map.of())).isEqualTo(OK);

        assertThat(client.stats().retries()).isEqualTo(1);
    }

    @Test
    void aTimeoutSaysHowLongItWaited() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());

        assertThatThrownBy(() -> client().timeout(Duration.ofMillis(300))
                        .maxRetries(0)
                        .build()
                        .postJson(url, "{}", Map.of()))
                .isInstanceOfSatisfying(
                        ModelCallException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessageStartingWith("POST " + url + " got no answer within 300 ms (");
    }

    @Test
    void theApiKeyNeverAppearsInAnException() throws InterruptedException {
        String key = "sk-test-4f9a0c1e2b3d";
        server.enqueue(json(
                401,
                "{\"error\":{\"message\":\"Incorrect API key provided: " + key + ". You can find"
                        + " your API key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":\"invalid_api_key\"}}"));

        assertThatThrownBy(() -> client().build().postJson(url, "{}", Map.of("Authorization", "Bearer " + key)))
                .hasMessage("POST " + url + " answered 401 Unauthorized: Incorrect API key provided: ***. You can find"
                        + " your API key at https://platform.openai.com/account/api-keys. (invalid_request_error,"
                        + " invalid_api_key)");
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + key);
    }

    @Test
    void userInfoAndQueryOfTheUrlStayOutOfMessages() {
        server.enqueue(json(404, "{\"detail\":\"Not Found\"}"));
        String withSecrets = server.url("/v1/chat/completions")
                .newBuilder()
                .username("user")
                .password("hunter2")
                .addQueryParameter("key", "s3cret")
                .build()
                .toString();

        assertThatThrownBy(() -> client().build().postJson(withSecrets, "{}", Map.of()))
                .hasMessage("POST " + url + " answered 404 Not Found: Not Found");
    }

    @Test
    void theRateLimitSpacesAttemptsAndCountsTheWait() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, OK));
        }
        ModelHttpClient client =
                client().rateLimiter(RateLimiter.of(2, 1, time)).build();

        for (int i = 0; i < 3; i++) {
            client.postJson(url, "{}", Map.of());
        }

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
        assertThat(client.stats().rateLimitWait()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anAdaptiveLimitHalvesOnA429AndTheStatsShowIt() {
        server.enqueue(jsonBuilder(429, OPENAI_RATE_LIMIT)
                .addHeader("Retry-After", "0")
                .build());
        server.enqueue(json(200, OK));
        ConcurrencyLimiter limiter = ConcurrencyLimiter.adaptive(8);
        ModelHttpClient client = client().concurrencyLimiter(limiter).build();

        assertThat(client.postJson(url, "{}", Map.of())).isEqualTo(OK);

        assertThat(limiter.limit()).isEqualTo(4);
        assertThat(limiter.inFlight()).isZero();
        assertThat(client.stats()).isEqualTo(new HttpStats(1, 2, 1, 1, 0, Duration.ZERO, 4, java.util.Map.of()));
    }

    @Test
    void aCopyFromToBuilderSharesTheLimitersButNotTheStats() {
        server.enqueue(json(200, OK));
        ConcurrencyLimiter limiter = ConcurrencyLimiter.fixed(3);
        ModelHttpClient first = client().concurrencyLimiter(limiter).build();
        ModelHttpClient copy = first.toBuilder().timeout(Duration.ofSeconds(5)).build();

        copy.postJson(url, "{}", Map.of());

        assertThat(copy.concurrencyLimiter()).containsSame(limiter);
        assertThat(copy.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(first.stats().calls()).isZero();
        assertThat(copy.stats().calls()).isEqualTo(1);
    }

    @Test
    void aFixedLimitBoundsTheRequestsTheServerSeesWhateverTheNumberOfThreads() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                Thread.sleep(20); // hold the request so that others would overlap it without the limit
                inFlight.decrementAndGet();
                return json(200, OK);
            }
        });
        ModelHttpClient client = ModelHttpClient.builder()
                .concurrencyLimiter(ConcurrencyLimiter.fixed(2))
                .build();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(workers.submit(() -> client.postJson(url, "{}", Map.of())));
            }
            for (Future<String> a : answers) {
                assertThat(a.get()).isEqualTo(OK);
            }
        } finally {
            workers.shutdownNow();
        }

        assertThat(most.get()).isBetween(1, 2);
        assertThat(server.getRequestCount()).isEqualTo(16);
        assertThat(client.concurrencyLimiter().orElseThrow().inFlight()).isZero();
    }
}
