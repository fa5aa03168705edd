package dev.evals4j.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.core.scoring.ScorerComparison;
import dev.evals4j.junit.server.DatasetAnswers;
import dev.evals4j.junit.server.FakeModelServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonAssertTest {
    private static final List<Map<String, Object>> ROWS = IntStream.range(0, 200)
            .<Map<String, Object>>mapToObj(
                    i -> Map.of("input_query", "What is " + i + " + 1?", "expected_answer", Integer.toString(i + 1)))
            .toList();

    @TempDir
    Path dir;

    /** A model that answers {@code wrongShare} of the questions wrong, which ones chosen by the seed. */
    private EvalResult run(String name, double wrongShare, long seed) {
        try (FakeModelServer server = FakeModelServer.builder()
                        .answersFrom(DatasetAnswers.builder()
                                .rows(ROWS)
                                .wrongShare(wrongShare)
                                .seed(seed)
                                .build())
                        .start();
                Evals evals = Evals.builder()
                        .environment(Map.of())
                        .cacheDir(dir.resolve("cache"))
                        .build()) {
            return evals.evals()
                    .runEvalTask(
                            EvalRequest.builder()
                                    .dataset(DatasetDefinition.ofRows("sums", ROWS))
                                    .processor(new PluginSpec("template", Map.of("prompt_template", "{input_query}")))
                                    .generator(new PluginSpec(
                                            "openai-compatible", Map.of("base_url", server.baseUrl(), "model", "fake")))
                                    .scorer(new SameAnswerScorer())
                                    .outputDir(dir.resolve(name))
                                    .build(),
                            RunOptions.builder().concurrency(8).build());
        }
    }

    @Test
    void aCandidateAsGoodAsTheBaselinePassesAWideMargin() {
        EvalResult baseline = run("baseline", 0.10, 1);
        EvalResult candidate = run("candidate", 0.10, 1);

        ScorerComparison c = EvalAssertions.assertThat(candidate)
                .comparedTo(baseline)
                .on("test::same")
                .isNotWorseBy(0.05)
                .isNotSignificantlyDifferent()
                .comparison();
        assertThat(c.difference()).isZero();
        assertThat(c.pValue()).isEqualTo(1.0);
        assertThat(c.pairs().paired()).isEqualTo(200);
    }

    @Test
    void aWorseCandidateFailsShowingTheTestTheIntervalAndTheSamplesThatFell() {
        EvalResult baseline = run("baseline", 0.10, 1);
        EvalResult candidate = run("candidate", 0.40, 2);

        assertThatThrownBy(() -> EvalAssertions.assertThat(candidate)
                        .comparedTo(baseline)
                        .on("test::same")
                        .isNotWorseBy(0.02))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("test::same accuracy 0.9000 -> 0.6000")
                .hasMessageContaining("McNemar")
                .hasMessageContaining(
                        "\nthe candidate may be worse than the baseline by more than 0.0200: the difference's 95%"
                                + " interval reaches -")
                .hasMessageContaining("Samples that scored lower in the candidate (5 of ")
                .hasMessageContaining("score 1.0000 -> 0.0000")
                .hasMessageContaining("      baseline:  ")
                .hasMessageContaining(
                        "The runs' files: baseline " + dir.resolve("baseline").toAbsolutePath());
        assertThatThrownBy(() -> EvalAssertions.assertThat(candidate)
                        .comparedTo(baseline)
                        .on("test::same")
                        .isNotSignificantlyDifferent())
                .hasMessageContaining("the runs differ: p = ");
    }

    @Test
    void aBetterCandidateIsBetter() {
        EvalResult baseline = run("baseline", 0.40, 2);
        EvalResult candidate = run("candidate", 0.05, 3);

        EvalAssertions.assertThat(candidate)
                .comparedTo(baseline)
                .on("test::same")
                .isBetter();
        assertThatThrownBy(() -> EvalAssertions.assertThat(baseline)
                        .comparedTo(candidate)
                        .on("test::same")
                        .isBetter())
                .hasMessageContaining("the candidate is not shown to be better than the baseline");
    }

    @Test
    void aScorerOnlyOneRunUsedCannotBeCompared() {
        EvalResult baseline = run("baseline", 0.10, 1);
        EvalResult candidate = run("candidate", 0.10, 1);

        assertThatThrownBy(() -> EvalAssertions.assertThat(candidate)
                        .comparedTo(baseline)
                        .on("basic::equality"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("cannot compare the runs on basic::equality: the scorer 'basic::equality' is"
                        + " not in both runs");
    }
}
