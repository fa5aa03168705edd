package com.example.consumer;

import static dev.evals4j.junit.EvalAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.junit.server.DatasetAnswers;
import dev.evals4j.junit.server.Endpoint;
import dev.evals4j.junit.server.FakeModelServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole run (template, the OpenAI-compatible generator, scoring) against evals-junit's fake model server. */
class FullRunTest {
    private static final List<Map<String, Object>> ROWS = List.of(
            Map.of("input_query", "Capital of France?", "expected_answer", "Paris"),
            Map.of("input_query", "Capital of Japan?", "expected_answer", "Tokyo"),
            Map.of("input_query", "Capital of Canada?", "expected_answer", "Ottawa"),
            Map.of("input_query", "Capital of Peru?", "expected_answer", "Lima"));

    @Test
    void runsAgainstAnOpenAiCompatibleServer() {
        try (FakeModelServer server = FakeModelServer.builder()
                        .answersFrom(DatasetAnswers.fromRows(ROWS))
                        .start();
                Evals evals = Evals.builder()
                        .environment(Map.of())
                        .cacheDir(Path.of("target/evals-cache"))
                        .build()) {
            EvalResult result = evals.evals()
                    .runEvalTask(
                            EvalRequest.builder()
                                    .dataset(DatasetDefinition.ofRows("capitals", ROWS))
                                    .processor(new PluginSpec("template", Map.of("prompt_template", "{input_query}")))
                                    .generator(new PluginSpec(
                                            "openai-compatible",
                                            Map.of("base_url", server.baseUrl(), "model", "fake", "temperature", 0)))
                                    .scorer("basic::equality")
                                    .scorer("consumer::prefix")
                                    .outputDir(Path.of("target/runs/full"))
                                    .build(),
                            RunOptions.builder().concurrency(4).build());

            assertThat(result).hasNoErrors();
            assertThat(result).scorer("basic::equality").accuracy().isAtLeast(1.0);
            assertThat(result).scorer("consumer::prefix").accuracy().isAtLeast(1.0);
            assertThat(server.calls(Endpoint.CHAT_COMPLETIONS)).isEqualTo(4);
        }
    }
}
