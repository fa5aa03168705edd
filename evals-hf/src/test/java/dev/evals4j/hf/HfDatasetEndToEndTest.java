package dev.evals4j.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.RowPage;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.plugins.PluginKind;
import dev.evals4j.core.plugins.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An eval on an {@code hf://} dataset, from registration to results on disk, against the fake Hub. */
class HfDatasetEndToEndTest {
    @TempDir
    Path dir;

    final FakeHub fake = new FakeHub();

    @AfterEach
    void stop() {
        fake.close();
    }

    /** {@code test::same}: exact equality of texts; a fake, since evals-scorers is not a dependency here. */
    static final class SameScorer implements BaseScorer {
        @Override
        public String id() {
            return "test::same";
        }

        @Override
        public String description() {
            return "exact equality (test fake)";
        }

        @Override
        public ScoreResult score(ScorerInputSample sample) {
            return ScoreResult.correct(
                    sample.expectedTexts().stream().anyMatch(e -> Objects.equals(e, sample.generatedText())));
        }
    }

    /** An instance whose discovered hf plugin reads through the Hub client of the instance's environment. */
    Evals evals() {
        return Evals.builder()
                .plugins(PluginRegistry.builder().register(new SameScorer()).build())
                .environment(Map.of("HF_ENDPOINT", fake.endpoint()))
                .cacheDir(dir.resolve("evals4j-cache"))
                .build();
    }

    void publishQaExport() {
        fake.publishQaExport();
    }

    @Test
    void scoresAnHfDatasetRegisteredThroughTheDatasetsApi() throws IOException {
        publishQaExport();
        Evals evals = evals();
        evals.datasets().register(DatasetDefinition.ofUri("qa", "hf://datasets/llamastack/evals-qa?split=test"));
        Path out = dir.resolve("run");

        EvalResult result = evals.evals()
                .runScoring(EvalRequest.builder()
                        .dataset("qa")
                        .scorer("test::same")
                        .outputDir(out)
                        .build());

        assertThat(result.score("test::same").metric("accuracy", "accuracy")).hasValue(0.6);
        JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertThat(results.at("/scores/test::same/num_rows").asInt()).isEqualTo(5);
        List<String> journal = Files.readAllLines(out.resolve("samples.jsonl"));
        assertThat(journal).hasSize(5);
        // workers append lines in the order samples finish: find the last row by its index
        JsonNode last = null;
        for (String line : journal) {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node.get("index").asInt() == 4) {
                last = node;
            }
        }
        assertThat(last).isNotNull();
        assertThat(last.at("/row/meta/difficulty").asInt()).isEqualTo(5);
    }

    @Test
    void pagesRowsOfLlamaStacksHuggingfaceUriWithRenamedColumns() {
        publishQaExport();
        Evals evals = evals();
        evals.datasets()
                .register(DatasetDefinition.ofUri("qa", "huggingface://datasets/llamastack/evals-qa?split=test")
                        .withRenamedColumns(Map.of("input_query", "question")));

        RowPage page = evals.datasets().iterRows("qa", 3, 10);

        assertThat(page.data())
                .extracting(r -> r.get("question"))
                .containsExactly(
                        "What is the currency of Japan?",
                        "What is the boiling point of water at sea level in Celsius?");
    }

    @Test
    void theHfPluginIsDiscoveredThroughServiceLoader() {
        PluginRegistry discovered = PluginRegistry.builder().build();

        assertThat(discovered.ids(PluginKind.DATASET)).contains("hf");
        assertThat(discovered.datasetFor(dev.evals4j.api.DatasetSource.uri("huggingface://datasets/a/b")))
                .isInstanceOf(HfDataset.class);
        assertThatThrownBy(() -> new HfDataset()
                        .open(new dev.evals4j.api.DatasetSource.Uri("hf://datasets/a/b", java.util.Optional.of("csv"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "a format does not apply to hf://datasets/a/b: a Hub dataset's format comes from its files");
    }
}
