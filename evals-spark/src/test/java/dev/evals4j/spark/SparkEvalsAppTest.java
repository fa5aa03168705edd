package dev.evals4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.spark.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application spark-submit starts: a request file in, a results folder and a summary out. */
class SparkEvalsAppTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SparkEvalsApp.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                TestSpark.session());
    }

    @Test
    void theRequestOfALocalRunsRunJsonRunsOnSparkWithTheSameResults() throws IOException {
        Path local = dir.resolve("local");
        try (Evals evals = Evals.create()) {
            evals.evals()
                    .runScoring(EvalRequest.builder()
                            .dataset(DatasetDefinition.ofUri(
                                    "capitals",
                                    Path.of("../evals-examples/data/capitals.csv")
                                            .toAbsolutePath()
                                            .toString()))
                            .scorer("basic::equality")
                            .scorer(ScorerSpec.of("basic::subset_of").withAggregations("accuracy", "median"))
                            .outputDir(local)
                            .build());
        }
        JsonNode run = Json.MAPPER.readTree(local.resolve(RunFiles.RUN).toFile());
        Path request = dir.resolve("eval.json");
        Json.MAPPER.writeValue(request.toFile(), run.get("request"));

        int code = run(
                "--request",
                request.toString(),
                "--output",
                dir.resolve("spark").toString(),
                "--partitions",
                "2");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("basic::equality accuracy 0.5000 (12 rows, 0 errors, 0 unscored)\n"
                        + "basic::subset_of accuracy 0.6667 (12 rows, 0 errors, 0 unscored)\n"
                        + "12 samples, 0 failed; results in " + dir.resolve("spark") + "\n");
        assertThat(Json.MAPPER
                        .readTree(dir.resolve("spark").resolve(RunFiles.RESULTS).toFile())
                        .get("scores"))
                .isEqualTo(Json.MAPPER
                        .readTree(local.resolve(RunFiles.RESULTS).toFile())
                        .get("scores"));
        // the whole run.json is a request file too
        assertThat(run(
                        "--request",
                        local.resolve(RunFiles.RUN).toString(),
                        "--output",
                        dir.resolve("again").toString()))
                .isZero();
    }

    @Test
    void aRequestWrittenByHandMayLeaveOutWhatHasADefault() throws IOException {
        Path request = dir.resolve("short.json");
        Files.writeString(
                request,
                "{\"dataset\": {\"id\": \"capitals\", \"uri\": \""
                        + Path.of("../evals-examples/data/capitals.csv").toAbsolutePath()
                        + "\"}, \"scorers\": [{\"id\": \"basic::equality\"}]}");

        assertThat(run(
                        "--request",
                        request.toString(),
                        "--output",
                        dir.resolve("short").toString()))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("basic::equality accuracy 0.5000 (12 rows, 0 errors, 0 unscored)\n");
    }

    @Test
    void aWrongCommandLineOrRequestIsAUsageError() throws IOException {
        assertThat(run("--request")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("evals-spark: --request needs a value\nusage: ");

        err.reset();
        assertThat(run("--request", "x.json", "--partitions", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("evals-spark: --partitions must be a whole number of at least 1, was '0'\n");

        err.reset();
        Path notARequest = dir.resolve("not.json");
        Files.writeString(notARequest, "{\"scorers\": []}");
        assertThat(run("--request", notARequest.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("evals-spark: " + notARequest + " is not a request");

        err.reset();
        Path typo = dir.resolve("typo.json");
        Files.writeString(
                typo,
                "{\"dataset\": {\"id\": \"d\", \"uri\": \"rows.jsonl\"}, \"limt\": 5,"
                        + " \"scorers\": [{\"id\": \"basic::equality\"}]}");
        assertThat(run("--request", typo.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("evals-spark: " + typo + ": unknown field \"limt\"; the fields there: benchmark, dataset,");

        err.reset();
        Files.writeString(
                typo,
                "{\"dataset\": {\"id\": \"d\", \"uri\": \"rows.jsonl\"},"
                        + " \"scorers\": [{\"id\": \"basic::equality\", \"agregations\": [\"median\"]}]}");
        assertThat(run("--request", typo.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("evals-spark: " + typo + ": unknown field \"agregations\" in scorers[0]; the fields there:"
                        + " aggregations, class, id, params");

        err.reset();
        Files.writeString(typo, "{\"dataset\": {\"id\": \"d\", \"uri\": \"rows.jsonl\"}, \"scorer\": []}");
        assertThat(run("--request", typo.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("evals-spark: " + typo + " is not a request (the \"request\" of a run.json): it has no"
                        + " \"scorers\"");

        err.reset();
        Path noScorer = dir.resolve("no-scorer.json");
        Files.writeString(noScorer, "{\"dataset\": {\"id\": \"d\", \"uri\": \"rows.jsonl\"}, \"scorers\": []}");
        assertThat(run("--request", noScorer.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("evals-spark: " + noScorer + " is not a request that can run: an eval request needs at"
                        + " least one scorer");

        err.reset();
        assertThat(run("--request", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("evals-spark: cannot read the request " + dir.resolve("missing.json")
                        + ": there is no such file");
    }
}
