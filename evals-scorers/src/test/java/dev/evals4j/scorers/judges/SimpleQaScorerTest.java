package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimpleQaScorerTest extends JudgeScorerContractTest {

    /** A if the prediction contains the target, C if it is empty or "I don't know", else B. */
    static String literalGrader(String prompt) {
        String target = FakeModels.between(prompt, "[Gold target]", "[Predicted answer]");
        String predicted = FakeModels.between(prompt, "[Predicted answer]", "Reply with only");
        String grade = predicted.isEmpty() || predicted.contains("don't know")
                ? "C"
                : !target.isEmpty() && predicted.contains(target) ? "A" : "B";
        return "{\"reasoning\": \"literal\", \"grade\": \"" + grade + "\"}";
    }

    SimpleQaScorerTest() {
        super(SimpleQaScorer::new, SimpleQaScorerTest::literalGrader);
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("judge_temperature", 0.7);
    }

    private static ScorerInputSample qa(String predicted, String target) {
        return new ScorerInputSample(
                predicted, target, Optional.of("Who painted the Mona Lisa?"), Optional.empty(), Map.of());
    }

    @Test
    void gradesAreCategoriesWithTheirLetter() {
        ScoreResult correct = scorer().score(qa("Leonardo da Vinci", "Leonardo da Vinci"));
        assertThat(correct.scoreValue()).isEqualTo("CORRECT");
        assertThat(correct.toRow())
                .containsEntry("judge_choice", "A")
                .containsEntry("judge_usage", Map.of("prompt_tokens", 10L, "completion_tokens", 2L));
        assertThat(scorer().score(qa("Michelangelo", "Leonardo da Vinci")).scoreValue())
                .isEqualTo("INCORRECT");
        assertThat(scorer().score(qa("I don't know", "Leonardo da Vinci")).scoreValue())
                .isEqualTo("NOT_ATTEMPTED");
    }

    @Test
    void aggregatesAsCategoriesAndSimpleQasMetrics() {
        assertThat(new SimpleQaScorer().defaultAggregations()).containsExactly("categorical_count", "simpleqa");
        assertThat(new SimpleQaScorer().requiredColumns())
                .containsExactlyInAnyOrder("generated_answer", "expected_answer", "input_query");
    }

    @Test
    void aGraderAnswerWithoutAGradeIsUnscoredNotNotAttempted() {
        BaseScorer scorer = configured(new SimpleQaScorer(new FakeModels(p -> "Hard to say.")), Map.of());

        ScoreResult result = scorer.score(qa("Leonardo", "Leonardo da Vinci"));

        assertThat(result).isInstanceOf(ScoreResult.Unscored.class);
        assertThat(result.toRow())
                .containsEntry("unscored", "the judge's answer holds none of the choices A, B, C")
                .containsEntry("judge_feedback", "Hard to say.");
    }

    @Test
    void thePromptShowsTheQuestionTheTargetAndThePrediction() {
        List<String> prompts = new java.util.ArrayList<>();
        configured(
                        new SimpleQaScorer(new FakeModels(p -> {
                            prompts.add(p);
                            return "A";
                        })),
                        Map.of())
                .score(qa("Leonardo", "Leonardo da Vinci"));

        assertThat(prompts.get(0))
                .contains("[Question]\nWho painted the Mona Lisa?\n\n[Gold target]\nLeonardo da"
                        + " Vinci\n\n[Predicted answer]\nLeonardo\n");
    }
}
