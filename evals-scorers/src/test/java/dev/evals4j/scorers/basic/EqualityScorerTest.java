package dev.evals4j.scorers.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class EqualityScorerTest extends ScorerContractTest {
    private final EqualityScorer scorer = new EqualityScorer();

    @Override
    protected BaseScorer scorer() {
        return new EqualityScorer();
    }

    @Test
    void scoresOneForAnExactMatchAndZeroOtherwise() {
        assertThat(scorer.score(ScorerInputSample.of("Paris", "Paris")).numeric())
                .hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("paris", "Paris")).numeric())
                .hasValue(0.0);
        assertThat(scorer.score(ScorerInputSample.of("Paris ", "Paris")).numeric())
                .hasValue(0.0);
    }

    @Test
    void anExpectedListMatchesAnyElement() {
        assertThat(scorer.score(ScorerInputSample.of("Yen", List.of("JPY", "Yen")))
                        .numeric())
                .hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("Euro", List.of("JPY", "Yen")))
                        .numeric())
                .hasValue(0.0);
    }

    @Test
    void aMissingAnswerIsWrong() {
        assertThat(scorer.score(ScorerInputSample.of(null, "Paris")).numeric()).hasValue(0.0);
    }

    @Test
    void jsonValuesAreEqualAsPythonFindsThem() {
        // numbers by value, objects whatever their key order, lists in order (Llama Stack compares with ==)
        assertThat(scorer.score(ScorerInputSample.of(3, 3.0)).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of(new java.math.BigDecimal("0.50"), 0.5))
                        .numeric())
                .hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of(0.1, 0.1000000000000001)).numeric())
                .hasValue(0.0);
        java.util.Map<String, Object> xy = new java.util.LinkedHashMap<>();
        xy.put("x", 1);
        xy.put("y", List.of(1, 2));
        java.util.Map<String, Object> yx = new java.util.LinkedHashMap<>();
        yx.put("y", List.of(1, 2.0));
        yx.put("x", 1);
        assertThat(scorer.score(ScorerInputSample.of(xy, yx)).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of(List.of(2, 1), List.of(List.of(1, 2), "x")))
                        .numeric())
                .hasValue(0.0);
        assertThat(scorer.score(ScorerInputSample.of(List.of("a", "b"), List.of("a", "b")))
                        .numeric())
                .as("a list answer equal to the expected list as a whole")
                .hasValue(1.0);
        // an answer read as text still equals a number written the same way
        assertThat(scorer.score(ScorerInputSample.of("42", 42)).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("42.0", 42)).numeric()).hasValue(0.0);
    }
}
