package dev.evals4j.core.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalSample;
import dev.evals4j.core.Evals;
import dev.evals4j.core.datasets.InlineRowsDataset;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.reports.RunReport;
import dev.evals4j.core.scoring.PairedComparison;
import dev.evals4j.core.scoring.ScorerComparison;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose samples were written in parts (a Spark run) reads as one journal, wherever samples are read. */
class SamplePartsTest {
    @TempDir
    Path dir;

    private Path single;
    private Path parted;

    @BeforeEach
    void twoFoldersOfOneRun() throws IOException {
        List<Map<String, Object>> rows = IntStream.range(0, 9)
                .<Map<String, Object>>mapToObj(i -> Map.of(
                        "input_query",
                        "q" + i,
                        "generated_answer",
                        "a" + i,
                        "expected_answer",
                        i % 3 == 0 ? "x" : "a" + i))
                .toList();
        single = dir.resolve("single");
        try (Evals evals = TestEvals.with(PluginRegistry.builder()
                .discovery(false)
                .register(new ExactScorer())
                .register(new InlineRowsDataset())
                .build())) {
            evals.evals()
                    .runScoring(EvalRequest.builder()
                            .dataset(DatasetDefinition.ofRows("qa", rows))
                            .scorer("test::exact")
                            .outputDir(single)
                            .build());
        }
        // the same run, its journal cut in three parts: a file, a part's own run folder, a file
        parted = dir.resolve("parted");
        Path parts = parted.resolve(RunFiles.SAMPLE_PARTS);
        Files.createDirectories(parts.resolve("part-00001"));
        for (String file : List.of(RunFiles.RUN, RunFiles.RESULTS)) {
            Files.copy(single.resolve(file), parted.resolve(file));
        }
        List<String> lines = Files.readAllLines(single.resolve(RunFiles.SAMPLES));
        Files.write(parts.resolve("part-00000.jsonl"), lines.subList(0, 4));
        Files.write(parts.resolve("part-00001").resolve(RunFiles.SAMPLES), lines.subList(4, 6));
        Files.write(parts.resolve("part-00002.jsonl"), lines.subList(6, 9));
        Files.writeString(parts.resolve("_SUCCESS"), "");
        Files.writeString(parts.resolve(".part-00003.jsonl.crc"), "");
    }

    @Test
    void thePartsAreReadInTheOrderOfTheirNames() {
        Path parts = parted.resolve(RunFiles.SAMPLE_PARTS);

        assertThat(RunFiles.journals(parted))
                .containsExactly(
                        parts.resolve("part-00000.jsonl"),
                        parts.resolve("part-00001").resolve(RunFiles.SAMPLES),
                        parts.resolve("part-00002.jsonl"));
        assertThat(RunFiles.journals(single)).containsExactly(single.resolve(RunFiles.SAMPLES));
        assertThat(RunFiles.journals(dir)).isEmpty();
    }

    @Test
    void samplesOfPartsAreTheSamplesOfTheRun() {
        List<EvalSample> fromParts;
        List<EvalSample> fromOne;
        try (Stream<EvalSample> a =
                        RunFiles.readResults(parted).toEvalResult(parted).samples();
                Stream<EvalSample> b = RunFiles.readEvalSamples(single)) {
            fromParts = a.toList();
            fromOne = b.toList();
        }

        assertThat(fromParts).hasSize(9).isEqualTo(fromOne);
        assertThatThrownBy(() -> RunFiles.readSamples(dir))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the folder " + dir + " has no samples.jsonl");
    }

    @Test
    void aStreamStoppedEarlyClosesThePartItWasReading() {
        try (Stream<SampleRecord> samples = RunFiles.readSamples(parted)) {
            assertThat(samples.limit(5).map(SampleRecord::index)).hasSize(5);
        }
    }

    @Test
    void reportsOfPartsAreTheReportsOfTheRun() throws IOException {
        RunReport.create().write(parted, dir.resolve("report-parted"));
        RunReport.create().write(single, dir.resolve("report-single"));

        assertThat(Files.readString(dir.resolve("report-parted").resolve(RunReport.JUNIT))
                        .replace(parted.toString(), "RUN"))
                .isEqualTo(Files.readString(dir.resolve("report-single").resolve(RunReport.JUNIT))
                        .replace(single.toString(), "RUN"))
                .contains("tests=\"9\" failures=\"3\"");
    }

    @Test
    void aRunOfPartsComparesWithARunOfOneJournal() {
        ScorerComparison c = PairedComparison.create().compare(single, parted, "test::exact");

        assertThat(c.pairs().paired()).isEqualTo(9);
        assertThat(c.difference()).isZero();
    }
}
