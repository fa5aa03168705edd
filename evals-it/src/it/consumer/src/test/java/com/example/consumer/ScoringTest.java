package com.example.consumer;

import static dev.evals4j.junit.EvalAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A scoring-only run over inline rows, with a built-in scorer and this project's own plugin found by discovery. */
class ScoringTest {

    @Test
    void scoresInlineRowsWithBuiltInAndOwnScorers() throws Exception {
        Path out = Path.of("target/runs/scoring");
        try (Evals evals = Evals.builder()
                .environment(Map.of())
                .cacheDir(Path.of("target/evals-cache"))
                .build()) {
            evals.datasets()
                    .register(DatasetDefinition.ofRows(
                            "answers",
                            List.of(
                                    Map.of("generated_answer", "Paris", "expected_answer", "Paris"),
                                    Map.of("generated_answer", "bern, the capital", "expected_answer", "Bern"),
                                    Map.of("generated_answer", "Lyon", "expected_answer", "Paris"))));

            EvalResult result = evals.evals()
                    .runScoring(EvalRequest.builder()
                            .dataset("answers")
                            .scorer("basic::equality")
                            .scorer(ScorerSpec.of("consumer::prefix").withParam("ignore_case", true))
                            .outputDir(out)
                            .build());

            assertThat(result).hasNoErrors();
            assertThat(result).scorer("basic::equality").accuracy().isCloseTo(1.0 / 3, 1e-9);
            assertThat(result).scorer("consumer::prefix").accuracy().isCloseTo(2.0 / 3, 1e-9);
        }
        assertThat(out.resolve("results.json")).isNotEmptyFile();
        assertThat(out.resolve("run.json")).isNotEmptyFile();
        assertThat(Files.readAllLines(out.resolve("samples.jsonl"))).hasSize(3);
    }
}
