package dev.evals4j.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ScoreCountsTest {

    /** What an accumulator fed these scores one at a time gives. */
    private static Map<String, Object> accumulated(String name, List<ScoreResult> scores) {
        Aggregation.Accumulator a = Aggregations.of(name).newAccumulator();
        scores.forEach(a::add);
        return a.result();
    }

    /**
     * The counts of these scores as a distributed run merges them: each partition counts its own, the counts are
     * added by value, and the distinct values are given in ascending order.
     */
    private static ScoreCounts merged(List<ScoreResult> scores, int partitions) {
        List<TreeMap<Double, Long>> values = new ArrayList<>();
        List<TreeMap<Double, Long>> products = new ArrayList<>();
        List<TreeMap<Double, Long>> weights = new ArrayList<>();
        List<TreeMap<String, Long>> categories = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            values.add(new TreeMap<>());
            products.add(new TreeMap<>());
            weights.add(new TreeMap<>());
            categories.add(new TreeMap<>());
        }
        for (int i = 0; i < scores.size(); i++) {
            int p = i % partitions;
            ScoreResult s = scores.get(i);
            if (s instanceof ScoreResult.Numeric n) {
                double weight = Aggregations.weight(s);
                values.get(p).merge(n.value(), 1L, Long::sum);
                products.get(p).merge(n.value() * weight, 1L, Long::sum);
                weights.get(p).merge(weight, 1L, Long::sum);
            } else if (s instanceof ScoreResult.Categorical c) {
                categories.get(p).merge(c.category(), 1L, Long::sum);
            }
        }
        ScoreCounts.Builder b = ScoreCounts.builder();
        mergeInto(values).forEach(b::value);
        mergeInto(products).forEach(b::product);
        mergeInto(weights).forEach(b::weight);
        categories.forEach(m -> m.forEach(b::category));
        return b.build();
    }

    /** The partitions' counts added by value; a TreeMap of Double orders as Double.compare, -0.0 before 0.0. */
    private static TreeMap<Double, Long> mergeInto(List<TreeMap<Double, Long>> parts) {
        TreeMap<Double, Long> all = new TreeMap<>();
        parts.forEach(m -> m.forEach((v, n) -> all.merge(v, n, Long::sum)));
        return all;
    }

    private static void assertSameResults(List<ScoreResult> scores) {
        for (int partitions : new int[] {1, 3, 7}) {
            ScoreCounts counts = merged(scores, partitions);
            for (String name : Aggregations.names()) {
                assertThat(Aggregations.result(name, counts))
                        .as("%s over %d partitions", name, partitions)
                        .isEqualTo(accumulated(name, scores));
            }
        }
    }

    @Test
    void mergedCountsGiveTheAccumulatorsResultsToTheLastBit() {
        Random random = new Random(7);
        List<ScoreResult> continuous = new ArrayList<>();
        List<ScoreResult> binary = new ArrayList<>();
        List<ScoreResult> weighted = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            // values whose sums round differently in another order
            continuous.add(ScoreResult.of(random.nextDouble() * Math.pow(10, random.nextInt(12) - 6)));
            binary.add(ScoreResult.correct(random.nextInt(3) > 0));
            weighted.add(ScoreResult.of(random.nextInt(5) * 0.1)
                    .withDetails(Map.of("weight", random.nextInt(4) + random.nextDouble())));
        }
        continuous.add(ScoreResult.of(-0.0));
        continuous.add(ScoreResult.of(0.0));
        continuous.add(ScoreResult.of(-3.5));

        assertSameResults(continuous);
        assertSameResults(binary);
        assertSameResults(weighted);
    }

    @Test
    void categoriesCountAndSpoilNumericAggregationsAsTheAccumulatorsDo() {
        List<ScoreResult> mixed = new ArrayList<>();
        for (String c : List.of("CORRECT", "A", "INCORRECT", "NOT_ATTEMPTED", "C", "B", "maybe", "CORRECT")) {
            mixed.add(ScoreResult.category(c));
        }
        mixed.add(ScoreResult.of(1.0));
        mixed.add(ScoreResult.of(1e-5));

        assertSameResults(mixed);
        assertSameResults(mixed.subList(0, 8));
        assertThat(Aggregations.result("categorical_count", merged(mixed, 2)))
                .isEqualTo(Map.of(
                        "categorical_count",
                        new TreeMap<>(Map.of(
                                "1.0",
                                1L,
                                "1e-05",
                                1L,
                                "A",
                                1L,
                                "B",
                                1L,
                                "C",
                                1L,
                                "CORRECT",
                                2L,
                                "INCORRECT",
                                1L,
                                "NOT_ATTEMPTED",
                                1L,
                                "maybe",
                                1L))));
    }

    @Test
    void noScoresGiveTheResultsOfAnEmptyAccumulator() {
        assertSameResults(List.of());
        assertSameResults(List.of(ScoreResult.of(0.25)));
    }

    @Test
    void valuesAreGivenInAscendingOrder() {
        ScoreCounts.Builder b =
                ScoreCounts.builder().value(-0.0, 1).value(0.0, 2).value(0.0, 1);

        assertThatThrownBy(() -> b.value(-1.0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("values must be added in ascending order: -1.0 came after 0.0");
        assertThatThrownBy(() -> b.value(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a value must be a number, was NaN");
        assertThatThrownBy(() -> b.category("A", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a count must be at least 1, was 0");
        assertThat(b.build().numeric()).isEqualTo(4);
        assertThatThrownBy(() -> ScoreCounts.builder().value(1, 2).weight(1, 1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("products (0) and weights (1) must count as many scores as the values (2)");
    }

    @Test
    void anUnknownAggregationIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(
                        () -> Aggregations.result("mode", ScoreCounts.builder().build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown aggregation function 'mode'; known: accuracy, average, weighted_average, median,"
                        + " categorical_count, simpleqa");
    }
}
