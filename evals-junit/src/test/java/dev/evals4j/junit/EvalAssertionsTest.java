package dev.evals4j.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.core.Evals;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalAssertionsTest {
    @TempDir
    Path dir;

    private EvalResult capitals(List<Map<String, Object>> rows) {
        try (Evals evals = Evals.builder()
                .environment(Map.of())
                .cacheDir(dir.resolve("cache"))
                .build()) {
            return evals.evals()
                    .runScoring(EvalRequest.builder()
                            .dataset(DatasetDefinition.ofRows("capitals", rows))
                            .scorer(new SameAnswerScorer())
                            .outputDir(dir.resolve("run"))
                            .build());
        }
    }

    private static Map<String, Object> row(String question, String generated, String expected) {
        return Map.of("input_query", question, "generated_answer", generated, "expected_answer", expected);
    }

    private static final List<Map<String, Object>> ROWS = List.of(
            row("Capital of France?", "Paris", "Paris"),
            row("Capital of Japan?", "Kyoto", "Tokyo"),
            row("Capital of Canada?", "Toronto", "Ottawa"),
            row("Capital of Italy?", "Rome", "Rome"));

    @Test
    void aPassingAccuracySaysNothing() {
        EvalResult result = capitals(ROWS);

        EvalAssertions.assertThat(result)
                .hasNoErrors()
                .scorer("test::same")
                .accuracy()
                .isAtLeast(0.5)
                .isAtMost(0.5);
        assertThat(EvalAssertions.assertThat(result)
                        .scorer("test::same")
                        .accuracy()
                        .value())
                .isEqualTo(0.5);
    }

    @Test
    void aMissedThresholdNamesTheMetricItsIntervalTheThresholdTheWorstSamplesAndTheFolder() {
        EvalResult result = capitals(ROWS);
        Path run = dir.resolve("run").toAbsolutePath();

        assertThatThrownBy(() -> EvalAssertions.assertThat(result)
                        .scorer("test::same")
                        .accuracy()
                        .isAtLeast(0.9))
                .isInstanceOf(AssertionError.class)
                .hasMessage(
                        """
                        test::same accuracy is 0.5000 (95%% interval [0.1500, 0.8500], 4 rows, 0 errors, 0 unscored); \
                        expected at least 0.9000
                        The 2 lowest-scoring samples of 4:
                          #1  score 0.0000
                              input:     Capital of Japan?
                              expected:  Tokyo
                              generated: Kyoto
                          #2  score 0.0000
                              input:     Capital of Canada?
                              expected:  Ottawa
                              generated: Toronto

                        The run's files: %s (results.json, samples.jsonl)"""
                                .formatted(run));
    }

    @Test
    void theIntervalsLowerBoundIsCheckedApart() {
        EvalResult result = capitals(ROWS);

        assertThatThrownBy(() -> EvalAssertions.assertThat(result)
                        .scorer("test::same")
                        .accuracy()
                        .lowerBound95()
                        .isAtLeast(0.4))
                .hasMessageStartingWith("test::same accuracy is 0.5000 (95% interval [0.1500, 0.8500], 4 rows, 0"
                        + " errors, 0 unscored); its 95% interval's lower bound 0.1500 is under 0.4000: with 4 rows"
                        + " the run cannot show it is at least 0.4000 (more rows narrow the interval)\n");
    }

    @Test
    void scorerErrorsAndUnknownScorersAndMetricsAreReported() {
        EvalResult result = capitals(List.of(row("a", "a", "a"), row("b", "boom", "b")));

        assertThatThrownBy(() ->
                        EvalAssertions.assertThat(result).scorer("test::same").hasNoErrors())
                .hasMessageContaining("test::same failed on 1 rows, expected at most 0\n")
                .hasMessageContaining("#1  scorer error: the scorer failed on purpose");
        assertThatThrownBy(() -> EvalAssertions.assertThat(result).scorer("basic::equality"))
                .hasMessageStartingWith("the run has no scorer 'basic::equality'; it has test::same\n");
        assertThatThrownBy(() ->
                        EvalAssertions.assertThat(result).scorer("test::same").average())
                .hasMessageStartingWith("test::same has no aggregation 'average'; it has accuracy (choose them with"
                        + " ScorerSpec.withAggregations)");
    }
}
