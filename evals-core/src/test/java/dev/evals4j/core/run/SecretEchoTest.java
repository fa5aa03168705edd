package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that echoes the API key — in an answer, and in an error body — never gets it into anything evals4j
 * writes: the journal, the results, the run description, the response cache.
 */
class SecretEchoTest {
    private static final String KEY = "sk-echo-9f8e7d6c5b4a";

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String auth = request.getHeaders().get("Authorization");
                if (request.getBody().utf8().contains("q2")) {
                    return new MockResponse.Builder()
                            .code(401)
                            .addHeader("Content-Type", "application/json")
                            .body("{\"error\":{\"message\":\"Incorrect API key provided: " + auth.substring(7)
                                    + ".\",\"type\":\"invalid_request_error\"}}")
                            .build();
                }
                return new MockResponse.Builder()
                        .addHeader("Content-Type", "application/json")
                        .body("{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":"
                                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"You sent "
                                + auth + "\"},\"finish_reason\":\"stop\"}]}")
                        .build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anEchoedKeyReachesNoFile() throws IOException {
        Evals evals = TestEvals.builder()
                .plugins(PluginRegistry.builder().register(new ExactScorer()).build())
                .environment(Map.of("ECHO_KEY", KEY))
                .responseCacheDir(dir.resolve("cache"))
                .build();
        Path out = dir.resolve("run");

        evals.evals()
                .runEvalTask(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofRows(
                                "qs",
                                List.of(
                                        Map.of("input_query", "q1", "expected_answer", "x"),
                                        Map.of("input_query", "q2", "expected_answer", "x"))))
                        .processor(PluginSpec.of("template"))
                        .generator(new PluginSpec(
                                "openai-compatible",
                                Map.of(
                                        "base_url",
                                        server.url("/v1").toString(),
                                        "model",
                                        "m",
                                        "api_key_env",
                                        "ECHO_KEY",
                                        "temperature",
                                        0,
                                        "max_retries",
                                        0)))
                        .scorer("test::exact")
                        .outputDir(out)
                        .build());

        String journal = Files.readString(out.resolve("samples.jsonl"));
        assertThat(journal).contains("You sent Bearer ***").contains("Incorrect API key provided: ***");
        try (Stream<Path> files = Stream.concat(Files.walk(out), Files.walk(dir.resolve("cache")))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(KEY);
            }
        }
    }
}
