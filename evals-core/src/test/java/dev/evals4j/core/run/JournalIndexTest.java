package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.EvalException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.Usage;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.results.ScoreRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What resume reads back from a journal: long lines, torn lines, the last line of a key. */
class JournalIndexTest {
    private static final List<String> SCORERS = List.of("test::exact", "test::judge");

    @TempDir
    Path dir;

    private static byte[] line(long index, String answer, ScoreResult score) {
        byte[] json = RunFiles.sampleLine(new SampleRecord(
                index,
                null,
                Map.of("generated_answer", answer),
                null,
                null,
                answer,
                "x",
                Map.of(
                        "test::exact",
                        ScoreRow.of(score),
                        "test::judge",
                        ScoreRow.of(ScoreResult.of(0.5).withJudgeUsage(new Usage(9, 1)))),
                null));
        byte[] out = Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    private Path journal(byte[]... lines) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            all.write(l);
        }
        Path file = dir.resolve("samples.jsonl");
        Files.write(file, all.toByteArray());
        return file;
    }

    @Test
    void aScoreGivenWithoutAnAnswerIsReadBackAsOne() throws IOException {
        Path file = journal(
                line(0, "", ScoreResult.correct(false).withDetails(Map.of(ScoreResult.NO_ANSWER, true))),
                line(1, "b", ScoreResult.correct(true).withDetails(Map.of(ScoreResult.NO_ANSWER, false))),
                line(2, "", ScoreResult.unscored("no verdict").withDetails(Map.of(ScoreResult.NO_ANSWER, true))));

        JournalIndex index = JournalIndex.read(file, SCORERS, 1);

        assertThat(index.finished(0, 0).orElseThrow().scores().get("test::exact"))
                .hasValueSatisfying(s -> assertThat(s.noAnswer()).isTrue());
        assertThat(index.finished(1, 0).orElseThrow().scores().get("test::exact"))
                .hasValueSatisfying(s -> assertThat(s.noAnswer()).isFalse());
        assertThat(index.finished(2, 0).orElseThrow().scores().get("test::exact"))
                .hasValueSatisfying(s -> assertThat(s.noAnswer()).isTrue());
        assertThat(index.finished(0, 0).orElseThrow().scores().get("test::judge"))
                .hasValueSatisfying(s -> assertThat(s.noAnswer()).isFalse());
    }

    @Test
    void aLineLongerThanJacksonsDefaultLimitIsReadBack() throws IOException {
        String huge = "ä".repeat(25_000_000); // a 25 MB cell, as CSV allows; 50 MB of UTF-8
        Path file = journal(line(0, huge, ScoreResult.correct(true)), line(1, "b", ScoreResult.correct(false)));

        JournalIndex index = JournalIndex.read(file, SCORERS, 1);

        assertThat(index.finished()).isEqualTo(2);
        assertThat(index.finished(0, 0).orElseThrow().scores().get("test::exact"))
                .hasValue(ScoreResult.correct(true));
        assertThat(index.finished(0, 0)
                        .orElseThrow()
                        .scores()
                        .get("test::judge")
                        .orElseThrow()
                        .judgeUsage())
                .hasValue(new Usage(9, 1));
        try (Stream<SampleRecord> samples = RunFiles.readSamples(dir)) {
            assertThat(samples.map(s -> ((String) s.generatedAnswer()).length()))
                    .containsExactly(25_000_000, 1);
        }
    }

    @Test
    void aLastLineTornInsideAUtf8CharacterIsDroppedAndCutFromTheFile() throws IOException {
        byte[] whole = line(0, "a", ScoreResult.correct(true));
        byte[] torn = line(1, "Zürich", ScoreResult.correct(true));
        int cut = new String(torn, StandardCharsets.UTF_8).indexOf('ü') + 1; // inside the two bytes of ü
        Path file = journal(whole, Arrays.copyOf(torn, cut));

        JournalIndex index = JournalIndex.read(file, SCORERS, 1);

        assertThat(index.finished()).isEqualTo(1);
        assertThat(index.finished(1, 0)).isEmpty();
        assertThat(Files.size(file)).isEqualTo(whole.length);
    }

    @Test
    void aTornLastLineOfAnyKindIsDroppedButABadLineElsewhereStopsTheResume() throws IOException {
        byte[] good = line(0, "a", ScoreResult.correct(true));
        Path file = journal(good, "{\"index\": 1, \"row\": {\"a\"".getBytes(StandardCharsets.UTF_8));
        assertThat(JournalIndex.read(file, SCORERS, 1).finished()).isEqualTo(1);
        assertThat(Files.size(file)).isEqualTo(good.length);

        Path broken = journal(good, "{oops}\n".getBytes(StandardCharsets.UTF_8), good);
        assertThatThrownBy(() -> JournalIndex.read(broken, SCORERS, 1))
                .isInstanceOf(EvalException.class)
                .hasMessageStartingWith(broken + " line 2 is not valid JSON, so the run cannot be resumed safely: ");
    }

    @Test
    void theLastLineOfASampleWinsAndFailuresAreNotFinished() throws IOException {
        byte[] failed = RunFiles.sampleLine(new SampleRecord(
                2,
                null,
                Map.of(),
                null,
                null,
                null,
                null,
                Map.of(),
                new dev.evals4j.core.results.ErrorRecord("X", "y")));
        Path file = journal(
                line(0, "a", ScoreResult.correct(false)),
                line(0, "a", ScoreResult.category("A")),
                Arrays.copyOf(failed, failed.length + 1));
        file.toFile().setWritable(true);
        Files.write(file, new byte[] {'\n'}, java.nio.file.StandardOpenOption.APPEND);

        JournalIndex index = JournalIndex.read(file, SCORERS, 1);

        assertThat(index.finished(0, 0).orElseThrow().scores().get("test::exact"))
                .hasValue(ScoreResult.category("A"));
        assertThat(index.finished(2, 0)).isEmpty();
        assertThat(index.finished()).isEqualTo(1);
    }
}
