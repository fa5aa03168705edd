package dev.evals4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.core.Evals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** An evals4j instance and its server on 127.0.0.1, in a data folder, with a small JSON client. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path data;
    final Evals evals;
    final EvalsServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private @Nullable String bearer;

    private TestServer(Path data, Map<String, String> env, Consumer<EvalsServer.Builder> config) {
        this.data = data;
        this.evals = Evals.builder()
                .environment(env)
                .dataDir(data)
                .cacheDir(data.resolve("cache"))
                .parallelJobs(2)
                .build();
        EvalsServer.Builder b = EvalsServer.builder(evals).port(0);
        config.accept(b);
        this.server = b.build().start();
    }

    static TestServer start(Path data, Consumer<EvalsServer.Builder> config) {
        return new TestServer(data, Map.of(), config);
    }

    static TestServer start(Path data, Map<String, String> env, Consumer<EvalsServer.Builder> config) {
        return new TestServer(data, env, config);
    }

    static TestServer start(Path data) {
        return start(data, b -> {});
    }

    TestServer withBearer(@Nullable String key) {
        this.bearer = key;
        return this;
    }

    /** An answer: its status, its body as JSON (null when empty or not JSON) and as text. */
    record Reply(int status, @Nullable JsonNode json, String text) {
        /** The error message of an error body. */
        String message() {
            return json == null ? text : json.path("error").path("message").asText();
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Reply post(String path, Object body) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private Reply send(HttpRequest.Builder request) {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!r.body().isEmpty()) {
                try {
                    json = JSON.readTree(r.body());
                } catch (IOException ignored) {
                    // not JSON: the text tells
                }
            }
            return new Reply(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A resource of the tests as a file of the data folder. */
    Path resource(String name) {
        try (var in = TestServer.class.getResourceAsStream("/llama-stack/" + name)) {
            Path file = data.resolve("inputs").resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        try (var in = TestServer.class.getResourceAsStream("/llama-stack/" + resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        evals.close();
    }
}
