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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same rows, however Spark gets them — CSV, Parquet, inline, a caller's Dataset — give the local run's results. */
class SparkInputsTest {
    @TempDir
    Path dir;

    private static final Path CAPITALS = Path.of("../evals-examples/data/capitals.csv");

    private static EvalRequest request(DatasetDefinition dataset, Path out) {
        return EvalRequest.builder()
                .dataset(dataset)
                .scorer("basic::equality")
                .scorer(ScorerSpec.of("basic::subset_of").withAggregations("accuracy", "categorical_count"))
                .outputDir(out)
                .build();
    }

    private static Path local(EvalRequest request) {
        try (Evals evals = Evals.create()) {
            return evals.evals().runScoring(request).outputDir();
        }
    }

    private static JsonNode json(Path file) throws IOException {
        return Json.MAPPER.readTree(file.toFile());
    }

    private void assertSameRun(DatasetDefinition dataset) throws IOException {
        Path local = local(request(dataset, dir.resolve("local")));
        Path spark = SparkEvals.run(TestSpark.session(), request(dataset, dir.resolve("spark")))
                .outputDir();

        assertThat(json(spark.resolve(RunFiles.RESULTS)).get("scores"))
                .isEqualTo(json(local.resolve(RunFiles.RESULTS)).get("scores"));
        assertThat(SparkScoringTest.samples(spark)).isEqualTo(SparkScoringTest.samples(local));
    }

    @Test
    void csvCellsAreReadAsTheLocalReaderReadsThem() throws IOException {
        assertSameRun(DatasetDefinition.ofUri("capitals", CAPITALS.toString()));
    }

    @Test
    void aCsvWithAByteOrderMarkQuotedNewlinesAndEmptyCellsReadsAsLocally() throws IOException {
        Path csv = dir.resolve("tricky.csv");
        Files.write(
                csv,
                ("\uFEFFquestion,gold,model_answer,note\n"
                                + "\"Capital of France, please\",Paris,Paris,\n"
                                + "\"Two\nlines\",\"[\"\"Bern\"\", \"\"Berne\"\"]\",Berne,\"\"\n"
                                + "Quotes,\"say \"\"hi\"\"\",\"say \"\"hi\"\"\",x\n"
                                + "Empty,,,\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertSameRun(DatasetDefinition.ofUri("tricky", csv.toString())
                .withRenamedColumns(Map.of("gold", "expected_answer", "model_answer", "generated_answer")));
    }

    @Test
    void inlineRowsAreReadOnTheDriver() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(Map.of(
                    "generated_answer", i % 4 == 0 ? "no" : "yes " + i,
                    "expected_answer", i % 7 == 0 ? List.of("yes " + i, "oui") : "yes " + i,
                    "n", i));
        }
        assertSameRun(DatasetDefinition.ofRows("inline", rows));
    }

    @Test
    void parquetAndACallersDatasetGiveTheAggregatesOfTheirRows() throws IOException {
        SparkSession spark = TestSpark.session();
        Path jsonl = dir.resolve("rows.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("expected_answer", "a" + (i % 11));
            row.put("generated_answer", i % 3 == 0 ? "b" : "a" + (i % 11));
            row.put("n", i);
            lines.add(Json.write(row));
        }
        Files.write(jsonl, lines);
        Path parquet = dir.resolve("rows.parquet");
        spark.read().json(jsonl.toString()).coalesce(1).write().parquet(parquet.toString());
        JsonNode expected = json(local(request(DatasetDefinition.ofUri("rows", jsonl.toString()), dir.resolve("local")))
                        .resolve(RunFiles.RESULTS))
                .get("scores");

        Path fromParquet = SparkEvals.run(
                        spark, request(DatasetDefinition.ofUri("rows", parquet.toString()), dir.resolve("parquet")))
                .outputDir();
        Dataset<Row> given = spark.read().json(jsonl.toString()).repartition(3);
        Path fromDataset = SparkEvals.run(
                        given,
                        EvalRequest.builder()
                                .dataset("rows")
                                .scorer("basic::equality")
                                .scorer(ScorerSpec.of("basic::subset_of")
                                        .withAggregations("accuracy", "categorical_count"))
                                .outputDir(dir.resolve("given"))
                                .build(),
                        SparkRunOptions.defaults())
                .outputDir();

        assertThat(json(fromParquet.resolve(RunFiles.RESULTS)).get("scores")).isEqualTo(expected);
        assertThat(json(fromDataset.resolve(RunFiles.RESULTS)).get("scores")).isEqualTo(expected);
        assertThat(json(fromDataset.resolve(RunFiles.RUN))
                        .at("/request/dataset/uri")
                        .asText())
                .isEqualTo("dataframe:rows");
    }

    @Test
    void aLimitAndARandomSampleTakeTheRowsALocalRunTakes() throws IOException {
        for (EvalRequest request : List.of(
                request(DatasetDefinition.ofUri("capitals", CAPITALS.toString()), dir.resolve("first")).toBuilder()
                        .limit(5)
                        .build(),
                request(DatasetDefinition.ofUri("capitals", CAPITALS.toString()), dir.resolve("drawn")).toBuilder()
                        .limit(7)
                        .sampleSeed(3)
                        .build())) {
            Path local = local(request.toBuilder()
                    .outputDir(request.outputDir()
                            .orElseThrow()
                            .resolveSibling(
                                    "local-" + request.outputDir().orElseThrow().getFileName()))
                    .build());
            Path spark = SparkEvals.run(TestSpark.session(), request).outputDir();

            assertThat(json(spark.resolve(RunFiles.RESULTS)).get("scores"))
                    .isEqualTo(json(local.resolve(RunFiles.RESULTS)).get("scores"));
            assertThat(SparkScoringTest.samples(spark)).isEqualTo(SparkScoringTest.samples(local));
        }
    }
}
