package dev.evals4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.junit.server.FakeModelServer;
import dev.evals4j.junit.server.Fault;
import dev.evals4j.spark.testing.TestSpark;
import dev.evals4j.spark.testing.UnregisteredScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run on Spark refuses, and how it fails, with the messages users read. */
class SparkRunChecksTest {
    @TempDir
    Path dir;

    private Path data(String... lines) throws IOException {
        Path file = dir.resolve("data.jsonl");
        Files.write(file, List.of(lines));
        return file;
    }

    private EvalRequest scoring(Path data, String out) {
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofUri("data", data.toString()))
                .scorer("basic::equality")
                .outputDir(dir.resolve(out))
                .build();
    }

    @Test
    void pluginsGivenAsObjectsAreRefusedBeforeAnyDataIsRead() {
        BaseScorer mine = new UnregisteredScorer();
        EvalRequest request = EvalRequest.builder()
                .dataset(DatasetDefinition.ofUri(
                        "missing", dir.resolve("missing.jsonl").toString()))
                .scorer(mine)
                .build();

        assertThatThrownBy(() -> SparkEvals.run(TestSpark.session(), request))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("a run on Spark resolves its plugins by id on every executor, but the scorer my::scorer"
                        + " (dev.evals4j.spark.testing.UnregisteredScorer) was given as an object; declare it as a"
                        + " plugin in META-INF/services (a public class with a no-argument constructor), put its jar on"
                        + " the executors' class path, and give its id");
    }

    @Test
    void whatALocalRunRefusesIsRefusedByName() throws IOException {
        Path data = data("{\"generated_answer\": \"a\", \"expected_answer\": \"a\"}");

        assertThatThrownBy(() -> SparkEvals.run(
                        TestSpark.session(),
                        EvalRequest.builder()
                                .dataset("registered")
                                .scorer("basic::equality")
                                .build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("a run on Spark reads its dataset from the request's definition, but the request names"
                        + " the registered dataset 'registered', which the cluster does not know; give"
                        + " DatasetDefinition.ofUri(id, uri) instead");
        assertThatThrownBy(() -> SparkEvals.run(
                        TestSpark.session(),
                        scoring(data, "x").toBuilder().scorer("basic::nope").build()))
                .isInstanceOf(dev.evals4j.api.UnknownPluginException.class)
                .hasMessageContaining("basic::nope");
        assertThatThrownBy(() -> SparkEvals.run(
                        TestSpark.session(),
                        scoring(data, "x"),
                        SparkRunOptions.builder()
                                .baseUrls(List.of("http://127.0.0.1:1/v1"))
                                .build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("base URLs were given for the partitions, but the request has no generator to send them"
                        + " to");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void anEmptyDatasetAndAMissingColumnAreRefusedNamingTheDataset() throws IOException {
        Path empty = data("", "  ");
        assertThatThrownBy(() -> SparkEvals.run(TestSpark.session(), scoring(empty, "empty")))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("the dataset " + empty + " has no rows (an empty dataset cannot be scored: accuracy over 0"
                        + " rows is not 0)");

        Path noGold = data("{\"generated_answer\": \"a\", \"gold\": \"a\"}");
        assertThatThrownBy(() -> SparkEvals.run(
                        TestSpark.session(),
                        scoring(noGold, "no-gold").toBuilder().groupBy("topic").build()))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("the dataset " + noGold + " has no column 'expected_answer' (needed by basic::equality), no"
                        + " column 'topic' (needed by --group-by); its columns: generated_answer, gold. Rename a column"
                        + " to the needed name (a rename map, or --rename from=to)");
    }

    @Test
    void aBadLineFailsTheRunNamingItsRow() throws IOException {
        Path data = data(
                "{\"generated_answer\": \"a\", \"expected_answer\": \"a\"}",
                "{\"generated_answer\": \"b\", \"expected_answer\": \"b\"}",
                "{\"generated_answer\": \"c\", \"expected_answer\": ",
                "{\"generated_answer\": \"d\", \"expected_answer\": \"d\"}");

        assertThatThrownBy(() -> SparkEvals.run(TestSpark.session(), scoring(data, "bad")))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessageStartingWith(data + " row 2: not valid JSON: ");
        JsonNode results = Json.MAPPER.readTree(
                dir.resolve("bad").resolve(RunFiles.RESULTS).toFile());
        assertThat(results.get("status").asText()).isEqualTo("failed");
        assertThat(results.at("/error/message").asText()).startsWith(data + " row 2: not valid JSON: ");
    }

    @Test
    void aFolderHoldingALocalRunIsNotWrittenInto() throws IOException {
        Path data = data("{\"generated_answer\": \"a\", \"expected_answer\": \"a\"}");
        try (Evals evals = Evals.create()) {
            evals.evals().runScoring(scoring(data, "local"));
        }

        assertThatThrownBy(() -> SparkEvals.run(TestSpark.session(), scoring(data, "local")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the output folder " + dir.resolve("local") + " already holds a run that did not run on"
                        + " Spark; choose another folder, or remove it");
    }

    @Test
    void everySampleFailingFailsTheRunAndAStartAgainIntoItsFolderAsksOnlyTheFailedOnes() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger refusing = new AtomicInteger(1);
        Path data = data(
                "{\"input_query\": \"one\", \"expected_answer\": \"1\"}",
                "{\"input_query\": \"two\", \"expected_answer\": \"2\"}",
                "{\"input_query\": \"three\", \"expected_answer\": \"3\"}");
        try (FakeModelServer server = FakeModelServer.builder()
                .replyWith(r -> {
                    calls.incrementAndGet();
                    return refusing.get() == 1
                            ? Fault.error(400, "no such model", "invalid_request_error", "model", null)
                            : dev.evals4j.junit.server.Reply.answer(r.userText().equals("two") ? "2" : "?");
                })
                .start()) {
            EvalRequest request = EvalRequest.builder()
                    .dataset(DatasetDefinition.ofUri("data", data.toString()))
                    .processor(new PluginSpec("template", Map.of("prompt_template", "{input_query}")))
                    .generator(
                            new PluginSpec("openai-compatible", Map.of("base_url", server.baseUrl(), "model", "fake")))
                    .scorer("basic::equality")
                    .outputDir(dir.resolve("again"))
                    .build();
            SparkRunOptions options = SparkRunOptions.builder()
                    .partitions(2)
                    .run(RunOptions.builder().concurrency(2).build())
                    .build();

            assertThatThrownBy(() -> SparkEvals.run(TestSpark.session(), request, options))
                    .isInstanceOf(EvalException.class)
                    .hasMessageStartingWith("the run failed: every one of its 3 samples failed (the first: ")
                    .hasMessageEndingWith("; what it did is in " + dir.resolve("again") + " (\"error\" in the samples;"
                            + " run it again into that folder to try the failed samples again)");
            assertThat(calls).hasValue(3);
            JsonNode failed = Json.MAPPER.readTree(
                    dir.resolve("again").resolve(RunFiles.RESULTS).toFile());
            assertThat(failed.get("status").asText()).isEqualTo("failed");
            assertThat(failed.at("/scores_so_far/basic::equality/num_errors").asInt())
                    .isEqualTo(3);

            refusing.set(0);
            var result = SparkEvals.run(TestSpark.session(), request, options);

            assertThat(calls).hasValue(6);
            assertThat(result.score("basic::equality").metric("accuracy", "accuracy"))
                    .hasValue(1.0 / 3);
            JsonNode done = Json.MAPPER.readTree(
                    dir.resolve("again").resolve(RunFiles.RESULTS).toFile());
            assertThat(done.get("segments")).hasSize(2);

            // once more: everything is finished, the model is not asked again
            SparkEvals.run(TestSpark.session(), request, options);
            assertThat(calls).hasValue(6);

            assertThatThrownBy(() -> SparkEvals.run(
                            TestSpark.session(),
                            request.toBuilder().scorer("basic::subset_of").build(),
                            options))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("the run in " + dir.resolve("again") + " was started with scorers");
        }
    }
}
