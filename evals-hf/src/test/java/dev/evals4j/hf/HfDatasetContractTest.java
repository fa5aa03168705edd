package dev.evals4j.hf;

import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.Evals;
import dev.evals4j.junit.kit.DatasetContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hf}, on the fake Hub's {@link FakeHub#QA_REPO}: a repository whose 5 rows are in the Hub's Parquet export,
 * in two files, read through the Hub client of an instance whose environment points at the fake Hub.
 */
class HfDatasetContractTest extends DatasetContractTest {
    private final FakeHub hub = new FakeHub();
    private Evals evals;

    @TempDir
    Path cacheDir;

    HfDatasetContractTest() {
        hub.publishQaExport();
    }

    @AfterEach
    void stop() {
        if (evals != null) {
            evals.close();
        }
        hub.close();
    }

    @Override
    protected BaseDataset dataset() {
        return new HfDataset();
    }

    @Override
    protected PluginContext context() {
        evals = Evals.builder()
                .environment(Map.of("HF_ENDPOINT", hub.endpoint()))
                .cacheDir(cacheDir)
                .build();
        return evals.context();
    }

    @Override
    protected DatasetSource source() {
        return DatasetSource.uri("hf://datasets/" + FakeHub.QA_REPO + "?split=test");
    }

    @Override
    protected List<Map<String, Object>> expectedRows() {
        return List.of(
                row("What is the capital of France?", "Paris", "Paris", 1),
                row("Who is the CEO of Meta?", "Mark Zuckerberg", "Mark Zuckerberg", 2),
                row("What is the largest planet in our solar system?", "Saturn", "Jupiter", 3),
                row("What is the currency of Japan?", "Yen", "Yen", 4),
                row("What is the boiling point of water at sea level in Celsius?", "90", "100", 5));
    }

    private static Map<String, Object> row(String query, String generated, String expected, int difficulty) {
        return Map.of(
                "input_query",
                query,
                "generated_answer",
                generated,
                "expected_answer",
                expected,
                "meta",
                Map.of("source", "fixture", "difficulty", difficulty));
    }

    @Override
    protected Optional<DatasetSource> missingSource() {
        return Optional.of(DatasetSource.uri("hf://datasets/llamastack/no-such-dataset?split=test"));
    }
}
