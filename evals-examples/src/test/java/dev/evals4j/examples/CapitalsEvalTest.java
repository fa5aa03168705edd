package dev.evals4j.examples;

import static dev.evals4j.junit.EvalAssertions.assertThat;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.junit.EvalsTest;
import dev.evals4j.junit.server.DatasetAnswers;
import dev.evals4j.junit.server.FakeModelServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An eval as a JUnit test: the capitals dataset asked of a model — here evals-junit's fake model server, which gets 3
 * of the 12 questions wrong — scored, and checked with a threshold on the accuracy and on its interval. The run is
 * kept in {@code target/evals/dev.evals4j.examples.CapitalsEvalTest/<test>/}.
 */
@EvalsTest
class CapitalsEvalTest {
    private static final Path CAPITALS = Path.of("data/capitals.csv");

    private FakeModelServer model;

    @BeforeEach
    void startTheModel() {
        model = FakeModelServer.builder()
                .answersFrom(DatasetAnswers.builder()
                        .file(CAPITALS)
                        .wrongShare(0.25)
                        .seed(1)
                        .build())
                .start();
    }

    @AfterEach
    void stopTheModel() {
        model.close();
    }

    private EvalResult askTheModel(Evals evals) {
        return evals.evals()
                .runEvalTask(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofUri("capitals", CAPITALS.toString()))
                        .processor(new PluginSpec(
                                "template",
                                Map.of(
                                        "system",
                                        "Answer with the name of the city only.",
                                        "prompt_template",
                                        "{input_query}")))
                        .generator(new PluginSpec(
                                "openai-compatible",
                                Map.of("base_url", model.baseUrl(), "model", "fake", "temperature", 0)))
                        .scorer("basic::equality")
                        .scorer("example::starts-with")
                        .build());
    }

    @Test
    void answersMostCapitals(Evals evals) {
        EvalResult result = askTheModel(evals);

        assertThat(result).hasNoErrors();
        assertThat(result).scorer("basic::equality").accuracy().isAtLeast(0.7);
        assertThat(result)
                .scorer("example::starts-with")
                .accuracy()
                .lowerBound95()
                .isAtLeast(0.4);
    }
}
