package dev.evals4j.core.http;

import dev.evals4j.api.spi.PluginContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
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

    /**
     * How many connection pools the model clients derived from one client spread their connections over, by
     * calling thread. OkHttp looks for an idle connection by going through every connection of the pool, taking each
     * one's lock, and its clean-up goes through them all whenever one becomes idle: at concurrency 1,024 with one
     * pool, 11.5% and 5.6% of a run's CPU; with 16 pools, 3.7% and 3.6% (a profile of the whole process).
     */
    static final int POOL_SHARDS = 16;

    private static final Object LOCK = new Object();
    private static volatile OkHttpClient shared;

    /**
     * The extra pools of each client's pool, made on first use and closed with it. Weak keys, and the values do not
     * hold the key, so that the pools of a client nobody closes go when its pool does.
     */
    private static final Map<ConnectionPool, ConnectionPool[]> SHARDS =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The plain-HTTP client of each client's pool ({@link #plain}), made on first use and closed with it; weak keys
     * as {@link #SHARDS}.
     */
    private static final Map<ConnectionPool, PlainHttpClient> PLAIN = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The system property that, set to {@code false}, sends model calls to {@code http://} servers through OkHttp
     * as well, instead of evals4j's own HTTP/1.1 client ({@link #plain}).
     */
    public static final String PLAIN_HTTP_PROPERTY = "evals4j.http.plain";

    private HttpClients() {}

    /**
     * The client that sends model calls to {@code http://} servers for the clients derived from {@code client}, or
     * null when they must all go through OkHttp: when the {@link #PLAIN_HTTP_PROPERTY} property is {@code false},
     * or when the client was given settings that evals4j's own client would not honour — interceptors, a cache, a
     * proxy, a socket factory or DNS of its own. (A proxy selector is asked per URL by the caller.)
     */
    static @org.jspecify.annotations.Nullable PlainHttpClient plain(OkHttpClient client) {
        if ("false"
                        .equalsIgnoreCase(
                                System.getProperty(PLAIN_HTTP_PROPERTY, "true").strip())
                || !client.interceptors().isEmpty()
                || !client.networkInterceptors().isEmpty()
                || client.cache() != null
                || client.proxy() != null
                || client.socketFactory() != javax.net.SocketFactory.getDefault()
                || client.dns() != okhttp3.Dns.SYSTEM) {
            return null;
        }
        return PLAIN.computeIfAbsent(
                client.connectionPool(),
                pool -> new PlainHttpClient(
                        Duration.ofMillis(client.connectTimeoutMillis()), MAX_IDLE_CONNECTIONS, KEEP_ALIVE));
    }

    /**
     * A new client meant to be shared by one evals4j instance and closed by its owner with {@link #close}: one
     * connection pool sized for model traffic ({@link #MAX_IDLE_CONNECTIONS} idle connections, kept
     * {@link #KEEP_ALIVE}), a 30 s connect timeout, a 120 s read timeout, redirects followed, and OkHttp's own
     * retry of failed connections off, since evals4j's {@link Retrier} retries and counts every attempt.
     */
    public static OkHttpClient newClient() {
        OkHttpCheck.once();
        return new OkHttpClient.Builder()
                .connectionPool(newPool())
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(120))
                .followRedirects(true)
                .retryOnConnectionFailure(false)
                .build();
    }

    private static ConnectionPool newPool() {
        return new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Copies of a client that differ only in their connection pool, {@link #POOL_SHARDS} of them, the first with
     * the client's own pool: a model client sends each call through the copy of its calling thread, so that threads
     * that call at once look for connections in different pools. The pools are the same for every client derived
     * from the same client, and are closed with it ({@link #close}).
     */
    static OkHttpClient[] sharded(OkHttpClient client) {
        ConnectionPool[] extra = SHARDS.computeIfAbsent(client.connectionPool(), pool -> {
            ConnectionPool[] made = new ConnectionPool[POOL_SHARDS - 1];
            Arrays.setAll(made, i -> newPool());
            return made;
        });
        OkHttpClient[] copies = new OkHttpClient[POOL_SHARDS];
        copies[0] = client;
        for (int i = 1; i < copies.length; i++) {
            copies[i] = client.newBuilder().connectionPool(extra[i - 1]).build();
        }
        return copies;
    }

    /** The idle connections of the plain-HTTP client of a client's pool ({@link #plain}), 0 when it has none. */
    static int plainIdleConnections(OkHttpClient client) {
        PlainHttpClient plain = PLAIN.get(client.connectionPool());
        return plain == null ? 0 : plain.idleConnections();
    }

    /** The connection pools of a client: its own, and those of its copies once {@link #sharded} made them. */
    static List<ConnectionPool> pools(OkHttpClient client) {
        List<ConnectionPool> pools = new ArrayList<>();
        pools.add(client.connectionPool());
        ConnectionPool[] extra = SHARDS.get(client.connectionPool());
        if (extra != null) {
            pools.addAll(Arrays.asList(extra));
        }
        return pools;
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
        PlainHttpClient plain = PLAIN.remove(client.connectionPool());
        if (plain != null) {
            plain.close();
        }
        ConnectionPool[] pools = SHARDS.remove(client.connectionPool());
        if (pools != null) {
            for (ConnectionPool pool : pools) {
                pool.evictAll();
            }
        }
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
