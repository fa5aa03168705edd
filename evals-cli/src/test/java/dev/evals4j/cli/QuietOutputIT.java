package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.hf.FakeHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command in its own JVM, configured as users run it (Main.main and its logging configuration), prints nothing
 * alarming on stderr: no SLF4J notice about providers, no Hadoop warning about its native library when parquet-java
 * reads a Hub dataset's Parquet files (one of them gzip-compressed, which is what loads Hadoop's codecs).
 */
class QuietOutputIT {
    @TempDir
    Path dir;

    /** Runs {@code evals args} against the fake Hub; returns its stdout and stderr. */
    private List<String> evals(FakeHub hub, String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("HF_ENDPOINT", hub.endpoint());
        builder.environment().put("HF_HUB_CACHE", dir.resolve("hf").toString());
        builder.environment().put("EVALS4J_CACHE_DIR", dir.resolve("cache").toString());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(err)).isZero();
        return List.of(Files.readString(out), Files.readString(err));
    }

    @Test
    void readingAHubDatasetsParquetFilesPrintsNothingButTheDownloads() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            hub.publishQaExport();
            String uri = "hf://datasets/" + FakeHub.QA_REPO + "?split=test";

            List<String> head = evals(hub, "head", "datasets", "head", uri, "-n", "10");

            assertThat(head.get(0).lines()).hasSize(5);
            assertThat(head.get(1).lines()).hasSize(2).allSatisfy(line -> assertThat(line)
                    .startsWith("evals: downloaded "));

            List<String> score = evals(
                    hub,
                    "score",
                    "score",
                    "--dataset",
                    uri,
                    "--scorer",
                    "basic::equality",
                    "--output",
                    dir.resolve("run").toString());

            assertThat(score.get(0)).contains("basic::equality  accuracy  0.6000");
            assertThat(score.get(1)).isEmpty();
        }
    }
}
