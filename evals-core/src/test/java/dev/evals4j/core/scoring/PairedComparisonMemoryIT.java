package dev.evals4j.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.results.ScoreRow;
import dev.evals4j.core.testing.CompareRuns;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares two runs of 1,000,000 samples each in a JVM with {@code -Xmx256m}: the journals are streamed, and only a
 * score per sample is kept, not the lines.
 */
class PairedComparisonMemoryIT {
    private static final int SAMPLES = 1_000_000;
    private static final String EQ = "basic::equality";

    @TempDir
    Path dir;

    @Test
    void twoMillionSampleJournalsCompareIn256Megabytes() throws Exception {
        long both = 0;
        long baselineOnly = 0;
        long candidateOnly = 0;
        for (int i = 0; i < SAMPLES; i++) {
            boolean x = i % 3 != 0;
            boolean y = i % 4 != 0;
            both += x && y ? 1 : 0;
            baselineOnly += x && !y ? 1 : 0;
            candidateOnly += !x && y ? 1 : 0;
        }
        write(dir.resolve("a"), 3);
        write(dir.resolve("b"), 4);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CompareRuns.class.getName(),
                        dir.resolve("a").toString(),
                        dir.resolve("b").toString(),
                        EQ)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String log = Files.readString(dir.resolve("child.log"));

        assertThat(child.exitValue()).as("exit code; log: %s", log).isZero();
        assertThat(log)
                .contains("1000000 pairs")
                .contains("agreement=Agreement[both=" + both + ", baselineOnly=" + baselineOnly + ", candidateOnly="
                        + candidateOnly + ", neither=" + (SAMPLES - both - baselineOnly - candidateOnly) + "]");
    }

    /** A run whose sample i is right unless i is a multiple of {@code wrongEvery}. */
    private static void write(Path run, int wrongEvery) throws IOException {
        PairedComparisonTest.writeRun(run, "data/qa.csv", List.of(EQ), List.of());
        try (OutputStream out =
                new BufferedOutputStream(Files.newOutputStream(run.resolve(RunFiles.SAMPLES)), 1 << 20)) {
            for (int i = 0; i < SAMPLES; i++) {
                boolean right = i % wrongEvery != 0;
                out.write(RunFiles.sampleLine(new SampleRecord(
                        i,
                        null,
                        Map.of("input_query", "question " + i, "expected_answer", "answer " + i),
                        null,
                        null,
                        right ? "answer " + i : "something else",
                        "answer " + i,
                        Map.of(EQ, ScoreRow.of(ScoreResult.correct(right))),
                        null)));
                out.write('\n');
            }
        }
    }
}
