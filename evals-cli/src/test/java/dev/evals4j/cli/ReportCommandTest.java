package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.core.results.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
    }

    @Test
    void writesTheThreeReportsIntoTheRunFolderAndSaysWhatTheyHold() throws IOException {
        Path run = dir.resolve("run");
        SyntheticRun.write(run, 200, 5);
        // the rule, counted from the journal: an error when the sample or a scorer failed, a pass when every
        // score is 1 or CORRECT (a right answer: its f1 is 1 and its grade CORRECT, or no grade), else a failure
        long errors;
        long passed;
        try (var samples = RunFiles.readSamples(run)) {
            var all = samples.toList();
            errors = all.stream()
                    .filter(s -> s.failed() || s.scores().values().stream().anyMatch(r -> r.error() != null))
                    .count();
            passed = all.stream()
                    .filter(s -> !s.failed()
                            && s.scores().get(SyntheticRun.JUDGE).error() == null
                            && Double.valueOf(1.0)
                                    .equals(s.scores().get(SyntheticRun.EQ).score()))
                    .count();
        }

        int code = run("report", run.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(run.resolve("report.html")).isRegularFile();
        assertThat(run.resolve("report.md")).isRegularFile();
        assertThat(run.resolve("junit.xml")).isRegularFile();
        assertThat(run).isDirectoryNotContaining("glob:**.tmp");
        assertThat(out.toString().lines().toList())
                .hasSize(4)
                .startsWith("200 samples: " + passed + " passed, " + (200 - passed - errors) + " failed, " + errors
                        + " errors, 0 skipped (only unscored)")
                .contains(
                        run.resolve("report.md").toString(),
                        run.resolve("junit.xml").toString());
        assertThat(out.toString().lines().toList().get(1)).matches(run.resolve("report.html") + " \\([0-9.]+ kB\\)");
        assertThat(Files.readString(run.resolve("junit.xml")))
                .contains("<testsuite name=\"evals4j geo-qa\" tests=\"200\" failures=\"" + (200 - passed - errors)
                        + "\" errors=\"" + errors + "\" skipped=\"0\"");
    }

    @Test
    void writesElsewhereWithOutAndTakesOtherPassingCategories() throws IOException {
        Path run = dir.resolve("run");
        SyntheticRun.write(run, 200, 5);
        // with INCORRECT the only passing grade, a right answer passes only when the judge gave no grade
        long rightAndUngraded;
        try (var samples = RunFiles.readSamples(run)) {
            rightAndUngraded = samples.filter(s -> !s.failed()
                            && Double.valueOf(1.0)
                                    .equals(s.scores().get(SyntheticRun.EQ).score())
                            && s.scores().get(SyntheticRun.JUDGE).unscored() != null)
                    .count();
        }

        int code = run(
                "report", run.toString(), "--out", dir.resolve("reports").toString(), "--pass-category", "incorrect");

        assertThat(code).as(err.toString()).isZero();
        assertThat(dir.resolve("reports").resolve("report.html")).isRegularFile();
        assertThat(run.resolve("report.html")).doesNotExist();
        assertThat(rightAndUngraded).isPositive();
        assertThat(out.toString())
                .startsWith("200 samples: " + rightAndUngraded + " passed, " + (198 - rightAndUngraded) + " failed, 2"
                        + " errors, 0 skipped");
    }

    @Test
    void aRunThatHasNotFinishedIsAUsageError() throws IOException {
        Files.createDirectories(dir.resolve("run"));

        assertThat(run("report", dir.resolve("run").toString())).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("evals: the folder " + dir.resolve("run") + " has no results.json; the run has not finished"
                        + System.lineSeparator());
    }

    @Test
    void aFolderThatIsNotThereIsAUsageErrorThatSaysSo() {
        assertThat(run("report", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("evals: there is no run folder " + dir.resolve("nope") + System.lineSeparator());
    }
}
