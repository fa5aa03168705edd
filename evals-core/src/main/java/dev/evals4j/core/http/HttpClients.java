package dev.evals4j.core.http;

import dev.evals4j.api.spi.PluginContext;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients of evals4j: one per evals4j instance ({@link #of(PluginContext)}, made with
 * {@link #newClient()}), whose connection pool and dispatcher every model client, judge, embeddings client, the Hub
 * client and the {@code http} dataset of the instance derive from with {@link OkHttpClient#newBuilder()}, and a
 * process-wide default ({@link #shared()}) for callers that give none.
 */
public final class HttpClients {
    /**
     * Idle connections a client keeps for reuse: enough for every worker of a run at the most workers a run starts
     * (1,024) to find its connection again between two calls, where OkHttp's default (5) would make a run with 64
     * workers reconnect all the time (and 256 made a run with 1,024 workers spend 7% of its CPU on new
     * connections). An idle connection costs a socket and its buffers (tens of kilobytes over TLS), and the server
     * closes it when it wants to; connections in use are not limited by this number.
     */
    public static final int MAX_IDLE_CONNECTIONS = 1024;

    /** How long an idle connection is kept. */
    public static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

    private static final Object LOCK = new Object();
    private static volatile OkHttpClient shared;

    private HttpClients() {}

    /**
     * A new client meant to be shared by one evals4j instance and closed by its owner with {@link #close}: one
     * connection pool sized for model traffic ({@link #MAX_IDLE_CONNECTIONS} idle connections, kept
     * {@link #KEEP_ALIVE}), a 30 s connect timeout, a 120 s read timeout, redirects followed, and OkHttp's own
     * retry of failed connections off, since evals4j's {@link Retrier} retries and counts every attempt.
     */
    public static OkHttpClient newClient() {
        OkHttpCheck.once();
        return new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(120))
                .followRedirects(true)
                .retryOnConnectionFailure(false)
                .build();
    }

    /**
     * The process-wide client, made with {@link #newClient()} on first use, for callers that give no client of
     * their own; it is never closed. Derive configured copies with {@link OkHttpClient#newBuilder()}.
     */
    public static OkHttpClient shared() {
        OkHttpClient client = shared;
        if (client == null) {
            synchronized (LOCK) {
                client = shared;
                if (client == null) {
                    client = newClient();
                    shared = client;
                }
            }
        }
        return client;
    }

    /**
     * Releases what a client made by {@link #newClient()} holds: closes its idle connections, shuts its
     * dispatcher's threads down (calls already running finish) and closes its cache, if it has one. Call it when
     * the instance that owns the client is done; the client must not be used afterwards.
     *
     * @throws IllegalArgumentException for {@link #shared()} or a client derived from it, which the whole process
     *     uses
     */
    public static void close(OkHttpClient client) {
        Objects.requireNonNull(client, "client");
        OkHttpClient processWide = shared;
        if (processWide != null && client.connectionPool() == processWide.connectionPool()) {
            throw new IllegalArgumentException("cannot close HttpClients.shared() or a client derived from it: the"
                    + " whole process uses its connection pool; close only clients made with HttpClients.newClient()");
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        if (client.cache() != null) {
            try {
                client.cache().close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not close the HTTP cache of " + client, e);
            }
        }
    }

    /** The client of an evals4j instance, created with {@link #newClient()} on first use and closed with the instance. */
    public static OkHttpClient of(PluginContext context) {
        return context.shared(InstanceClient.class, () -> new InstanceClient(newClient()))
                .client();
    }

    /** The instance's client, closed when the instance is. */
    private record InstanceClient(OkHttpClient client) implements AutoCloseable {
        @Override
        public void close() {
            HttpClients.close(client);
        }
    }
}
