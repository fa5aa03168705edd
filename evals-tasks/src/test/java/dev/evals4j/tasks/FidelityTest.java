package dev.evals4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalSample;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.core.Evals;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published numbers, reproduced from the authors' logged outputs (src/test/resources/logs, with PROVENANCE.txt)
 * in one scoring run of a task each, with no pre-processing of the logs.
 */
class FidelityTest {
    static Evals evals;

    @TempDir
    static Path RUNS;

    @BeforeAll
    static void start() {
        evals = Evals.builder()
                .environment(Map.of())
                .cacheDir(Path.of("target", "evals-cache"))
                .dataDir(RUNS)
                .build();
    }

    @AfterAll
    static void stop() {
        evals.close();
    }

    static String log(String name) {
        try {
            return Path.of(FidelityTest.class.getResource("/logs/" + name).toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static EvalResult score(String task, Map<String, Object> params, DatasetDefinition logs, String out) {
        return evals.evals()
                .runScoring(evals.tasks()
                        .scoring(task, params, logs)
                        .outputDir(RUNS.resolve(out))
                        .build());
    }

    static final String MMLU_PRO = "mmlu_pro/model_outputs_Llama-2-7b-hf_5shots.zip";

    @Test
    void mmluProPublishedScorerGives2445Of12032AndTheMacroAverage() {
        EvalResult result = score(
                "mmlu_pro", Map.of("variant", "published"), DatasetDefinition.ofUri(log(MMLU_PRO)), "mmlu-published");

        ScorerSummary s = result.score("answer::match");
        assertThat(s.numRows()).isEqualTo(12032);
        assertThat(s.metric("accuracy", "num_correct")).hasValue(2445.0);
        assertThat(String.format(
                        Locale.ROOT, "%.6f", s.metric("accuracy", "accuracy").orElseThrow()))
                .isEqualTo("0.203208");
        assertThat(String.format(Locale.ROOT, "%.6f", s.macro("accuracy").orElseThrow()))
                .isEqualTo("0.211225");
        assertThat(s.breakdown().orElseThrow().groups()).hasSize(14);
        assertThat(s.numNoAnswer()).isEqualTo(2061);
    }

    @Test
    void mmluProCountingUnextractedAnswersAsWrongGives0183428() {
        EvalResult result =
                score("mmlu_pro", Map.of("variant", "harness"), DatasetDefinition.ofUri(log(MMLU_PRO)), "mmlu-harness");

        ScorerSummary s = result.score("answer::match");
        assertThat(s.metric("accuracy", "num_correct")).hasValue(2207.0);
        assertThat(String.format(
                        Locale.ROOT, "%.6f", s.metric("accuracy", "accuracy").orElseThrow()))
                .isEqualTo("0.183428");
        assertThat(s.numNoAnswer()).isEqualTo(2061);
    }

    @ParameterizedTest
    @ValueSource(strings = {"6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification"})
    void gsm8kOpenAiRuleAgreesWithTheAuthorsFlagsOnEveryItem(String system) throws IOException {
        DatasetDefinition logs = DatasetDefinition.ofUri(log("gsm8k_openai/example_model_solutions.jsonl.gz"))
                .withRenamedColumns(
                        Map.of(system + ".solution", "generated_answer", "ground_truth", "expected_answer"));
        EvalResult result = score(
                "gsm8k",
                Map.of("variant", "openai", "answer_pattern", "A: (\\-?[0-9\\.\\,]+)"),
                logs,
                "gsm8k-openai-" + system);

        long agree = 0;
        long total = 0;
        try (Stream<EvalSample> samples = result.samples()) {
            for (EvalSample sample : (Iterable<EvalSample>) samples::iterator) {
                total++;
                boolean flag = Boolean.TRUE.equals(((Map<?, ?>) sample.row().get(system)).get("is_correct"));
                double score = sample.scores().get("answer::match").numeric().orElseThrow();
                if ((score == 1.0) == flag) {
                    agree++;
                }
            }
        }
        assertThat(total).isEqualTo(1319);
        assertThat(agree).isEqualTo(1319);
    }

    static final List<String> ZEROEVAL =
            List.of("gpt-4o-mini-2024-07-18", "Mixtral-8x7B-Instruct-v0.1", "gemini-1.5-flash-exp-0827");

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o-mini-2024-07-18", "Mixtral-8x7B-Instruct-v0.1", "gemini-1.5-flash-exp-0827"})
    void zeroEvalVariantGivesTheSummaryRowOfEachModel(String model) throws IOException {
        JsonNode row = summaryRow(model);
        EvalResult result = score(
                "gsm8k",
                Map.of("variant", "zeroeval"),
                DatasetDefinition.ofUri(log("zeroeval/" + model + ".json.gz")),
                "zeroeval-" + model);

        ScorerSummary s = result.score("answer::match");
        assertThat(s.numRows()).isEqualTo(row.get("Total").asLong());
        assertThat(String.format(
                        Locale.ROOT,
                        "%.2f",
                        100 * s.metric("accuracy", "accuracy").orElseThrow()))
                .isEqualTo(row.get("Acc").asText());
        assertThat(String.format(Locale.ROOT, "%.2f", 100 * s.noAnswerRate()))
                .isEqualTo(row.get("No answer").asText());
    }

    @Test
    void stringComparisonVariantGivesTheHarnessRuleLowerNumbersOnTheSameFiles() {
        Map<String, String> expected = new HashMap<>(Map.of(
                "gpt-4o-mini-2024-07-18", "90.98",
                "Mixtral-8x7B-Instruct-v0.1", "68.46",
                "gemini-1.5-flash-exp-0827", "90.75"));
        for (String model : ZEROEVAL) {
            EvalResult result = score(
                    "gsm8k",
                    Map.of("variant", "flexible"),
                    DatasetDefinition.ofUri(log("zeroeval/" + model + ".json.gz")),
                    "zeroeval-flexible-" + model);
            double accuracy =
                    result.score("answer::match").metric("accuracy", "accuracy").orElseThrow();
            assertThat(String.format(Locale.ROOT, "%.2f", 100 * accuracy))
                    .as(model)
                    .isEqualTo(expected.get(model));
        }
    }

    static JsonNode summaryRow(String model) throws IOException {
        JsonNode rows = new ObjectMapper()
                .readTree(Path.of(log("zeroeval/gsm.summary.json")).toFile());
        for (JsonNode row : rows) {
            if (row.get("Model").asText().equals(model)) {
                return row;
            }
        }
        throw new IllegalStateException("no summary row for " + model);
    }
}
