package dev.evals4j.scorers.braintrust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListContainsScorerTest extends ScorerContractTest {
    @Override
    protected BaseScorer scorer() {
        return new ListContainsScorer();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("allow_extra_entities", true);
    }

    @Test
    void extraOutputItemsArePenalisedUnlessAllowed() {
        ListContainsScorer scorer = new ListContainsScorer();
        ScorerInputSample sample = ScorerInputSample.of(List.of("apple", "banana"), List.of("apple"));
        assertThat(scorer.score(sample).numeric()).hasValue(0.5);
        BaseScorer lenient = scorer.configure(
                Params.resolve(scorer.id(), scorer.parameters(), Map.of("allow_extra_entities", true)));
        assertThat(lenient.score(sample).numeric()).hasValue(1.0);
        assertThat(scorer.score(sample).numeric())
                .as("the original is unchanged")
                .hasValue(0.5);
    }

    @Test
    void aJsonArrayStringIsReadAsAList() {
        assertThat(new ListContainsScorer()
                        .score(ScorerInputSample.of("[\"b\", \"a\"]", List.of("a", "b")))
                        .numeric())
                .hasValue(1.0);
    }

    @Test
    void aNonListIsUnscoredWithTheReason() {
        assertThat(new ListContainsScorer().score(ScorerInputSample.of("apple", List.of("apple"))))
                .isEqualTo(ScoreResult.unscored("generated_answer must be a list (or a JSON array), was a string"));
    }

    @Test
    void theMatchingIsOptimalNotGreedy() {
        // greedy takes the best pair (row 1, column 0: 1.0) and is left with 0.0; the optimum is 0.9 + 0.8
        assertThat(Assignment.maximize(new double[][] {{0.9, 0.0}, {1.0, 0.8}})).containsExactly(0, 1);
    }
}
