package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.Cancellation;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunCancelledException;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.core.generation.ServerShapes;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run worked on by two processes: results.json accounts for both, not only the last. */
class SegmentsTest {
    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private final Cancellation cancellation = new Cancellation();

    @BeforeEach
    void start() throws IOException {
        // the first process is cancelled while the model answers its fifth question
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (server.getRequestCount() == 5) {
                    cancellation.cancel("enough for the first process");
                }
                return new MockResponse.Builder()
                        .addHeader("Content-Type", "application/json")
                        .body(ServerShapes.VLLM_CHAT)
                        .build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private EvalRequest request(Path out) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(Map.of("input_query", "q" + i, "expected_answer", "Paris"));
        }
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofRows("questions", rows))
                .processor(PluginSpec.of("template"))
                .generator(new PluginSpec(
                        "openai-compatible",
                        Map.of("base_url", server.url("/v1").toString(), "model", "m")))
                .scorer("test::exact")
                .outputDir(out)
                .build();
    }

    @Test
    void statsAndTimingsSumEveryProcessThatWorkedOnTheRun() throws IOException {
        Evals evals = TestEvals.with(
                PluginRegistry.builder().register(new ExactScorer()).build());
        Path out = dir.resolve("run");
        RunOptions first =
                RunOptions.builder().concurrency(1).cancellation(cancellation).build();

        assertThatThrownBy(() -> evals.evals().runEvalTask(request(out), first))
                .isInstanceOf(RunCancelledException.class);
        long firstCalls = server.getRequestCount();
        assertThat(firstCalls).isEqualTo(5);
        evals.evals().resume(out, RunOptions.builder().concurrency(1).build());

        JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        JsonNode segments = results.get("segments");
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0).get("status").asText()).isEqualTo("cancelled");
        assertThat(segments.get(1).get("status").asText()).isEqualTo("completed");
        assertThat(segments.get(0).at("/generator_stats/calls").asLong()).isEqualTo(firstCalls);
        assertThat(segments.get(0).get("evaluations").asLong()
                        + segments.get(1).get("evaluations").asLong())
                .isEqualTo(20);
        assertThat(results.at("/generator_stats/calls").asLong()).isEqualTo(20).isEqualTo(server.getRequestCount());
        assertThat(results.at("/timings/started_at").asText())
                .isEqualTo(segments.get(0).get("started_at").asText());
        assertThat(results.at("/timings/finished_at").asText())
                .isEqualTo(segments.get(1).get("last_seen_at").asText());
    }
}
