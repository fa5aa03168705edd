package dev.evals4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.core.Evals;
import dev.evals4j.hf.FakeHub;
import dev.evals4j.junit.server.Endpoint;
import dev.evals4j.junit.server.FakeModelServer;
import dev.evals4j.junit.server.FakeRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmlu} with {@code variant=harness}: lm-evaluation-harness's prompt, the letters' log-likelihoods from the fake
 * server's echoed prompts, {@code harness::acc} and {@code harness::acc_norm}.
 */
class MmluLoglikelihoodTest {
    static final String TEST_ROWS = "{\"question\": \"What is 2 + 2? \", \"subject\": \"elementary_mathematics\","
            + " \"choices\": [\"3\", \"4\", \"5\", \"6\"], \"answer\": 1}\n"
            + "{\"question\": \"Which gas do plants take in?\", \"subject\": \"college_biology\", \"choices\":"
            + " [\"Oxygen\", \"Nitrogen\", \"Carbon dioxide\", \"Helium\"], \"answer\": 2}\n";

    static final String DEV_ROWS = "{\"question\": \"What is 1 + 1?\", \"subject\": \"elementary_mathematics\","
            + " \"choices\": [\"1\", \"2\", \"3\", \"4\"], \"answer\": 1}\n"
            + "{\"question\": \"What is 1 + 2?\", \"subject\": \"elementary_mathematics\","
            + " \"choices\": [\"1\", \"2\", \"3\", \"4\"], \"answer\": 2}\n"
            + "{\"question\": \"Cells are studied in?\", \"subject\": \"college_biology\", \"choices\":"
            + " [\"biology\", \"law\", \"music\", \"art\"], \"answer\": 0}\n";

    @TempDir
    Path dir;

    final FakeHub hub = new FakeHub();

    @AfterEach
    void stop() {
        hub.close();
    }

    /** cais/mmlu at the pinned commit: two test questions, and dev examples for both subjects. */
    static void publish(FakeHub hub) {
        hub.put(
                "cais/mmlu",
                MmluTask.REVISION,
                Map.of(
                        "all/test-00000-of-00001.jsonl", TEST_ROWS.getBytes(StandardCharsets.UTF_8),
                        "all/dev-00000-of-00001.jsonl", DEV_ROWS.getBytes(StandardCharsets.UTF_8)),
                "{\"configs\": [{\"config_name\": \"all\", \"data_files\": [{\"split\": \"test\", \"path\":"
                        + " \"all/test-*\"}, {\"split\": \"dev\", \"path\": \"all/dev-*\"}]}]}");
    }

    /**
     * A model that finds " B" likeliest after the arithmetic question (the gold) and " A" after the biology one (the
     * gold is C).
     */
    static FakeModelServer.Builder model() {
        return FakeModelServer.builder().likelihood((before, token) -> {
            if (!before.endsWith("Answer:")) {
                return OptionalDouble.empty();
            }
            String likeliest = before.contains("2 + 2") ? " B" : " A";
            return OptionalDouble.of(token.equals(likeliest) ? -0.25 : -2.0);
        });
    }

    Evals evals() {
        return Evals.builder()
                .environment(Map.of("HF_ENDPOINT", hub.endpoint()))
                .cacheDir(dir.resolve("cache"))
                .dataDir(dir.resolve("runs"))
                .build();
    }

    static PluginSpec generator(FakeModelServer server) {
        return new PluginSpec("openai-compatible", Map.of("base_url", server.baseUrl(), "model", "fake"));
    }

