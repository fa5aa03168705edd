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
}
