package dev.evals4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.core.plugins.PluginKind;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartsWithScorerTest {
    @TempDir
    Path dir;

    @Test
    void isDiscoveredThroughMetaInfServicesAndUsableByIdFromJava() {
        Evals evals = Evals.create();

        assertThat(evals.plugins().ids(PluginKind.SCORER)).contains("example::starts-with", "basic::equality");

        EvalResult result = evals.evals()
                .runScoring(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofUri("capitals", "data/capitals.csv"))
                        .scorer(ScorerSpec.of("example::starts-with").withParam("ignore_case", true))
                        .scorer("basic::equality")
                        .outputDir(dir.resolve("run"))
                        .build());

        // starts-with (ignoring case): Paris, Tokyo, Ottawa…, Brasília, berlin, Cairo, Seoul, Nairobi
        assertThat(result.score("example::starts-with").metric("accuracy", "accuracy"))
                .hasValue(8 / 12.0);
        assertThat(result.score("basic::equality").metric("accuracy", "accuracy"))
                .hasValue(6 / 12.0);
    }

    @Test
    void configuringLeavesTheDiscoveredInstanceCaseSensitive() {
        Evals evals = Evals.create();
        ScorerInputSample sample = ScorerInputSample.of("berlin", "Berlin");

        assertThat(evals.context()
                        .scorer("example::starts-with", Map.of("ignore_case", true))
                        .score(sample)
                        .numeric())
                .hasValue(1.0);
        assertThat(evals.context()
                        .scorer("example::starts-with", Map.of())
                        .score(sample)
                        .numeric())
                .hasValue(0.0);
    }
}
