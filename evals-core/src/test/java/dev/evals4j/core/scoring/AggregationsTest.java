package dev.evals4j.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.core.text.PyText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregationsTest {
    private static Map<String, Object> aggregate(String name, List<ScoreResult> scores) {
        Aggregation.Accumulator a = Aggregations.of(name).newAccumulator();
        scores.forEach(a::add);
        return a.result();
    }

    private static List<ScoreResult> scores(double... values) {
        return java.util.Arrays.stream(values).mapToObj(ScoreResult::of).toList();
    }

    @Test
    void accuracyHasLlamaStacksKeysPlusAWilsonInterval() {
        Map<String, Object> result = aggregate("accuracy", scores(0, 1, 1, 0, 1));

        assertThat(result)
                .containsEntry("accuracy", 0.6)
                .containsEntry("num_correct", 3.0)
                .containsEntry("num_total", 5)
                .containsEntry("ci_method", "wilson");
        assertThat((double) result.get("stderr")).isCloseTo(Math.sqrt(0.24 / 4), within(1e-12));
        @SuppressWarnings("unchecked")
        List<Double> ci = (List<Double>) result.get("ci95");
        // Wilson 95% interval for 3/5
        assertThat(ci.get(0)).isCloseTo(0.230724, within(1e-6));
        assertThat(ci.get(1)).isCloseTo(0.882379, within(1e-6));
    }

    @Test
    void averageAddsAStudentTInterval() {
        Map<String, Object> result = aggregate("average", scores(0.2, 0.4, 0.9));

        assertThat((double) result.get("average")).isCloseTo(0.5, within(1e-12));
        double sd = Math.sqrt(((0.09) + (0.01) + (0.16)) / 2);
        assertThat((double) result.get("stderr")).isCloseTo(sd / Math.sqrt(3), within(1e-12));
        @SuppressWarnings("unchecked")
        List<Double> ci = (List<Double>) result.get("ci95");
        assertThat(ci.get(1) - 0.5).isCloseTo(4.302652729749464 * sd / Math.sqrt(3), within(1e-12));
        assertThat(result).containsEntry("ci_method", "t");
    }

    @Test
    void medianAndCategoricalCountMatchLlamaStack() {
        assertThat(aggregate("median", scores(0, 1, 1, 0, 1))).isEqualTo(Map.of("median", 1.0));
        assertThat(aggregate("median", scores(1, 4, 2, 3))).isEqualTo(Map.of("median", 2.5));
        assertThat(aggregate("categorical_count", scores(0, 1, 1, 0, 1)))
                .isEqualTo(Map.of("categorical_count", Map.of("0.0", 2L, "1.0", 3L)));
        assertThat(aggregate(
                        "categorical_count",
                        List.of(ScoreResult.category("B"), ScoreResult.category("A"), ScoreResult.category("B"))))
                .isEqualTo(Map.of("categorical_count", Map.of("A", 1L, "B", 2L)));
    }

    @Test
    void weightedAverageUsesTheWeightDetail() {
        List<ScoreResult> scores = List.of(
                ScoreResult.of(1.0).withDetails(Map.of("weight", 3)),
                ScoreResult.of(0.5).withDetails(Map.of("weight", 1)),
                ScoreResult.of(0.0).withDetails(Map.of("weight", 0)));

        assertThat(aggregate("weighted_average", scores)).isEqualTo(Map.of("weighted_average", 0.875));
    }

    @Test
    void numericAggregationsOfCategoriesSayWhyInsteadOfFailing() {
        assertThat(aggregate("accuracy", List.of(ScoreResult.category("A"))))
                .containsEntry("accuracy", null)
                .containsEntry("error", "1 of 1 scores are categories, not numbers; use categorical_count");
    }

    @Test
    void anUnknownAggregationListsTheKnownOnesAndAsksAboutTheNearest() {
        assertThatThrownBy(() -> Aggregations.of("total"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown aggregation function 'total'; known: accuracy, average, weighted_average, median,"
                        + " categorical_count, simpleqa");
        assertThatThrownBy(() -> Aggregations.of("acuracy"))
                .hasMessage("unknown aggregation function 'acuracy'; did you mean accuracy? Known: accuracy, average,"
                        + " weighted_average, median, categorical_count, simpleqa");
    }

    @Test
    void simpleqaGivesSimpleEvalsDerivedMetrics() {
        // 4 correct, 2 incorrect, 4 not attempted: simple-evals' is_correct 0.4, is_given_attempted 0.6,
        // accuracy_given_attempted 4/6, f1 = 2 * (2/3) * 0.4 / (2/3 + 0.4) = 0.5
        List<ScoreResult> grades = new java.util.ArrayList<>();
        for (String g : List.of(
                "CORRECT", "CORRECT", "CORRECT", "A", "INCORRECT", "B", "NOT_ATTEMPTED", "NOT_ATTEMPTED", "C", "C")) {
            grades.add(ScoreResult.category(g));
        }

        Map<String, Object> result = aggregate("simpleqa", grades);

        assertThat(result.keySet())
                .containsExactly(
                        "simpleqa",
                        "correct",
                        "incorrect",
                        "not_attempted",
                        "attempted",
                        "correct_given_attempted",
                        "f_score",
                        "num_total");
        assertThat((double) result.get("correct")).isCloseTo(0.4, within(1e-12));
        assertThat((double) result.get("incorrect")).isCloseTo(0.2, within(1e-12));
        assertThat((double) result.get("not_attempted")).isCloseTo(0.4, within(1e-12));
        assertThat((double) result.get("attempted")).isCloseTo(0.6, within(1e-12));
        assertThat((double) result.get("correct_given_attempted")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat((double) result.get("f_score")).isCloseTo(0.5, within(1e-12));
        assertThat(result.get("simpleqa")).isEqualTo(result.get("f_score"));
        assertThat(result).containsEntry("num_total", 10L);
    }

    @Test
    void simpleqaIsZeroWhenNothingWasAttemptedAndSaysWhatItLeftOut() {
        Map<String, Object> none = aggregate(
                "simpleqa",
                List.of(ScoreResult.category("NOT_ATTEMPTED"), ScoreResult.category("MAYBE"), ScoreResult.of(1)));

        assertThat(none)
                .containsEntry("simpleqa", 0.0)
                .containsEntry("correct_given_attempted", 0.0)
                .containsEntry("f_score", 0.0)
                .containsEntry("num_total", 1L)
                .containsEntry(
                        "error",
                        "2 of 3 scores are not CORRECT, INCORRECT or NOT_ATTEMPTED (nor A, B, C) and"
                                + " are left out");
        assertThat(aggregate("simpleqa", List.of()))
                .containsEntry("simpleqa", null)
                .containsEntry("num_total", 0L)
                .hasSize(2);
    }

    @Test
    void floatKeysAreWrittenAsPythonWritesThem() {
        assertThat(PyText.repr(1.0)).isEqualTo("1.0");
        assertThat(PyText.repr(0.5)).isEqualTo("0.5");
        assertThat(PyText.repr(1.0 / 3)).isEqualTo("0.3333333333333333");
        assertThat(PyText.repr(0.0001)).isEqualTo("0.0001");
        assertThat(PyText.repr(0.00001)).isEqualTo("1e-05");
        assertThat(PyText.repr(12345678.0)).isEqualTo("12345678.0");
        assertThat(PyText.repr(1e16)).isEqualTo("1e+16");
        assertThat(PyText.repr(-2.5e-7)).isEqualTo("-2.5e-07");
    }

    @Test
    void studentTQuantilesApproachTheNormal() {
        assertThat(Statistics.t975(1)).isCloseTo(12.7062, within(1e-4));
        assertThat(Statistics.t975(31)).isCloseTo(2.039513, within(1e-5));
        assertThat(Statistics.t975(100)).isCloseTo(1.983972, within(1e-5));
        assertThat(Statistics.t975(1_000_000)).isCloseTo(Statistics.Z_975, within(1e-5));
    }
}
