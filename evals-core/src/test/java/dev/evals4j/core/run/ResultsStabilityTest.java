package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.testing.CrashableRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's {@code results.json} and {@code samples.jsonl} are the same as the committed ones, made by the runner as it
 * was before its work was batched and its journal written in groups (commit 95c2682): the performance work changes
 * how fast results come, never what they are. Timings and process segments differ from run to run and are left out;
 * journal lines are compared in the order of (index, epoch), since workers finish in any order.
 *
 * <p>To re-record after a change that is meant to change results, run this test with
 * {@code -Devals4j.record-golden=true} and review the difference in {@code src/test/resources/golden}.
 */
class ResultsStabilityTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean RECORD = Boolean.getBoolean("evals4j.record-golden");

    @TempDir
    Path dir;

    @Test
    void anEvalTaskWithTwoEpochsGivesTheResultsItAlwaysGave() throws IOException {
        Path out = dir.resolve("task");
        CrashableRun.evals(0)
                .evals()
                .runEvalTask(
                        CrashableRun.request(300, out),
                        RunOptions.builder().concurrency(16).build());

        compare(out, "eval-task");
    }

    @Test
    void aScoringRunWithNumbersCategoriesAndUnscoredGivesTheResultsItAlwaysGave() throws IOException {
        List<Map<String, Object>> rows = IntStream.range(0, 2000)
                .<Map<String, Object>>mapToObj(i -> Map.of(
                        "input_query", "question " + i,
                        "generated_answer", "answer " + (i * 7919 % 1000),
                        "expected_answer", "answer " + (i % 3 == 0 ? i * 7919 % 1000 : i)))
                .toList();
        Path out = dir.resolve("scoring");
        try (Evals evals = Evals.builder().environment(Map.of()).build()) {
            evals.evals()
                    .runScoring(EvalRequest.builder()
                            .dataset(DatasetDefinition.ofRows("numbers", rows))
                            .scorer(new Graded())
                            .scorer(new Labelled())
                            .outputDir(out)
                            .build());
        }

        compare(out, "scoring");
    }

    /** A number from 0 to 1 from the answer's digits (1 for the right answer), unscored for some. */
    private static final class Graded implements BaseScorer {
        @Override
        public String id() {
            return "test::graded";
        }

        @Override
        public String description() {
            return "a number from the answer's digits (test fake)";
        }

        @Override
        public List<String> defaultAggregations() {
            return List.of("accuracy", "average", "weighted_average", "median");
        }

        @Override
        public ScoreResult score(ScorerInputSample sample) {
            String answer = sample.generatedText();
            int n = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1));
            if (n % 17 == 0) {
                return ScoreResult.unscored("a multiple of 17");
            }
            return answer.equals(sample.expectedTexts().get(0)) ? ScoreResult.correct(true) : ScoreResult.of(n / 999.0);
        }
    }

    /** A category from the answer's digits. */
    private static final class Labelled implements BaseScorer {
        @Override
        public String id() {
            return "test::labelled";
        }

        @Override
        public String description() {
            return "a category from the answer's digits (test fake)";
        }

        @Override
        public List<String> defaultAggregations() {
            return List.of("categorical_count");
        }

        @Override
        public ScoreResult score(ScorerInputSample sample) {
            String answer = sample.generatedText();
            int n = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1));
            return ScoreResult.category(n % 3 == 0 ? "fizz" : n % 5 == 0 ? "buzz" : "other");
        }
    }

    private static void compare(Path run, String name) throws IOException {
        ObjectNode results =
                (ObjectNode) Json.MAPPER.readTree(run.resolve("results.json").toFile());
        results.remove(List.of("timings", "segments"));
        // a key added since the golden files were made (the no-answer count of tasks), 0 in these runs
        results.get("scores").forEach(entry -> {
            assertThat(entry.get("num_no_answer").asLong()).isZero();
            ((ObjectNode) entry).remove("num_no_answer");
        });
        ArrayNode samples = Json.MAPPER.createArrayNode();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("samples.jsonl"))) {
            lines.add(Json.MAPPER.readTree(line));
        }
        lines.sort(Comparator.comparingLong((JsonNode n) -> n.get("index").asLong())
                .thenComparingInt(n -> n.path("epoch").asInt(0)));
        samples.addAll(lines);
        Path resultsFile = GOLDEN.resolve(name + ".results.json");
        Path samplesFile = GOLDEN.resolve(name + ".samples.json");
        if (RECORD) {
            Files.createDirectories(GOLDEN);
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(resultsFile.toFile(), results);
            Json.MAPPER.writeValue(samplesFile.toFile(), samples);
        }
        assertThat(results).isEqualTo(Json.MAPPER.readTree(resultsFile.toFile()));
        assertThat(samples).isEqualTo(Json.MAPPER.readTree(samplesFile.toFile()));
    }
}
