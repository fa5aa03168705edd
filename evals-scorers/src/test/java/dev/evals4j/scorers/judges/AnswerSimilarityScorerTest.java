package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerSimilarityScorerTest extends ScorerContractTest {

    static BaseScorer scorer(Map<String, Object> params) {
        AnswerSimilarityScorer s = new AnswerSimilarityScorer(new FakeModels(p -> {
            throw new AssertionError("answer-similarity asked a chat model");
        }));
        return s.configure(Params.resolve(s.id(), s.parameters(), params));
    }

    @Override
    protected BaseScorer scorer() {
        return scorer(Map.of());
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("expected_min", 0.5);
    }

    @Test
    void identicalTextsScoreOneAndAnEmptyAnswerZeroWithoutACall() {
        assertThat(scorer().score(ScorerInputSample.of("Paris", "paris"))
                        .numeric()
                        .getAsDouble())
                .isCloseTo(1.0, within(1e-12));
        assertThat(scorer().score(ScorerInputSample.of("", "Paris")).numeric()).hasValue(0.0);
        assertThat(scorer().score(ScorerInputSample.of("Paris", " ")))
                .isEqualTo(ScoreResult.unscored("expected_answer is missing or empty"));
    }

    @Test
    void theBestOfSeveralExpectedAnswersCounts() {
        ScoreResult result = scorer().score(ScorerInputSample.of("abc", List.of("xyz", "abc")));

        assertThat(result.numeric().getAsDouble()).isCloseTo(1.0, within(1e-12));
        assertThat((double) result.details().get("cosine")).isCloseTo(1.0, within(1e-12));
    }
}
