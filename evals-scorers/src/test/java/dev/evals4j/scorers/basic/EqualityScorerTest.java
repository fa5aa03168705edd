package dev.evals4j.scorers.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScorerInputSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class EqualityScorerTest {
    private final EqualityScorer scorer = new EqualityScorer();

    @Test
    void scoresOneForAnExactMatchAndZeroOtherwise() {
        assertThat(scorer.score(ScorerInputSample.of("Paris", "Paris")).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("paris", "Paris")).numeric()).hasValue(0.0);
        assertThat(scorer.score(ScorerInputSample.of("Paris ", "Paris")).numeric()).hasValue(0.0);
    }

    @Test
    void anExpectedListMatchesAnyElement() {
        assertThat(scorer.score(ScorerInputSample.of("Yen", List.of("JPY", "Yen"))).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("Euro", List.of("JPY", "Yen"))).numeric()).hasValue(0.0);
    }

    @Test
    void aMissingAnswerIsWrong() {
        assertThat(scorer.score(ScorerInputSample.of(null, "Paris")).numeric()).hasValue(0.0);
    }
}
