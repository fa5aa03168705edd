package dev.evals4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RowPage;
import dev.evals4j.api.UnknownPluginException;
import dev.evals4j.core.Evals;
import dev.evals4j.hf.FakeHub;
import dev.evals4j.junit.server.Endpoint;
import dev.evals4j.junit.server.FakeModelServer;
import dev.evals4j.junit.server.FakeRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks run end to end: their datasets from the fake Hub at the pinned revision, the model a fake server. */
class TaskRunTest {
    static final List<String> CATEGORIES = List.of(
            "biology",
            "business",
            "chemistry",
            "computer science",
            "economics",
            "engineering",
            "health",
            "history",
            "law",
            "math",
            "other",
            "philosophy",
            "physics",
            "psychology");

    @TempDir
    Path dir;

    final FakeHub hub = new FakeHub();

    @AfterEach
    void stop() {
        hub.close();
    }

    Evals evals() {
        return Evals.builder()
                .environment(Map.of("HF_ENDPOINT", hub.endpoint()))
                .cacheDir(dir.resolve("cache"))
                .dataDir(dir.resolve("runs"))
                .build();
    }

    /** TIGER-Lab/MMLU-Pro at the pinned commit: four real test rows, and one worked example per category. */
    void publishMmluPro() throws Exception {
        ObjectMapper json = new ObjectMapper();
        StringBuilder validation = new StringBuilder();
        for (String category : CATEGORIES) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("question_id", CATEGORIES.indexOf(category));
            row.put("question", "Example question about " + category + "?");
            row.put("options", List.of("yes", "no"));
            row.put("answer", "A");
            row.put("answer_index", 0);
            row.put("cot_content", "A: Let's think step by step. It is yes. The answer is (A).");
            row.put("category", category);
            row.put("src", "cot_lib-" + category);
            validation.append(json.writeValueAsString(row)).append('\n');
        }
        hub.put(
                "TIGER-Lab/MMLU-Pro",
                MmluProTask.REVISION,
                Map.of(
                        "data/test-00000-of-00001.parquet", FakeHub.fixture("mmlu-pro-test.parquet"),
                        "data/validation-00000-of-00001.jsonl",
                                validation.toString().getBytes(StandardCharsets.UTF_8)),
                null);
    }

    @Test
    void mmluProRunsAgainstTheFakeServerWithTigersPromptAndGenerationSettings() throws Exception {
        publishMmluPro();
        try (FakeModelServer model = FakeModelServer.builder()
                        .answer("Step by step: the answer is (A).\n\nQuestion: never seen")
                        .start();
                Evals evals = evals()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            RowPage page = evals.datasets().iterRows(register(evals), 0, 10);
            rows.addAll(page.data());
            long expectedA =
                    rows.stream().filter(r -> "A".equals(r.get("answer"))).count();

            EvalResult result = evals.evals()
                    .runEvalTask(evals.tasks()
                            .evalTask(
                                    "mmlu_pro",
                                    Map.of(),
                                    new PluginSpec(
                                            "openai-compatible", Map.of("base_url", model.baseUrl(), "model", "fake")),
                                    java.util.Optional.empty())
                            .outputDir(dir.resolve("run"))
                            .build());

            assertThat(result.numSamples()).isEqualTo(rows.size());
            assertThat(result.score("answer::match").metric("accuracy", "num_correct"))
                    .hasValue((double) expectedA);
            List<FakeRequest> requests = model.requests(Endpoint.COMPLETIONS);
            assertThat(requests).hasSize(rows.size());
            FakeRequest first = requests.get(0);
            assertThat(first.stop()).containsExactly("Question:");
            assertThat(first.maxTokens()).hasValue(2048);
            String prompt = first.prompts().get(0);
            assertThat(prompt).startsWith("The following are multiple choice questions (with answers) about ");
            assertThat(prompt).contains("Answer: Let's think step by step. It is yes. The answer is (A).\n\n");
            assertThat(prompt).endsWith("Answer: Let's think step by step.");
            JsonNode results = new ObjectMapper()
                    .readTree(dir.resolve("run").resolve("results.json").toFile());
            assertThat(results.at("/benchmark/task").asText()).isEqualTo("mmlu_pro");
            assertThat(results.at("/benchmark/variant").asText()).isEqualTo("published");
            assertThat(results.at("/dataset/source").asText()).isEqualTo(MmluProTask.TEST);
            assertThat(results.at("/scores/answer::match/breakdown/group_by").asText())
                    .isEqualTo("category");
        }
    }

    private static String register(Evals evals) {
        evals.datasets().register(DatasetDefinition.ofUri("mmlu-pro-test", MmluProTask.TEST));
        return "mmlu-pro-test";
    }

    @Test
    void gsm8kZeroEvalVariantAsksForJsonAndReadsTheJsonAnswer() throws Exception {
        StringBuilder test = new StringBuilder();
        test.append("{\"question\": \"Janet has 3 apples and buys 15 more. How many?\", \"answer\":"
                + " \"3 + 15 = <<3+15=18>>18\\n#### 18\"}\n");
        test.append("{\"question\": \"A robe takes 2 bolts and half that much. Total?\", \"answer\":"
                + " \"2/2=1, 2+1=3\\n#### 3\"}\n");
        hub.put(
                "openai/gsm8k",
                Gsm8kTask.REVISION,
                Map.of("main/test-00000-of-00001.jsonl", test.toString().getBytes(StandardCharsets.UTF_8)),
                "{\"configs\": [{\"config_name\": \"main\", \"data_files\": [{\"split\": \"test\", \"path\":"
                        + " \"main/test-*\"}]}]}");
        try (FakeModelServer model = FakeModelServer.builder()
                        .answerWith(r -> r.userText().contains("Janet")
                                ? "Reasoning.\n```json\n{\"reasoning\": \"3+15\", \"answer\": \"$18.00\"}\n```"
                                : "I think it is 4.")
                        .start();
                Evals evals = evals()) {
            EvalResult result = evals.evals()
                    .runEvalTask(evals.tasks()
                            .evalTask(
                                    "gsm8k",
                                    Map.of("variant", "zeroeval"),
                                    new PluginSpec(
                                            "openai-compatible", Map.of("base_url", model.baseUrl(), "model", "fake")),
                                    java.util.Optional.empty())
                            .outputDir(dir.resolve("gsm"))
                            .build());

            var s = result.score("answer::match");
            assertThat(s.metric("accuracy", "accuracy")).hasValue(0.5);
            assertThat(s.numNoAnswer()).isEqualTo(1);
            assertThat(model.requests(Endpoint.CHAT_COMPLETIONS).get(0).userText())
                    .contains("Please show your final answer in the `answer` field");
        }
    }

    @Test
    void unknownTasksAndVariantsAreRefusedListingTheKnownOnes() {
        try (Evals evals = evals()) {
            assertThatThrownBy(() -> evals.tasks().plan("mmlu_pro", Map.of("variant", "lenient")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("unknown variant 'lenient' of the task mmlu_pro; its variants: published, corrected,"
                            + " harness, best_answer");
            assertThatThrownBy(() -> evals.tasks().plan("hellaswag", Map.of()))
                    .isInstanceOf(UnknownPluginException.class);
        }
    }
}
