package dev.evals4j.scorers.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocVqaScorerTest extends ScorerContractTest {
    private final DocVqaScorer scorer = new DocVqaScorer();

    @Override
    protected BaseScorer scorer() {
        return new DocVqaScorer();
    }

    @Test
    void normalisesPunctuationArticlesNumbersAndContractions() {
        assertThat(DocVqaScorer.normalize("The answer is Two.")).isEqualTo("answer is 2");
        assertThat(DocVqaScorer.normalize("dont")).isEqualTo("don't");
        assertThat(DocVqaScorer.normalize("$1,000.50")).isEqualTo("$1000.50");
        assertThat(DocVqaScorer.normalize("New-York (USA)")).isEqualTo("new york usa");
        assertThat(DocVqaScorer.normalize("from a to b")).isEqualTo("b");
    }

    @Test
    void anExpectedJsonListAcceptsAnyNormalisedAnswer() {
        assertThat(scorer.score(ScorerInputSample.of("Two", "[\"2\", \"two dollars\"]"))
                        .numeric())
                .hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("three", List.of("2", "two")))
                        .numeric())
                .hasValue(0.0);
    }

    @Test
    void aPlainExpectedStringIsOneAnswer() {
        assertThat(scorer.score(ScorerInputSample.of("the Eiffel Tower", "Eiffel tower"))
                        .numeric())
                .hasValue(1.0);
    }

    @Test
    void aMissingExpectedAnswerIsUnscored() {
        assertThat(scorer.score(ScorerInputSample.of("x", null)))
                .isEqualTo(ScoreResult.unscored("expected_answer is missing"));
    }
}
