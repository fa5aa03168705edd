package dev.evals4j.core.generation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The loopback server of the OpenAI-compatible generator's tests: started before each test, closed after it, answering
 * the JSON bodies queued with {@link #answer}.
 */
final class MockServer implements BeforeEachCallback, AfterEachCallback {
    final MockWebServer server = new MockWebServer();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }

    /** The OpenAI-compatible root, with {@code /v1}. */
    String baseUrl() {
        return server.url("/v1").toString();
    }

    /** Queues a 200 answer with this JSON body. */
    void answer(String body) {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build());
    }

    /** {@code openai-compatible}'s parameters for this server: the model, no retries, the cache folder, then these. */
    Map<String, Object> params(String model, Path cacheDir, Map<String, Object> extra) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("model", model);
        params.put("base_url", baseUrl());
        params.put("max_retries", 0);
        params.put("cache_dir", cacheDir.toString());
        params.putAll(extra);
        return params;
    }
}
