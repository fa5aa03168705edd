package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evals score}: a run into a folder that holds one, and {@code --resume}. */
class ScoreCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int evals(String... args) {
        return Main.run(
                args,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.of("EVALS_JOBS_DIR", dir.resolve("jobs").toString()));
    }

    private int score(Path output) {
        return evals(
                "score",
                "--dataset",
                "../evals-examples/data/capitals.csv",
                "--scorer",
                "basic::equality",
                "--output",
                output.toString());
    }

    @Test
    void aKilledScoringRunIsResumedByItsFolderToTheResultsOfAWholeOne() throws IOException {
        Path whole = dir.resolve("whole");
        Path cut = dir.resolve("cut");
        assertThat(score(whole)).as(err.toString()).isZero();
        assertThat(score(cut)).as(err.toString()).isZero();
        // as a process killed after five rows leaves it: five lines, no results.json
        List<String> lines = Files.readAllLines(cut.resolve("samples.jsonl"));
        Files.write(cut.resolve("samples.jsonl"), lines.subList(0, 5));
        Files.delete(cut.resolve("results.json"));

        assertThat(evals("score", "--resume", "--output", cut.toString()))
                .as(err.toString())
                .isZero();

        assertThat(Files.readAllLines(cut.resolve("samples.jsonl"))).hasSameSizeAs(lines);
        JsonNode resumed = Json.MAPPER.readTree(cut.resolve("results.json").toFile());
        JsonNode expected = Json.MAPPER.readTree(whole.resolve("results.json").toFile());
        assertThat(resumed.get("scores")).isEqualTo(expected.get("scores"));
        assertThat(resumed.get("status").asText()).isEqualTo("completed");
        assertThat(out.toString()).contains("12 rows scored; results in " + cut);
    }

    @Test
    void aNewRunIntoTheFolderOfAnotherIsRefusedSayingHowToContinueIt() {
        Path output = dir.resolve("run");
        assertThat(score(output)).as(err.toString()).isZero();

        assertThat(score(output)).isEqualTo(2);
        assertThat(err.toString())
                .contains("evals: the output folder " + output + " already holds a run; continue it with --resume,"
                        + " choose another folder, or remove it");
    }

    @Test
    void resumeNeedsTheFolderAndNothingThatWouldDescribeAnotherRun() {
        Path output = dir.resolve("run");
        assertThat(score(output)).as(err.toString()).isZero();

        assertThat(evals("score", "--resume")).isEqualTo(2);
        assertThat(err.toString()).contains("evals: --resume needs --output: the folder of the run to continue");
        assertThat(evals("score", "--resume", "--output", output.toString(), "--scorer", "basic::subset_of"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("evals: --resume continues the run in " + output + " as it was started: give only --resume"
                        + " --output " + output);
    }

    @Test
    void rowsWithAnEmptyGroupAreShownAsTheEmptyGroup() throws IOException {
        Path data = dir.resolve("grouped.csv");
        Files.writeString(data, "generated_answer,expected_answer,topic\na,a,geo\nb,c,\nd,d,\n");

        assertThat(evals(
                        "score",
                        "--dataset",
                        data.toString(),
                        "--scorer",
                        "basic::equality",
                        "--group-by",
                        "topic",
                        "--output",
                        dir.resolve("run").toString()))
                .as(err.toString())
                .isZero();

        assertThat(out.toString()).containsPattern("\\(empty\\) +0\\.5000").containsPattern("geo +1\\.0000");
    }
}
