package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.core.EvalsVersion;
import dev.evals4j.core.results.RequestRecord;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.results.ScoreRow;
import dev.evals4j.core.testing.ResumeRun;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resumes a scoring run of 1,000,000 rows whose journal holds all but the last 1,000, in a JVM with
 * {@code -Xmx256m}: the journal is read into a compact index, not kept line by line.
 */
class ResumeMemoryIT {
    private static final int ROWS = 1_000_000;
    private static final int DONE = ROWS - 1_000;

    @TempDir
    Path dir;

    @Test
    void aMillionLineJournalResumesIn256Megabytes() throws Exception {
        Path data = dir.resolve("answers.csv");
        long correct = 0;
        try (BufferedWriter w = Files.newBufferedWriter(data)) {
            w.write("generated_answer,expected_answer\n");
            for (int i = 0; i < ROWS; i++) {
                String generated = "answer " + (i % 7);
                String expected = "answer " + (i % 5);
                correct += generated.equals(expected) ? 1 : 0;
                w.write(generated + "," + expected + "\n");
            }
        }
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        EvalRequest request = EvalRequest.builder()
                .dataset(DatasetDefinition.ofUri("answers", data.toString()))
                .scorer("test::exact")
                .outputDir(run)
                .build();
        RunFiles.writeRun(
                run,
                new RunFile(
                        EvalsVersion.get(),
                        RunFile.SCORING,
                        RequestRecord.of(request, request.datasetDefinition().orElseThrow())));
        try (OutputStream out =
                new BufferedOutputStream(Files.newOutputStream(run.resolve(RunFiles.SAMPLES)), 1 << 20)) {
            for (int i = 0; i < DONE; i++) {
                String generated = "answer " + (i % 7);
                String expected = "answer " + (i % 5);
                out.write(RunFiles.sampleLine(new SampleRecord(
                        i,
                        null,
                        Map.of("generated_answer", generated, "expected_answer", expected),
                        null,
                        null,
                        generated,
                        expected,
                        Map.of("test::exact", ScoreRow.of(ScoreResult.correct(generated.equals(expected)))),
                        null)));
                out.write('\n');
            }
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ResumeRun.class.getName(),
                        run.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String log = Files.readString(dir.resolve("child.log"));

        assertThat(child.exitValue()).as("exit code; log: %s", log).isZero();
        assertThat(log).contains("samples=" + ROWS + " accuracy=" + (double) correct / ROWS);
        try (var lines = Files.lines(run.resolve(RunFiles.SAMPLES))) {
            assertThat(lines.count()).isEqualTo(ROWS);
        }
    }
}
