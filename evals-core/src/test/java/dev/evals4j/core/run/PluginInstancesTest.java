package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.Evals;
import dev.evals4j.core.datasets.InlineRowsDataset;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.processing.TemplateProcessor;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins passed as instances through the request: a lambda generator and a scorer object, end to end. */
class PluginInstancesTest {
    private static final List<Map<String, Object>> ROWS = List.of(
            Map.of("input_query", "paris", "expected_answer", "PARIS"),
            Map.of("input_query", "tokyo", "expected_answer", "TOKYO"),
            Map.of("input_query", "bern", "expected_answer", "Berne"));

    @TempDir
    Path dir;

    /** A scorer that counts the runs that close it; registered by id, a run configures it and must close it. */
    static final class ClosingScorer implements BaseScorer, AutoCloseable {
        static final AtomicInteger CLOSED = new AtomicInteger();
        private final boolean configured;

        public ClosingScorer() {
            this(false);
        }

        private ClosingScorer(boolean configured) {
            this.configured = configured;
        }

        @Override
        public String id() {
            return "test::closing";
        }

        @Override
        public String description() {
            return "counts closes (test fake)";
        }

        @Override
        public BaseScorer configure(Params params) {
            return new ClosingScorer(true);
        }

        @Override
        public ScoreResult score(ScorerInputSample sample) {
            return ScoreResult.correct(true);
        }

        @Override
        public void close() {
            if (configured) {
                CLOSED.incrementAndGet();
            }
        }
    }

    /** An instance scorer the caller owns, which a run must not close. */
    static final class OwnedScorer implements BaseScorer, AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public String id() {
            return "app::owned";
        }

        @Override
        public String description() {
            return "a scorer the caller made";
        }

        @Override
        public ScoreResult score(ScorerInputSample sample) {
            return ScoreResult.correct(sample.generatedText()
                    .equalsIgnoreCase(sample.expectedTexts().get(0)));
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private Evals evals() {
        return TestEvals.with(PluginRegistry.builder()
                .discovery(false)
                .register(new TemplateProcessor())
                .register(new InlineRowsDataset())
                .register(new ExactScorer())
                .register(new ClosingScorer())
                .build());
    }

    private EvalRequest.Builder request(Path out, OwnedScorer owned) {
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofRows("capitals", ROWS))
                .processor(PluginSpec.of("template"))
                .generator(sample -> GenerationResponse.of(sample.userText().toUpperCase(java.util.Locale.ROOT)))
                .scorer(owned)
                .scorer("test::exact")
                .scorer("test::closing")
                .outputDir(out);
    }

    @Test
    void aLambdaGeneratorAndAScorerInstanceRunEndToEndAndAreRecordedByClass() throws IOException {
        OwnedScorer owned = new OwnedScorer();
        int closedBefore = ClosingScorer.CLOSED.get();
        Path out = dir.resolve("run");

        EvalResult result = evals().evals().runEvalTask(request(out, owned).build());

        assertThat(result.score("app::owned").metric("accuracy", "accuracy")).hasValue(2 / 3.0);
        assertThat(result.score("test::exact").metric("accuracy", "accuracy")).hasValue(2 / 3.0);
        JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertThat(results.at("/generator/id").asText()).isEqualTo("function");
        assertThat(results.at("/generator/class").asText()).isEqualTo(PluginInstancesTest.class.getName() + "$$Lambda");
        assertThat(results.at("/scorers/0/id").asText()).isEqualTo("app::owned");
        assertThat(results.at("/scorers/0/class").asText()).isEqualTo(OwnedScorer.class.getName());
        assertThat(results.at("/scorers/1").has("class")).isFalse();
        assertThat(Files.readAllLines(out.resolve("samples.jsonl")))
                .anySatisfy(line -> assertThat(line).contains("\"generation\":{\"text\":\"PARIS\""));
        // the run closed what it configured by id, and left the caller's instance open
        assertThat(ClosingScorer.CLOSED.get()).isEqualTo(closedBefore + 1);
        assertThat(owned.closed.get()).isZero();
    }

    @Test
    void aRunWithInstancesIsResumedWithItsRequestNotByItsFolderAlone() throws IOException {
        Evals evals = evals();
        OwnedScorer owned = new OwnedScorer();
        Path out = dir.resolve("run");
        evals.evals().runEvalTask(request(out, owned).build());
        List<String> lines = Files.readAllLines(out.resolve("samples.jsonl"));
        Files.write(out.resolve("samples.jsonl"), lines.subList(0, 1)); // as if it stopped after one sample

        assertThatThrownBy(() -> evals.evals().resume(out, RunOptions.defaults()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the run in " + out + " used plugins passed as instances (app::owned: "
                        + OwnedScorer.class.getName() + ", function: " + PluginInstancesTest.class.getName()
                        + "$$Lambda), which its folder cannot bring back; resume it with"
                        + " evals.evals().resume(request, options), passing the same request");

        EvalResult resumed = evals.evals().resume(request(out, owned).build(), RunOptions.defaults());

        assertThat(resumed.numSamples()).isEqualTo(3);
        assertThat(Files.readAllLines(out.resolve("samples.jsonl"))).hasSize(3);
        assertThat(resumed.score("app::owned").metric("accuracy", "accuracy")).hasValue(2 / 3.0);
        assertThatThrownBy(
                        () -> evals.evals().resume(request(out, owned).limit(2).build(), RunOptions.defaults()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the run in " + out + " was started with limit -1, not 2; give the request that"
                        + " started it, or resume it by its folder alone");
    }
}
