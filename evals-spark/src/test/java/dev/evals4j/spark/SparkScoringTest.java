package dev.evals4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalSample;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.reports.RunReport;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.spark.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scoring run on Spark writes the results a local run writes over the same rows: the same aggregates, the same samples. */
class SparkScoringTest {
    @TempDir
    static Path dir;

    private static Path data;
    private static Path local;

    private static final List<String> SUBJECTS = List.of("biology", "chemistry", "history", "law", "math", "physics");

    /** 3,000 rows that give every kind of score: numbers (weighted or not), categories, unscored, failures. */
    @BeforeAll
    static void dataAndTheLocalRun() throws IOException {
        Random random = new Random(11);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("input_query", "question " + i);
            String expected = "answer " + (i % 97);
            row.put("generated_answer", random.nextInt(4) == 0 ? "answer " + random.nextInt(97) : expected);
            if (i == 0 || i % 701 != 0) { // a few rows lack a column the scorers need: they fail as a whole
                row.put("expected_answer", i % 13 == 0 ? List.of(expected, "other") : expected);
            }
            row.put("subject", SUBJECTS.get(random.nextInt(SUBJECTS.size())));
            row.put(
                    "grade",
                    switch (i % 9) {
                        case 0, 1, 2 -> "num:" + random.nextDouble() * Math.pow(10, random.nextInt(6) - 3);
                        case 3 -> "num:" + random.nextInt(2);
                        case 4 -> "noanswer:0";
                        case 5 -> "cat:"
                                + List.of("CORRECT", "INCORRECT", "NOT_ATTEMPTED", "A", "maybe")
                                        .get(random.nextInt(5));
                        case 6 -> "unscored:no verdict";
                        case 7 -> i % 2 == 0 ? "throw" : "num:-0.0";
                        default -> "num:0.5";
                    });
            if (i % 3 == 0) {
                row.put("weight", 1 + random.nextInt(5));
            }
            lines.add(Json.write(row));
            if (i % 500 == 250) {
                lines.add(""); // blank lines are skipped, as the local reader skips them
            }
        }
        data = dir.resolve("answers.jsonl");
        Files.write(data, lines);
        local = dir.resolve("local");
        try (Evals evals = Evals.create()) {
            evals.evals().runScoring(request(local));
        }
    }

    private static EvalRequest request(Path out) {
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofUri("answers", data.toString()))
                .scorer(ScorerSpec.of("basic::equality").withAggregations("accuracy", "categorical_count"))
                .scorer("test::grade")
                .scorer(ScorerSpec.of("braintrust::levenshtein").withAggregations("average", "median", "accuracy"))
                .groupBy("subject")
                .outputDir(out)
                .build();
    }

    static JsonNode results(Path run) throws IOException {
        return Json.MAPPER.readTree(run.resolve(RunFiles.RESULTS).toFile());
    }

    /** The journal's lines as JSON, in (index, epoch) order. */
    static List<JsonNode> samples(Path run) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path journal : RunFiles.journals(run)) {
            for (String line : Files.readAllLines(journal)) {
                out.add(Json.MAPPER.readTree(line));
            }
        }
        out.sort(Comparator.comparingLong((JsonNode n) -> n.get("index").asLong())
                .thenComparingInt(n -> n.path("epoch").asInt()));
        return out;
    }

    @Test
    void aScoringRunGivesTheLocalRunsAggregatesAndSamples() throws IOException {
        Path out = dir.resolve("spark-3");
        EvalResult result = SparkEvals.run(
                TestSpark.session(),
                request(out),
                SparkRunOptions.builder().partitions(3).build());

        JsonNode spark = results(out);
        JsonNode expected = results(local);
        assertThat(spark.get("status").asText()).isEqualTo("completed");
        assertThat(spark.get("counts")).isEqualTo(expected.get("counts"));
        assertThat(spark.get("scores")).isEqualTo(expected.get("scores"));
        assertThat(spark.get("scorers")).isEqualTo(expected.get("scorers"));
        assertThat(spark.get("dataset")).isEqualTo(expected.get("dataset"));
        assertThat(samples(out)).isEqualTo(samples(local));
        assertThat(RunFiles.journals(out)).hasSize(3);
        assertThat(result.numSamples()).isEqualTo(3000);
        assertThat(result.numErrors()).isEqualTo(4);
        try (Stream<EvalSample> samples = result.samples()) {
            assertThat(samples.count()).isEqualTo(3000);
        }
        assertThat(Json.MAPPER.readTree(out.resolve(RunFiles.RUN).toFile()))
                .isEqualTo(Json.MAPPER.readTree(local.resolve(RunFiles.RUN).toFile()));
    }

    @Test
    void theInputsOwnPartitionsGiveTheSameAggregates() throws IOException {
        Path out = dir.resolve("spark-input");
        SparkEvals.run(TestSpark.session(), request(out));

        assertThat(results(out).get("scores")).isEqualTo(results(local).get("scores"));
        assertThat(Json.MAPPER
                        .readTree(out.resolve("spark.json").toFile())
                        .get("partitioning")
                        .asText())
                .isEqualTo("input_partitions");
    }

    @Test
    void aSparkRunHasTheReportsOfALocalRun() throws IOException {
        Path out = dir.resolve("spark-report");
        SparkEvals.run(
                TestSpark.session(),
                request(out),
                SparkRunOptions.builder().partitions(2).build());

        RunReport.create().write(out, dir.resolve("report-spark"));
        RunReport.create().write(local, dir.resolve("report-local"));
        assertThat(junit(dir.resolve("report-spark"), out)).isEqualTo(junit(dir.resolve("report-local"), local));
    }

    /** A run's JUnit report, without its folder and its time. */
    private static String junit(Path report, Path run) throws IOException {
        return Files.readString(report.resolve(RunReport.JUNIT))
                .replace(run.toString(), "RUN")
                .replaceAll("time=\"[0-9.]+\"", "");
    }
}
