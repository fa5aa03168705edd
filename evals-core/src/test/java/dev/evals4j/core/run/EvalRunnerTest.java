package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.internal.Secrets;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.testing.EchoProcessor;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.FailingScorer;
import dev.evals4j.core.testing.TableGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalRunnerTest {
    @TempDir
    Path dir;

    private final Evals evals = Evals.create(PluginRegistry.builder()
            .register(new ExactScorer())
            .register(new FailingScorer())
            .register(new EchoProcessor())
            .register(new TableGenerator(Map.of(
                    "What is the capital of France?", "Paris",
                    "Who is the CEO of Meta?", "Mark Zuckerberg",
                    "What is the largest planet in our solar system?", "Saturn",
                    "What is the currency of Japan?", "Yen")))
            .build());

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static String resource(String name) {
        return Path.of("src/test/resources/llama-stack", name).toString();
    }

    /** The journal's lines by index (workers append them in the order they finish). */
    static List<JsonNode> journal(Path out) throws IOException {
        return Files.readAllLines(out.resolve("samples.jsonl")).stream()
                .map(line -> {
                    try {
                        return Json.MAPPER.readTree(line);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                })
                .sorted(java.util.Comparator.comparingLong(
                                (JsonNode n) -> n.get("index").asLong())
                        .thenComparingInt(n -> n.path("epoch").asInt()))
                .toList();
    }

    @Test
    void scoresLlamaStacksTestDatasetToItsGoldenAccuracy() throws IOException {
        for (String file : List.of("test_dataset.csv", "test_dataset.jsonl")) {
            Path out = dir.resolve(file);
            EvalResult result = evals.evals()
                    .runScoring(EvalRequest.builder()
                            .dataset(DatasetDefinition.ofUri("qa", resource(file)))
                            .scorer(ScorerSpec.of("test::exact")
                                    .withAggregations("accuracy", "median", "categorical_count", "average"))
                            .outputDir(out)
                            .build());

            Map<String, Object> aggregated = result.score("test::exact").aggregatedResults();
            assertThat(map(aggregated.get("accuracy")))
                    .containsEntry("accuracy", 0.6)
                    .containsEntry("num_correct", 3.0)
                    .containsEntry("num_total", 5);
            assertThat(aggregated.get("median")).isEqualTo(Map.of("median", 1.0));
            assertThat(aggregated.get("categorical_count"))
                    .isEqualTo(Map.of("categorical_count", Map.of("0.0", 2L, "1.0", 3L)));
            assertThat(map(aggregated.get("average"))).containsEntry("average", 0.6);
            assertThat(journal(out))
                    .extracting(n -> n.at("/scores/test::exact/score").asDouble())
                    .containsExactly(0.0, 1.0, 1.0, 0.0, 1.0);

            JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
            assertThat(results.at("/status").asText()).isEqualTo("completed");
            assertThat(results.at("/scores/test::exact/aggregated_results/accuracy/accuracy")
                            .asDouble())
                    .isEqualTo(0.6);
            assertThat(results.at("/scores/test::exact/aggregated_results/accuracy/num_correct")
                            .isDouble())
                    .isTrue();
            assertThat(results.at("/scores/test::exact/num_rows").asInt()).isEqualTo(5);
            assertThat(results.at("/scores/test::exact/num_errors").asInt()).isEqualTo(0);
            assertThat(results.at("/counts/samples").asInt()).isEqualTo(5);
            assertThat(results.at("/dataset/source").asText()).isEqualTo(resource(file));
        }
    }

    @Test
    void theJournalKeepsTheRowTheAnswersAndEachScore() throws IOException {
        Path out = dir.resolve("run");
        evals.evals()
                .runScoring(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofUri("qa", resource("test_dataset.jsonl")))
                        .scorer("test::exact")
                        .outputDir(out)
                        .build());

        JsonNode first = journal(out).get(0);
        assertThat(Json.write(first))
                .isEqualTo(
                        "{\"index\":0,\"row\":{\"input_query\":\"What is the capital of"
                                + " France?\",\"generated_answer\":\"London\",\"expected_answer\":\"Paris\"},\"generated_answer\":"
                                + "\"London\",\"expected_answer\":\"Paris\",\"scores\":{\"test::exact\":{\"score\":0.0}},\"error\":null}");
    }

    @Test
    void aScorerThatThrowsCountsAsAnErrorAndUnscoredRowsAreCountedApart() throws IOException {
        Path out = dir.resolve("run");
        EvalResult result = evals.evals()
                .runScoring(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofUri("qa", resource("test_dataset.csv")))
                        .scorer(ScorerSpec.of("test::fails-on-yen").withAggregations("average"))
                        .scorer("test::exact")
                        .outputDir(out)
                        .build());

        assertThat(result.score("test::fails-on-yen").numErrors()).isEqualTo(1);
        assertThat(result.score("test::fails-on-yen").numUnscored()).isEqualTo(1);
        assertThat(result.score("test::fails-on-yen").numRows()).isEqualTo(5);
        assertThat(result.score("test::fails-on-yen").metric("average", "average"))
                .hasValue(1.0);
        assertThat(result.score("test::exact").metric("accuracy", "accuracy")).hasValue(0.6);
        JsonNode yen = journal(out).get(4);
        assertThat(yen.at("/scores/test::fails-on-yen/error/message").asText()).isEqualTo("cannot score Yen");
        assertThat(yen.at("/scores/test::exact/score").asDouble()).isEqualTo(1.0);
        JsonNode china = journal(out).get(3);
        assertThat(china.at("/scores/test::fails-on-yen/unscored").asText()).isEqualTo("no opinion about China");
        assertThat(china.at("/scores/test::fails-on-yen/score").isNull()).isTrue();
    }

    @Test
    void anEmptyDatasetIsAnErrorNotAZeroAccuracy() throws IOException {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "generated_answer,expected_answer\n");

        assertThatThrownBy(() -> evals.score(empty.toString(), "test::exact"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("the dataset " + empty + " has no rows (an empty dataset cannot be scored: accuracy over"
                        + " 0 rows is not 0)");
    }

    @Test
    void aMissingColumnFailsBeforeScoringNamingItAndTheColumnsPresent() throws IOException {
        Path file = dir.resolve("answers.csv");
        Files.writeString(file, "question,answer,generated_answer\nq,a,a\n");
        Path out = dir.resolve("run");

        assertThatThrownBy(() -> evals.evals()
                        .runScoring(EvalRequest.builder()
                                .dataset(DatasetDefinition.ofUri("answers", file.toString()))
                                .scorer("test::exact")
                                .outputDir(out)
                                .build()))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("the dataset " + file + " has no column 'expected_answer' (needed by test::exact); its"
                        + " columns: question, answer, generated_answer. Rename a column to the needed name (a rename"
                        + " map, or --rename from=to)");
        assertThat(journal(out)).isEmpty();
        assertThat(Json.MAPPER
                        .readTree(out.resolve("results.json").toFile())
                        .at("/status")
                        .asText())
                .isEqualTo("failed");
    }

    @Test
    void renamesMakeAnyColumnsScorable() {
        EvalResult result = evals.evals()
                .runScoring(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofRows(
                                        "r",
                                        List.of(Map.of("pred", "B", "gold", "B"), Map.of("pred", "A", "gold", "C")))
                                .withRenamedColumns(Map.of("pred", "generated_answer", "gold", "expected_answer")))
                        .scorer("test::exact")
                        .outputDir(dir.resolve("run"))
                        .build());

        assertThat(result.score("test::exact").metric("accuracy", "accuracy")).hasValue(0.5);
    }

    @Test
    void aSeededRandomSampleIsRepeatableAndKeepsDatasetOrder() throws IOException {
        List<Map<String, Object>> rows = java.util.stream.IntStream.range(0, 100)
                .<Map<String, Object>>mapToObj(i -> Map.of("generated_answer", "a" + i, "expected_answer", "a" + i))
                .toList();
        EvalRequest request = EvalRequest.builder()
                .dataset(DatasetDefinition.ofRows("r", rows))
                .scorer("test::exact")
                .limit(7)
                .sampleSeed(42)
                .build();

        EvalResult first = evals.evals()
                .runScoring(request.toBuilder().outputDir(dir.resolve("a")).build());
        evals.evals().runScoring(request.toBuilder().outputDir(dir.resolve("b")).build());

        assertThat(first.numSamples()).isEqualTo(7);
        List<Integer> a = journal(dir.resolve("a")).stream()
                .map(n -> n.get("index").asInt())
                .toList();
        List<Integer> b = journal(dir.resolve("b")).stream()
                .map(n -> n.get("index").asInt())
                .toList();
        assertThat(a).isEqualTo(b).isSorted().doesNotHaveDuplicates();
        assertThat(a).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6));
    }

    @Test
    void aFolderThatHoldsARunIsNotOverwritten() {
        Path out = dir.resolve("run");
        EvalRequest request = EvalRequest.builder()
                .dataset(DatasetDefinition.ofUri("qa", resource("test_dataset.csv")))
                .scorer("test::exact")
                .outputDir(out)
                .build();
        evals.evals().runScoring(request);

        assertThatThrownBy(() -> evals.evals().runScoring(request))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the output folder " + out
                        + " already holds a run; resume it, choose another folder, or remove it");
    }

    @Test
    void anEvalTaskCallsTheModelAndRecordsRequestGenerationAndFailures() throws IOException {
        Path out = dir.resolve("task");
        EvalResult result = evals.evals()
                .runEvalTask(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofUri("qa", resource("test_dataset.csv")))
                        .processor(PluginSpec.of("test-question"))
                        .generator(PluginSpec.of("test-table"))
                        .scorer("test::exact")
                        .outputDir(out)
                        .build());

        // Paris, Zuckerberg right; Saturn wrong; no answer for the smallest country (an error); Yen right
        assertThat(result.numSamples()).isEqualTo(5);
        assertThat(result.numErrors()).isEqualTo(1);
        assertThat(result.score("test::exact").metric("accuracy", "accuracy")).hasValue(0.75);
        assertThat(result.score("test::exact").numErrors()).isEqualTo(1);
        assertThat(result.usage())
                .hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(48));
        List<JsonNode> lines = journal(out);
        assertThat(lines.get(0).at("/request/messages/0/content").asText()).isEqualTo("What is the capital of France?");
        assertThat(lines.get(0).at("/generation/text").asText()).isEqualTo(" Paris\n");
        assertThat(lines.get(0).at("/generated_answer").asText()).isEqualTo("Paris");
        assertThat(lines.get(3).at("/error/type").asText()).isEqualTo("ModelCallException");
        assertThat(lines.get(3).at("/error/message").asText())
                .isEqualTo("the model has no answer to 'What is the smallest country in the world?'");
        JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertThat(results.at("/task").asText()).isEqualTo("eval_task");
        assertThat(results.at("/usage/total_tokens").asInt()).isEqualTo(48);
    }

    @Test
    void anUnknownScorerFailsBeforeTheDatasetIsRead() {
        assertThatThrownBy(() -> evals.score("no/such/file.csv", "test::nope"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown scorer id 'test::nope'; known ids: test::exact, test::fails-on-yen");
    }

    @Test
    void secretParametersAreNotWrittenToResults() {
        assertThat(Secrets.redact(Map.of(
                        "api_key",
                        "sk-123",
                        "judge_api_key_env",
                        "OPENAI_API_KEY",
                        "model",
                        "m",
                        "max_tokens",
                        16,
                        "judge_max_tokens",
                        64,
                        "hf_token",
                        "hf_x",
                        "password",
                        "p")))
                .containsEntry("api_key", "***")
                .containsEntry("judge_api_key_env", "OPENAI_API_KEY")
                .containsEntry("model", "m")
                .containsEntry("max_tokens", 16)
                .containsEntry("judge_max_tokens", 64)
                .containsEntry("hf_token", "***")
                .containsEntry("password", "***");
    }
}
