package dev.evals4j.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.core.Evals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The extension as a test suite sees it, run with JUnit's engine test kit. */
class EvalsExtensionTest {
    static final List<Path> FOLDERS = new CopyOnWriteArrayList<>();
    static final List<Object> ROWS = new CopyOnWriteArrayList<>();

    /** An eval written as tests; run by the test kit only (Surefire skips nested classes). */
    @EvalsTest
    static class CapitalsEval {
        @Test
        void scoresCapitals(Evals evals, @EvalsDir Path dir) {
            FOLDERS.add(dir);
            EvalResult result = evals.evals()
                    .runScoring(EvalRequest.builder()
                            .dataset(DatasetDefinition.ofRows(
                                    "capitals",
                                    List.of(
                                            Map.of("generated_answer", "Paris", "expected_answer", "Paris"),
                                            Map.of("generated_answer", "Kyoto", "expected_answer", "Tokyo"))))
                            .scorer(new SameAnswerScorer())
                            .build());
            FOLDERS.add(result.outputDir());
        }

        @ParameterizedTest
        @EvalDatasetSource("data:text/csv,input_query,expected_answer%0A2+2?,4%0A3+3?,6%0A")
        void eachRow(Map<String, Object> row) {
            ROWS.add(row);
        }

        @ParameterizedTest
        @EvalDatasetSource(value = "data:text/csv,q%0Aa%0Ab%0Ac%0A", limit = 2)
        void eachSample(DatasetSample sample) {
            ROWS.add(sample);
        }

        @ParameterizedTest
        @EvalDatasetSource({"data:text/csv,q%0Aa%0A", "data:text/csv,q%0Ab%0A"})
        void eachDataset(DatasetDefinition dataset) {
            ROWS.add(((dev.evals4j.api.DatasetSource.Uri) dataset.source()).uri());
        }
    }

    @Test
    void runsAreKeptUnderTargetEvalsAndTheirScoresReported() throws Exception {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(CapitalsEval.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.succeeded(7).failed(0));
        Path folder = EvalsExtension.root()
                .resolve(CapitalsEval.class.getName())
                .resolve("scoresCapitals")
                .toAbsolutePath();
        assertThat(FOLDERS).first().isEqualTo(folder);
        assertThat(FOLDERS.get(1).getParent()).isEqualTo(folder);
        assertThat(FOLDERS.get(1).resolve("results.json")).isRegularFile();
        List<ReportEntry> entries = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
                .toList();
        assertThat(entries).hasSize(1);
        Map.Entry<String, String> entry =
                entries.get(0).getKeyValuePairs().entrySet().iterator().next();
        assertThat(entry.getKey()).isEqualTo("evals." + FOLDERS.get(1).getFileName());
        assertThat(entry.getValue())
                .startsWith("completed, 2 samples, 0 errors; test::same accuracy 0.5000 [0.0945, 0.9055] (");
        assertThat(ROWS)
                .contains(Map.of("input_query", "2+2?", "expected_answer", "4"))
                .contains(new DatasetSample(1, Map.of("q", "b")))
                .doesNotContain(new DatasetSample(2, Map.of("q", "c")))
                .contains("data:text/csv,q%0Aa%0A", "data:text/csv,q%0Ab%0A");
        // the next run of the same test starts from an empty folder
        results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(CapitalsEval.class))
                .execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(7));
        try (var files = Files.list(folder)) {
            assertThat(files.filter(Files::isDirectory).count()).isEqualTo(1);
        }
        assertThat(results.allEvents().stream().map(Event::getType)).isNotEmpty();
    }
}
