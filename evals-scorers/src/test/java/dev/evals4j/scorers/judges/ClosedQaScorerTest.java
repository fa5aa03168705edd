package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClosedQaScorerTest extends JudgeScorerContractTest {
    private static final StringBuilder NOTHING = new StringBuilder();

    /** Y when the submission contains the word "Paris", as plain text. */
    static String parisJudge(String prompt) {
        return FakeModels.between(prompt, "[Submitted answer]", "[Criterion]").contains("Paris") ? "Yes" : "No.";
    }

    ClosedQaScorerTest() {
        super(ClosedQaScorer::new, ClosedQaScorerTest::parisJudge);
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("criteria", "The answer is in French.");
    }

    private static ScorerInputSample task(String generated, Object expected, Map<String, Object> row) {
        return new ScorerInputSample(
                generated, expected, Optional.of("Name the capital of France."), Optional.empty(), row);
    }

    @Test
    void yesIsOneAndNoIsZero() {
        assertThat(scorer().score(task("Paris", "Paris", Map.of())).numeric()).hasValue(1.0);
        assertThat(scorer().score(task("Lyon", "Paris", Map.of())).numeric()).hasValue(0.0);
    }

    @Test
    void theCriterionComesFromTheParameterThenTheRowThenTheExpectedAnswer() {
        StringBuilder seen = new StringBuilder();
        ClosedQaScorer scorer = new ClosedQaScorer(new FakeModels(p -> {
            seen.setLength(0);
            seen.append(FakeModels.between(p, "[Criterion]", "Does the submitted"));
            return "Y";
        }));

        configured(scorer, Map.of("criteria", "Be brief.")).score(task("Paris", "Paris", Map.of("criteria", "x")));
        assertThat(seen.toString()).isEqualTo("Be brief.");
        configured(scorer, Map.of()).score(task("Paris", "Paris", Map.of("criteria", "Name a city.")));
        assertThat(seen.toString()).isEqualTo("Name a city.");
        configured(scorer, Map.of()).score(task("Paris", "Paris", Map.of()));
        assertThat(seen.toString())
                .isEqualTo("The submitted answer is correct: it agrees with this expected answer:" + " Paris");
    }

    @Test
    void withoutATaskOrACriterionItIsUnscored() {
        assertThat(scorer().score(ScorerInputSample.of("Paris", "Paris")))
                .isEqualTo(ScoreResult.unscored("input_query (the task) is missing"));
        assertThat(scorer().score(task("Paris", null, Map.of())))
                .isEqualTo(ScoreResult.unscored(
                        "no criterion: set the parameter criteria, or give a criteria column or an expected_answer"));
        assertThat(NOTHING).isEmpty();
    }
}