    @Test
    void asksForTheLettersLoglikelihoodsAfterTheHarnessPromptAndScoresAccAndAccNorm() throws Exception {
        publish(hub);
        Path out = dir.resolve("mmlu");
        try (FakeModelServer server = model().start();
                Evals evals = evals()) {
            EvalResult result = evals.evals()
                    .runEvalTask(evals.tasks()
                            .evalTask(
                                    "mmlu",
                                    Map.of("variant", "harness", "few_shot", 1),
                                    generator(server),
                                    Optional.empty())
                            .outputDir(out)
                            .build());

            assertThat(result.numErrors()).isZero();
            for (String scorer : List.of("harness::acc", "harness::acc_norm")) {
                ScorerSummary s = result.score(scorer);
                assertThat(s.metric("accuracy", "accuracy")).as(scorer).hasValue(0.5);
                assertThat(s.group("elementary_mathematics").metric("accuracy", "accuracy"))
                        .hasValue(1.0);
                assertThat(s.group("college_biology").metric("accuracy", "accuracy"))
                        .hasValue(0.0);
            }
            List<FakeRequest> requests = server.requests(Endpoint.COMPLETIONS);
            assertThat(requests).hasSize(2);
            FakeRequest arithmetic = requests.stream()
                    .filter(r -> r.prompts().get(0).contains("2 + 2"))
                    .findFirst()
                    .orElseThrow();
            String context = "The following are multiple choice questions (with answers) about elementary"
                    + " mathematics.\n\nWhat is 1 + 1?\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer: B\n\n"
                    + "What is 2 + 2?\nA. 3\nB. 4\nC. 5\nD. 6\nAnswer:";
            assertThat(arithmetic.prompts())
                    .containsExactly(context + " A", context + " B", context + " C", context + " D");
            JsonNode body = arithmetic.body().orElseThrow();
            assertThat(body.get("echo").asBoolean()).isTrue();
            assertThat(body.get("logprobs").asInt()).isEqualTo(1);
            assertThat(body.get("max_tokens").asInt()).isEqualTo(1);
        }

        ObjectMapper json = new ObjectMapper();
        JsonNode results = json.readTree(out.resolve("results.json").toFile());
        assertThat(results.at("/benchmark/variant").asText()).isEqualTo("harness");
        assertThat(results.at("/benchmark/protocol/request").asText()).startsWith("the log-likelihood of each");
        assertThat(results.at("/scores/harness::acc_norm/aggregated_results/accuracy/accuracy")
                        .asDouble())
                .isEqualTo(0.5);
        JsonNode line = Files.readAllLines(out.resolve("samples.jsonl")).stream()
                .map(l -> readTree(json, l))
                .filter(l -> l.at("/index").asInt() == 0)
                .findFirst()
                .orElseThrow();
        assertThat(line.at("/request/continuations").toString()).isEqualTo("[\" A\",\" B\",\" C\",\" D\"]");
        assertThat(line.at("/request/context").asText()).endsWith("D. 6\nAnswer:");
        assertThat(line.at("/generation/loglikelihoods").toString())
                .isEqualTo("[{\"logprob\":-2.0,\"tokens\":1,\"greedy\":true},{\"logprob\":-0.25,\"tokens\":1,"
                        + "\"greedy\":true},{\"logprob\":-2.0,\"tokens\":1,\"greedy\":true},{\"logprob\":-2.0,"
                        + "\"tokens\":1,\"greedy\":true}]");
        assertThat(line.at("/generated_answer").toString())
                .isEqualTo("{\"choices\":[\"A\",\"B\",\"C\",\"D\"],\"loglikelihoods\":[-2.0,-0.25,-2.0,-2.0]}");
        assertThat(line.at("/expected_answer").asText()).isEqualTo("B");
        assertThat(line.at("/scores/harness::acc").toString()).isEqualTo("{\"score\":1.0,\"prediction\":\"B\"}");
    }

    private static JsonNode readTree(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void zeroShotIsTheDefaultAsInTheHarness() {
        try (Evals evals = evals()) {
            var plan = evals.tasks().plan("mmlu", Map.of("variant", "harness"));
            assertThat(plan.processor().orElseThrow().id()).isEqualTo(MmluLoglikelihoodProcessor.ID);
            assertThat(plan.processor().orElseThrow().params()).containsEntry("few_shot", 0L);
            assertThat(plan.scorers()).extracting(s -> s.id()).containsExactly("harness::acc", "harness::acc_norm");
            assertThatThrownBy(() -> evals.tasks().plan("mmlu", Map.of("few_shot", 5)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("parameter 'few_shot' of the task mmlu applies to the harness variant only; the"
                            + " simple_evals variant is simple-evals' zero-shot prompt");
        }
    }

    @Test
    void aGeneratorThatAnswersWithTextFailsEachRowSayingWhatIsNeeded() {
        publish(hub);
        try (Evals evals = evals()) {
            assertThatThrownBy(() -> evals.evals()
                            .runEvalTask(evals.tasks()
                                    .evalTask(
                                            "mmlu",
                                            Map.of("variant", "harness"),
                                            PluginSpec.of("openai-compatible"),
                                            Optional.empty())
                                    .generator(sample -> GenerationResponse.of("Answer: B")) // replaces it
                                    .outputDir(dir.resolve("text"))
                                    .build()))
                    .isInstanceOf(EvalException.class)
                    .hasMessageContaining("every one of its 2 samples failed (the first: the generator function"
                            + " answered a request for the log-likelihoods of 4 continuations with 0; multiple"
                            + " choice by log-likelihood needs a generator that scores continuations, such as"
                            + " openai-compatible on a /completions endpoint that echoes the prompt with logprobs"
                            + " (vLLM), or a generation-then-extraction variant of the task)");
        }
    }

    @Test
    void loggedLoglikelihoodsAreRescoredWithoutAModel() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(
                "generated_answer",
                Map.of("choices", List.of("A", "B", "C", "D"), "loglikelihoods", List.of(-1.0, -3.0, -0.5, -2.0)));
        row.put("expected_answer", "C");
        row.put("subject", "logged");
        try (Evals evals = evals()) {
            EvalResult result = evals.evals()
                    .runScoring(evals.tasks()
                            .scoring(
                                    "mmlu",
                                    Map.of("variant", "harness"),
                                    DatasetDefinition.ofRows("logs", List.of(row)))
                            .outputDir(dir.resolve("logs"))
                            .build());

            assertThat(result.score("harness::acc").metric("accuracy", "accuracy"))
                    .hasValue(1.0);
        }
    }
}
