package dev.evals4j.scorers.braintrust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;
import org.junit.jupiter.api.Test;

class NumericDiffScorerTest extends ScorerContractTest {
    @Override
    protected BaseScorer scorer() {
        return new NumericDiffScorer();
    }

    @Test
    void nonNumbersAreUnscoredWithTheReason() {
        NumericDiffScorer scorer = new NumericDiffScorer();
        assertThat(scorer.score(ScorerInputSample.of("abc", 3)))
                .isEqualTo(ScoreResult.unscored("generated_answer is not a number: abc"));
        assertThat(scorer.score(ScorerInputSample.of(3, null)))
                .isEqualTo(ScoreResult.unscored("expected_answer is missing"));
    }

    @Test
    void numericStringsAreReadAsNumbersAndTwoZerosScoreOne() {
        NumericDiffScorer scorer = new NumericDiffScorer();
        assertThat(scorer.score(ScorerInputSample.of("0", "0.0")).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("26.00", 26)).numeric()).hasValue(1.0);
    }
}
