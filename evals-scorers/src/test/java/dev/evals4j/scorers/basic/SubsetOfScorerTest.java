package dev.evals4j.scorers.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubsetOfScorerTest extends ScorerContractTest {
    private final SubsetOfScorer scorer = new SubsetOfScorer();

    @Override
    protected BaseScorer scorer() {
        return new SubsetOfScorer();
    }

    @Test
    void scoresOneWhenTheExpectedAnswerOccursInTheGeneratedOne() {
        assertThat(scorer.score(ScorerInputSample.of("The capital is Paris.", "Paris"))
                        .numeric())
                .hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("The capital is Lyon.", "Paris"))
                        .numeric())
                .hasValue(0.0);
    }

    @Test
    void anExpectedListMatchesAnyElement() {
        assertThat(scorer.score(ScorerInputSample.of("about 42 apples", List.of("41", "42")))
                        .numeric())
                .hasValue(1.0);
    }

    @Test
    void aMissingAnswerIsWrong() {
        assertThat(scorer.score(ScorerInputSample.of(null, "Paris")).numeric()).hasValue(0.0);
    }
}
