package dev.evals4j.core.http;

import dev.evals4j.api.spi.PluginContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The {@link OkHttpClient}s evals4j uses: one per evals4j instance ({@link #of(PluginContext)}), whose connection
 * pool and dispatcher every generator, judge, embeddings client and Hub client of the instance share, and a
 * process-wide default for clients built without an instance.
 */
public final class HttpClients {
    private static final OkHttpClient SHARED = newClient();

    private HttpClients() {}

    /** The process-wide default, for clients built without an instance; derive copies with {@link OkHttpClient#newBuilder()}. */
    public static OkHttpClient shared() {
        return SHARED;
    }

    /**
     * A new client meant to be shared by one owner: a connection pool that keeps many idle connections (a run with
     * hundreds of workers would otherwise reconnect all the time), and no retries of its own underneath evals4j's.
     */
    public static OkHttpClient newClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(120))
                .followRedirects(true)
                .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
                .build();
    }

    /** The client of an evals4j instance, created on first use and closed with the instance. */
    public static OkHttpClient of(PluginContext context) {
        return context.shared(InstanceClient.class, () -> new InstanceClient(newClient()))
                .client();
    }

    /** Closes a client: its idle connections, and its dispatcher's threads. */
    public static void close(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** The instance's client, closed when the instance is. */
    private record InstanceClient(OkHttpClient client) implements AutoCloseable {
        @Override
        public void close() {
            HttpClients.close(client);
        }
    }
}
