package dev.evals4j.scorers.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenF1ScorerTest extends ScorerContractTest {
    @Override
    protected BaseScorer scorer() {
        return new TokenF1Scorer();
    }

    @Override // a filter that changes the scores, to test configure
    protected Map<String, Object> configuredParameters() {
        return AnswerFilter.PARAMETERS;
    }

    @Test
    void normalisesAsSquad() {
        assertThat(TokenF1Scorer.normalize("The  Eiffel-Tower, in Paris!")).isEqualTo("eiffeltower in paris");
    }

    @Test
    void scoresTokenOverlapAgainstTheBestReference() {
        // "denver broncos" vs "the denver broncos won": precision 1, recall 2/3
        assertThat(new TokenF1Scorer()
                        .score(ScorerInputSample.of(
                                "Denver Broncos", List.of("Carolina Panthers", "Denver Broncos won")))
                        .numeric()
                        .getAsDouble())
                .isEqualTo(2 * 1.0 * (2.0 / 3) / (1.0 + 2.0 / 3));
        assertThat(new TokenF1Scorer().score(ScorerInputSample.of("the", "a")).numeric())
                .hasValue(1.0);
    }
}
