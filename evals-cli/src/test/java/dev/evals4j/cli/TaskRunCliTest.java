package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.hf.FakeHub;
import dev.evals4j.junit.server.Endpoint;
import dev.evals4j.junit.server.FakeModelServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evals run --task} against the fake Hub and the fake model server; {@code evals list} with every task. */
class TaskRunCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final FakeHub hub = new FakeHub();

    @AfterEach
    void stop() {
        hub.close();
    }

    private int run(String... args) {
        return Main.run(
                args,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.of("EVALS4J_CACHE_DIR", dir.resolve("cache").toString(), "HF_ENDPOINT", hub.endpoint()));
    }

    @Test
    void listShowsEveryTaskWithItsVariants() {
        assertThat(run("list")).isEqualTo(0);
        assertThat(out.toString())
                .containsPattern("task +mmlu +evals-tasks +.*variants: simple_evals, llama_stack")
                .containsPattern("task +gpqa_diamond +evals-tasks +.*variants: simple_evals")
                .containsPattern("task +math_500 +evals-tasks +.*variants: llama_stack, hendrycks")
                .containsPattern("task +simpleqa +evals-tasks +.*variants: simple_evals, json")
                .containsPattern("task +ifeval +evals-tasks +.*variants: reference")
                .containsPattern("task +mmlu_pro +evals-tasks +")
                .containsPattern("task +gsm8k +evals-tasks +");
    }

    @Test
    void runsATaskFromTheHubAgainstAModelServer() throws Exception {
        String rows = "{\"question\": \"What is 2 + 2?\", \"subject\": \"elementary_mathematics\", \"choices\":"
                + " [\"3\", \"4\", \"5\", \"6\"], \"answer\": 1}\n"
                + "{\"question\": \"Which gas do plants take in?\", \"subject\": \"college_biology\", \"choices\":"
                + " [\"Oxygen\", \"Nitrogen\", \"Carbon dioxide\", \"Helium\"], \"answer\": 2}\n";
        hub.put(
                "cais/mmlu",
                "c30699e8356da336a370243923dbaf21066bb9fe",
                Map.of("all/test-00000-of-00001.jsonl", rows.getBytes(StandardCharsets.UTF_8)),
                "{\"configs\": [{\"config_name\": \"all\", \"data_files\": [{\"split\": \"test\", \"path\":"
                        + " \"all/test-*\"}]}]}");
        Path output = dir.resolve("mmlu");
        try (FakeModelServer model =
                FakeModelServer.builder().answer("Thinking.\nAnswer: B").start()) {
            int code = run(
                    "run",
                    "--task",
                    "mmlu",
                    "--base-url",
                    model.baseUrl(),
                    "--model",
                    "fake",
                    "--output",
                    output.toString());

            assertThat(code).as(err.toString()).isEqualTo(0);
            assertThat(model.requests(Endpoint.CHAT_COMPLETIONS)).hasSize(2);
        }
        assertThat(out.toString())
                .contains("answer::match by subject:")
                .containsPattern("\\(micro average\\) +0\\.5000")
                .contains("2 samples");
        JsonNode results =
                new ObjectMapper().readTree(output.resolve("results.json").toFile());
        assertThat(results.at("/benchmark/task").asText()).isEqualTo("mmlu");
        assertThat(results.at("/benchmark/variant").asText()).isEqualTo("simple_evals");
        assertThat(results.at("/scores/answer::match/aggregated_results/accuracy/accuracy")
                        .asDouble())
                .isEqualTo(0.5);
    }
}
