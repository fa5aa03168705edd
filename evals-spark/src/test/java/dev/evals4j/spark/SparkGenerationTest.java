package dev.evals4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.junit.server.FakeModelServer;
import dev.evals4j.spark.testing.FailOnceGenerator;
import dev.evals4j.spark.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An eval task on Spark asks the model for each sample once per epoch, across partitions, retries and model servers,
 * and gives the local run's aggregates; counted at the fake model server.
 */
class SparkGenerationTest {
    private static final int ROWS = 240;
    private static final int EPOCHS = 2;

    @TempDir
    static Path dir;

    private static Path data;
    private static FakeModelServer server;
    private static FakeModelServer other;
    /** Calls per question, at both servers. */
    private static final Map<String, Integer> asked = new ConcurrentHashMap<>();

    private static Path local;

    @BeforeAll
    static void serversDataAndTheLocalRun() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("input_query", "What is " + i + " + " + i + "?");
            row.put("expected_answer", Integer.toString(2 * i));
            row.put("subject", i % 3 == 0 ? "easy" : "hard");
            lines.add(Json.write(row));
        }
        data = dir.resolve("sums.jsonl");
        Files.write(data, lines);
        server = counting();
        other = counting();
        local = dir.resolve("local");
        try (Evals evals = Evals.create()) {
            evals.evals()
                    .runEvalTask(
                            request(local, generator(server)),
                            RunOptions.builder().concurrency(8).build());
        }
        assertThat(asked).hasSize(ROWS).allSatisfy((q, n) -> assertThat(n).isEqualTo(EPOCHS));
    }

    /** A fake model that adds right, except for every fifth question, and counts what it is asked. */
    private static FakeModelServer counting() {
        return FakeModelServer.builder()
                .answerWith(r -> {
                    asked.merge(r.userText(), 1, Integer::sum);
                    String[] words = r.userText().replace("?", "").split(" ");
                    int a = Integer.parseInt(words[2]);
                    return a % 5 == 0 ? "I don't know" : Integer.toString(a + Integer.parseInt(words[4]));
                })
                .start();
    }

    @AfterAll
    static void stopServers() {
        server.close();
        other.close();
    }

    @BeforeEach
    void forgetCalls() {
        asked.clear();
    }

    private static PluginSpec generator(FakeModelServer at) {
        return new PluginSpec("openai-compatible", Map.of("base_url", at.baseUrl(), "model", "fake", "temperature", 0));
    }

    private static EvalRequest request(Path out, PluginSpec generator) {
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofUri("sums", data.toString()))
                .processor(new PluginSpec("template", Map.of("prompt_template", "{input_query}")))
                .generator(generator)
                .scorer(ScorerSpec.of("basic::equality").withAggregations("accuracy", "categorical_count"))
                .epochs(EPOCHS)
                .groupBy("subject")
                .outputDir(out)
                .build();
    }

    private static JsonNode results(Path run) throws IOException {
        return Json.MAPPER.readTree(run.resolve(RunFiles.RESULTS).toFile());
    }

    @Test
    void anEvalTaskGivesTheLocalRunsAggregatesAskingEachSampleOncePerEpoch() throws IOException {
        Path out = dir.resolve("spark");
        EvalResult result = SparkEvals.run(
                TestSpark.session(),
                request(out, generator(server)),
                SparkRunOptions.builder()
                        .partitions(4)
                        .run(RunOptions.builder().concurrency(8).build())
                        .build());

        assertThat(asked).hasSize(ROWS).allSatisfy((q, n) -> assertThat(n).isEqualTo(EPOCHS));
        JsonNode spark = results(out);
        JsonNode expected = results(local);
        assertThat(spark.get("scores")).isEqualTo(expected.get("scores"));
        assertThat(spark.get("counts")).isEqualTo(expected.get("counts"));
        assertThat(spark.get("usage")).isEqualTo(expected.get("usage"));
        assertThat(spark.get("generator_stats").get("calls").asLong()).isEqualTo(ROWS * EPOCHS);
        assertThat(SparkScoringTest.samples(out)).isEqualTo(SparkScoringTest.samples(local));
        assertThat(result.score("basic::equality").metric("accuracy", "accuracy"))
                .hasValue(0.8);
        JsonNode split = Json.MAPPER.readTree(out.resolve("spark.json").toFile());
        assertThat(split.get("partitions").asInt()).isEqualTo(4);
        assertThat(split.get("concurrency_per_partition").asInt()).isEqualTo(2);
        assertThat(results(out.resolve("samples/part-00002")).get("concurrency").asInt())
                .isEqualTo(2);
    }

    @Test
    void aTaskKilledInTheMiddleOfItsPartitionIsRetriedAndAsksNoSampleTwice() throws IOException {
        FailOnceGenerator.CALLS.set(0);
        FailOnceGenerator.FAILED.set(false);
        Path out = dir.resolve("retried");
        PluginSpec failing = new PluginSpec(
                "test::fail-once",
                Map.of("base_url", server.baseUrl(), "model", "fake", "temperature", 0, "fail_at", 70));

        SparkEvals.run(
                TestSpark.session(),
                request(out, failing),
                SparkRunOptions.builder()
                        .partitions(3)
                        .run(RunOptions.builder().concurrency(6).build())
                        .build());

        assertThat(FailOnceGenerator.FAILED).isTrue();
        assertThat(asked).hasSize(ROWS).allSatisfy((q, n) -> assertThat(n).isEqualTo(EPOCHS));
        JsonNode expected = results(local);
        assertThat(results(out).get("scores")).isEqualTo(expected.get("scores"));
        assertThat(results(out).get("counts")).isEqualTo(expected.get("counts"));
        // the part that failed was run twice: a failed segment, then the resumed one
        List<String> statuses = new ArrayList<>();
        for (String part : List.of("part-00000", "part-00001", "part-00002")) {
            for (JsonNode segment :
                    results(out.resolve("samples").resolve(part)).get("segments")) {
                statuses.add(part + " " + segment.get("status").asText());
            }
        }
        assertThat(statuses).filteredOn(s -> s.endsWith(" failed")).hasSize(1);
        assertThat(statuses).filteredOn(s -> s.endsWith(" completed")).hasSize(3);
    }

    @Test
    void partitionsShareTheModelServersTheyAreGiven() throws IOException {
        long before = server.calls();
        long otherBefore = other.calls();
        Path out = dir.resolve("two-servers");

        SparkEvals.run(
                TestSpark.session(),
                request(out, generator(server)),
                SparkRunOptions.builder()
                        .partitions(4)
                        .baseUrls(List.of(server.baseUrl(), other.baseUrl()))
                        .build());

        assertThat(asked).hasSize(ROWS).allSatisfy((q, n) -> assertThat(n).isEqualTo(EPOCHS));
        assertThat(server.calls() - before).isEqualTo(ROWS * EPOCHS / 2);
        assertThat(other.calls() - otherBefore).isEqualTo(ROWS * EPOCHS / 2);
        JsonNode part1 =
                Json.MAPPER.readTree(out.resolve("samples/part-00001/run.json").toFile());
        assertThat(part1.at("/request/generator/params/base_url").asText()).isEqualTo(other.baseUrl());
        assertThat(results(out).get("scores")).isEqualTo(results(local).get("scores"));
    }
}
