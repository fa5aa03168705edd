package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evals list}, {@code evals score --task} and its errors. */
class TaskCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(
                args,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.of("EVALS4J_CACHE_DIR", dir.resolve("cache").toString()));
    }

    /** Three rows in the shape of TIGER's published MMLU-Pro outputs, zipped as they publish them. */
    private Path tigerLog() throws IOException {
        String json = "["
                + "{\"question_id\": 1, \"options\": [\"a\", \"b\", \"c\", \"d\"], \"answer\": \"B\", \"category\":"
                + " \"math\", \"generated_text\": \" So the answer is (B).\"},"
                + "{\"question_id\": 2, \"options\": [\"a\", \"b\", \"c\", \"d\"], \"answer\": \"D\", \"category\":"
                + " \"math\", \"generated_text\": \" I am not sure.\"},"
                + "{\"question_id\": 3, \"options\": [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\"],"
                + " \"answer\": \"A\", \"category\": \"law\", \"generated_text\": \" the answer is (C)\"}]";
        Path zip = dir.resolve("outputs.zip");
        try (OutputStream o = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("outputs.json"));
            z.write(json.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return zip;
    }

    @Test
    void listShowsTheTasksWithTheirVariants() {
        assertThat(run("list")).isEqualTo(0);
        assertThat(out.toString())
                .containsPattern("task +mmlu_pro +evals-tasks +MMLU-Pro.*variants: published, corrected, harness,"
                        + " best_answer")
                .containsPattern(
                        "task +gsm8k +evals-tasks +.*variants: strict, flexible, cot, openai, zeroeval," + " numeric");
    }

    @Test
    void scoresALogWithATaskPrintingTheBreakdownAndTheNoAnswerRate() throws IOException {
        Path output = dir.resolve("published");
        int code =
                run("score", "--task", "mmlu_pro", "--dataset", tigerLog().toString(), "--output", output.toString());

        assertThat(code).as(err.toString()).isEqualTo(0);
        // row 2 has no answer: the constant guess for 4 options is D (index 3), which is right
        assertThat(out.toString())
                .contains("NO ANSWER")
                .contains("1 (33.33%)")
                .contains("answer::match by category:")
                .containsPattern("\\(micro average\\) +0\\.6667")
                .containsPattern("\\(macro average\\) +0\\.5000");
        JsonNode results =
                new ObjectMapper().readTree(output.resolve("results.json").toFile());
        assertThat(results.at("/benchmark/variant").asText()).isEqualTo("published");
        assertThat(results.at("/scores/answer::match/num_no_answer").asInt()).isEqualTo(1);

        out.getBuffer().setLength(0);
        assertThat(run(
                        "score",
                        "--task",
                        "mmlu_pro",
                        "--variant",
                        "harness",
                        "--dataset",
                        tigerLog().toString(),
                        "--output",
                        dir.resolve("harness").toString()))
                .isEqualTo(0);
        assertThat(out.toString()).containsPattern("\\(micro average\\) +0\\.3333");
    }

    @Test
    void anUnknownVariantOrAVariantWithoutATaskIsAUsageError() throws IOException {
        assertThat(run(
                        "score",
                        "--task",
                        "mmlu_pro",
                        "--variant",
                        "lenient",
                        "--dataset",
                        tigerLog().toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString())
                .contains("unknown variant 'lenient' of the task mmlu_pro; its variants: published, corrected,"
                        + " harness, best_answer");
        assertThat(run("score", "--variant", "harness", "--dataset", tigerLog().toString(), "--scorer", "x::y"))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--variant needs --task");
    }
}
