package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.testing.CrashableRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a run in another JVM with SIGKILL while it writes its journal, resumes it, and compares. */
class CrashResumeIT {
    private static final int ROWS = 400;

    @TempDir
    Path dir;

    @Test
    void aRunKilledWithSigkillResumesToTheResultsOfAnUninterruptedRun() throws Exception {
        crashAndResume(ROWS, 20, 150, true);
    }

    /** Samples of microseconds, whose lines the workers write a batch at a time (SampleJournal.Group). */
    @Test
    void aRunOfQuickSamplesKilledWithSigkillResumesToTheResultsOfAnUninterruptedRun() throws Exception {
        crashAndResume(60_000, 0, 5_000, false);
    }

    /**
     * Runs {@code rows} questions (two epochs, {@code pauseMillis} a sample) in another JVM, kills it with SIGKILL once
     * its journal has {@code killAfter} lines, resumes the run here, and compares it with an uninterrupted one.
     */
    private void crashAndResume(int rows, long pauseMillis, long killAfter, boolean tryTheFolder) throws Exception {
        Path crashed = dir.resolve("crashed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashableRun.class.getName(),
                        Integer.toString(rows),
                        crashed.toString(),
                        // 20 ms a sample: the run takes about 2 s, long enough to still be going when the resume
                        // below is refused, even on a loaded machine
                        Long.toString(pauseMillis))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        Path journal = crashed.resolve("samples.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(journal) < killAfter && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(child.isAlive())
                .as("the run is still going when it is killed; log: %s", Files.readString(dir.resolve("child.log")))
                .isTrue();
        if (tryTheFolder) {
            // the folder belongs to the running process: a second run (here, a resume) is refused, naming it
            assertThatThrownBy(() -> CrashableRun.evals(0).evals().resume(crashed, RunOptions.defaults()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("the run folder " + crashed + " is in use by another run (process "
                            + child.pid() + ", started ")
                    .hasMessageEndingWith(
                            "; wait for it to end or stop it, then resume; two runs must not write one" + " folder");
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush; the lock goes with the process
        child.waitFor(10, TimeUnit.SECONDS);
        long before = lines(journal);
        assertThat(before).isBetween(killAfter, 2L * rows - 1);
        assertThat(crashed.resolve("results.json")).doesNotExist();

        EvalResult resumed = CrashableRun.evals(0).evals().resume(crashed, RunOptions.defaults());
        EvalResult whole = CrashableRun.evals(0).evals().runEvalTask(CrashableRun.request(rows, dir.resolve("whole")));

        assertThat(resumed.scores()).isEqualTo(whole.scores());
        assertThat(resumed.numSamples()).isEqualTo(rows);
        List<String> after = Files.readAllLines(journal);
        Set<String> keys = new HashSet<>();
        for (String line : after) {
            JsonNode node = Json.MAPPER.readTree(line);
            assertThat(keys.add(
                            node.get("index").asInt() + "/" + node.get("epoch").asInt()))
                    .as("no sample is counted twice")
                    .isTrue();
        }
        assertThat(keys).hasSize(2 * rows);
        assertThat(withoutTimes(crashed.resolve("results.json")))
                .isEqualTo(withoutTimes(dir.resolve("whole/results.json")));
        // both processes that worked on it are accounted for: the killed one up to its last write
        JsonNode segments =
                Json.MAPPER.readTree(crashed.resolve("results.json").toFile()).get("segments");
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0).get("pid").asLong()).isEqualTo(child.pid());
        assertThat(segments.get(0).get("status").asText()).isEqualTo("killed");
        // its count, written every few seconds, is completed from the journal (a torn last line is not counted)
        assertThat(segments.get(0).get("evaluations").asLong()).isBetween(before - 1, before);
        assertThat(segments.get(1).get("status").asText()).isEqualTo("completed");
        assertThat(segments.get(1).get("evaluations").asLong()).isBetween(2L * rows - before, 2L * rows - before + 1);
    }

    private static long lines(Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return 0;
        }
        try (var s = Files.lines(journal)) {
            return s.count();
        } catch (java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** The results without what differs between processes: the timings and the segments. */
    private static JsonNode withoutTimes(Path results) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode doc =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(results.toFile());
        doc.remove(List.of("timings", "segments"));
        return doc;
    }
}
