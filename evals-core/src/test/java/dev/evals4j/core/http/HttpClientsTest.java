package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpClientsTest {
    private static final int WORKERS = 40;
    private static final String OK =
            "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"4\"}}]}";

    private final MockWebServer server = new MockWebServer();
    private final CountDownLatch allArrived = new CountDownLatch(WORKERS);

    @BeforeEach
    void start() throws IOException {
        // answers only once every worker's request has arrived, so that each holds its own connection
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                allArrived.countDown();
                allArrived.await(30, TimeUnit.SECONDS);
                return new MockResponse.Builder()
                        .addHeader("Content-Type", "application/json")
                        .body(OK)
                        .build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Every worker calls once at the same time, half through each client; the answers come back. */
    private void callFromEveryWorker(ModelHttpClient first, ModelHttpClient second) throws Exception {
        String url = server.url("/v1/chat/completions").toString();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                ModelHttpClient client = i % 2 == 0 ? first : second;
                answers.add(workers.submit(() -> client.postJson(url, "{}", Map.of())));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(OK);
            }
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void modelClientsOfAPlainHttpServerShareOnePoolOfTheClientTheyAreGivenWhichKeepsAConnectionPerWorker()
            throws Exception {
        OkHttpClient instanceWide = HttpClients.newClient();
        try {
            ModelHttpClient first = ModelHttpClient.builder()
                    .okHttpClient(instanceWide)
                    .timeout(Duration.ofSeconds(30))
                    .build();
            callFromEveryWorker(first, first.toBuilder().maxRetries(0).build());

            assertThat(HttpClients.plainIdleConnections(instanceWide)).isEqualTo(WORKERS);
            assertThat(HttpClients.pools(instanceWide).stream()
                            .mapToInt(ConnectionPool::connectionCount)
                            .sum())
                    .isZero();
        } finally {
            HttpClients.close(instanceWide);
        }
        assertThat(HttpClients.plainIdleConnections(instanceWide)).isZero();
    }

    @Test
    void aClientWithAnInterceptorIsHonouredAndItsConnectionsSpreadOverItsPools() throws Exception {
        OkHttpClient instanceWide = HttpClients.newClient();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        OkHttpClient intercepted = instanceWide
                .newBuilder()
                .addInterceptor(chain -> {
                    seen.add(chain.request().url().encodedPath());
                    return chain.proceed(chain.request());
                })
                .build();
        try {
            ModelHttpClient first = ModelHttpClient.builder()
                    .okHttpClient(intercepted)
                    .timeout(Duration.ofSeconds(30))
                    .build();
            callFromEveryWorker(first, first.toBuilder().maxRetries(0).build());

            assertThat(seen).hasSize(WORKERS);
            // OkHttp's default pool would keep 5; the workers' connections are spread over the client's pools
            List<ConnectionPool> pools = HttpClients.pools(instanceWide);
            assertThat(pools).hasSize(HttpClients.POOL_SHARDS);
            assertThat(pools.stream()
                            .mapToInt(ConnectionPool::idleConnectionCount)
                            .sum())
                    .isEqualTo(WORKERS);
            assertThat(instanceWide.connectionPool().idleConnectionCount()).isLessThan(WORKERS);
            assertThat(HttpClients.plainIdleConnections(instanceWide)).isZero();
        } finally {
            HttpClients.close(instanceWide);
        }
    }

    @Test
    void aNewClientHasItsOwnPoolAndLeavesRetriesToTheRetrier() {
        OkHttpClient a = HttpClients.newClient();
        OkHttpClient b = HttpClients.newClient();

        assertThat(a.connectionPool()).isNotSameAs(b.connectionPool());
        assertThat(a.retryOnConnectionFailure()).isFalse();
        assertThat(a.followRedirects()).isTrue();
        assertThat(a.connectTimeoutMillis()).isEqualTo(30_000);
        assertThat(a.readTimeoutMillis()).isEqualTo(120_000);
        assertThat(HttpClients.shared()).isSameAs(HttpClients.shared());
        assertThat(HttpClients.shared().retryOnConnectionFailure()).isFalse();
        HttpClients.close(a);
        HttpClients.close(b);
    }

    @Test
    void closeEvictsTheIdleConnectionsAndStopsTheDispatcher() {
        OkHttpClient client = HttpClients.newClient();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().body(OK).build();
            }
        });
        ModelHttpClient.builder()
                .okHttpClient(client)
                .build()
                .postJson(server.url("/v1/chat/completions").toString(), "{}", Map.of());
        assertThat(HttpClients.plainIdleConnections(client)).isEqualTo(1);
        ModelHttpClient.builder()
                .okHttpClient(client.newBuilder()
                        .addNetworkInterceptor(chain -> chain.proceed(chain.request()))
                        .build())
                .build()
                .postJson(server.url("/v1/chat/completions").toString(), "{}", Map.of());
        List<ConnectionPool> pools = HttpClients.pools(client);
        assertThat(pools.stream().mapToInt(ConnectionPool::connectionCount).sum())
                .isEqualTo(1);

        HttpClients.close(client);

        assertThat(pools).allSatisfy(pool -> assertThat(pool.connectionCount()).isZero());
        assertThat(HttpClients.plainIdleConnections(client)).isZero();
        assertThat(client.dispatcher().executorService().isShutdown()).isTrue();
    }

    @Test
    void theProcessWideClientCannotBeClosed() {
        OkHttpClient derived = HttpClients.shared().newBuilder().build();

        assertThatThrownBy(() -> HttpClients.close(derived))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot close HttpClients.shared() or a client derived from it: the whole process uses"
                        + " its connection pool; close only clients made with HttpClients.newClient()");
        assertThat(HttpClients.shared().dispatcher().executorService().isShutdown())
                .isFalse();
    }
}
