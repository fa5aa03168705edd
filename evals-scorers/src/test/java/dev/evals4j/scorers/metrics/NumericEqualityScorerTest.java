package dev.evals4j.scorers.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumericEqualityScorerTest extends ScorerContractTest {
    private final NumericEqualityScorer scorer = new NumericEqualityScorer();

    @Override
    protected BaseScorer scorer() {
        return new NumericEqualityScorer();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("tolerance", 0.5);
    }

    @Test
    void comparesNumbersAsNumbers() {
        assertThat(scorer.score(ScorerInputSample.of("26.00", "26")).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("$1,000", 1000)).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("3/4", "0.75")).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("-5.", "-5")).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("26.01", "26")).numeric()).hasValue(0.0);
    }

    @Test
    void toleranceAllowsSmallDifferences() {
        BaseScorer tolerant = scorer.configure(Params.resolve(
                scorer.id(),
                scorer.parameters(),
                Map.of(
                        "tolerance",
                        0.05,
                        "filters",
                        List.of(Map.of("function", "regex", "group_select", -1, "regex_pattern", "(-?[0-9.]+)")))));
        assertThat(tolerant.score(ScorerInputSample.of("about 3.14159 or so", "3.1"))
                        .numeric())
                .hasValue(1.0);
        assertThat(tolerant.score(ScorerInputSample.of("about 3.2", "3.1")).numeric())
                .hasValue(0.0);
    }

    @Test
    void aNonNumericAnswerIsWrongAndANonNumericExpectedIsUnscored() {
        assertThat(scorer.score(ScorerInputSample.of("twenty", "20")))
                .isEqualTo(ScoreResult.correct(false).withDetails(Map.of("not_a_number", "twenty")));
        assertThat(scorer.score(ScorerInputSample.of("20", "twenty")))
                .isEqualTo(ScoreResult.unscored("expected_answer is not a number: [twenty]"));
    }
}
