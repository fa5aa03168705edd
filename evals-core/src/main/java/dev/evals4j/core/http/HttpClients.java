package dev.evals4j.core.http;

import java.time.Duration;
import okhttp3.OkHttpClient;

/** The shared {@link OkHttpClient}: one connection pool and dispatcher for the whole process. */
public final class HttpClients {
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(30))
            .readTimeout(Duration.ofSeconds(120))
            .followRedirects(true)
            .build();

    private HttpClients() {}

    /** The shared client; derive configured copies with {@link OkHttpClient#newBuilder()}. */
    public static OkHttpClient shared() {
        return SHARED;
    }
}
