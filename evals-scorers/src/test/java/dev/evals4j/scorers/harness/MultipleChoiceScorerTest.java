package dev.evals4j.scorers.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code harness::acc} and {@code harness::acc_norm}, by the arithmetic of lm-evaluation-harness's task.py. */
class MultipleChoiceScorerTest {
    private final BaseScorer acc = new MultipleChoiceScorer.Acc();
    private final BaseScorer accNorm = new MultipleChoiceScorer.AccNorm();

    private static Map<String, Object> answer(List<String> choices, List<Double> loglikelihoods) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("choices", choices);
        answer.put("loglikelihoods", loglikelihoods);
        return answer;
    }

    private static ScorerInputSample sample(List<String> choices, List<Double> loglikelihoods, Object gold) {
        return ScorerInputSample.of(answer(choices, loglikelihoods), gold);
    }

    /** Log-likelihood samples besides the kit's text answers, which are unscored. */
    static List<ScorerInputSample> choiceSamples() {
        return List.of(
                sample(List.of("A", "B", "C", "D"), List.of(-2.1, -0.15, -3.0, -1.0), "B"),
                sample(List.of("Paris", "the city of Lyon"), List.of(-4.0, -6.0), 1),
                sample(List.of("\ud83d\ude00", "ab"), List.of(-1.5, -2.8), List.of("ab", "x")),
                sample(List.of("A", "B"), List.of(-1.0, -1.0), "E"));
    }

    @Test
    void accAndAccNormDisagreeWhenTheChoicesDifferInLength() {
        // -4.0 > -6.0, so acc picks "Paris"; per character -4.0 / 5 = -0.8 < -6.0 / 16 = -0.375, so acc_norm picks
        // "the city of Lyon", the gold
        ScorerInputSample s = sample(List.of("Paris", "the city of Lyon"), List.of(-4.0, -6.0), "the city of Lyon");

        assertThat(acc.score(s)).isEqualTo(ScoreResult.correct(false).withDetails(Map.of("prediction", "Paris")));
        assertThat(accNorm.score(s))
                .isEqualTo(ScoreResult.correct(true).withDetails(Map.of("prediction", "the city of Lyon")));
    }

    @Test
    void accNormDividesByTheChoicesLengthInCodePointsAsPythonsLen() {
        // "😀" is one code point (two UTF-16 units, four UTF-8 bytes): -1.5 / 1 = -1.5 < -2.8 / 2 = -1.4, so "ab"; by
        // UTF-16 units or bytes the emoji would win
        ScorerInputSample s = sample(List.of("\ud83d\ude00", "ab"), List.of(-1.5, -2.8), "ab");

        assertThat(acc.score(s).scoreValue()).isEqualTo(0.0);
        assertThat(accNorm.score(s).scoreValue()).isEqualTo(1.0);
    }

    @Test
    void theGoldIsAnIndexOrAChoicesTextOrAnyOfAList() {
        List<String> letters = List.of("A", "B", "C", "D");
        List<Double> lls = List.of(-2.1, -0.15, -3.0, -1.0);

        assertThat(acc.score(sample(letters, lls, "B")).scoreValue()).isEqualTo(1.0);
        assertThat(acc.score(sample(letters, lls, 1)).scoreValue()).isEqualTo(1.0);
        assertThat(acc.score(sample(letters, lls, 1L)).scoreValue()).isEqualTo(1.0);
        assertThat(acc.score(sample(letters, lls, "D")).scoreValue()).isEqualTo(0.0);
        assertThat(acc.score(sample(letters, lls, List.of("D", "B"))).scoreValue())
                .isEqualTo(1.0);
    }

    @Test
    void aTieGoesToTheFirstChoiceAsNumpysArgmax() {
        ScorerInputSample s = sample(List.of("A", "B"), List.of(-1.0, -1.0), "A");

        assertThat(acc.score(s)).isEqualTo(ScoreResult.correct(true).withDetails(Map.of("prediction", "A")));
        assertThat(accNorm.score(sample(List.of("A", "B"), List.of(-1.0, -1.0), "B"))
                        .scoreValue())
                .isEqualTo(0.0);
    }

    @Test
    void aGoldThatIsNoneOfTheChoicesIsUnscored() {
        assertThat(acc.score(sample(List.of("A", "B"), List.of(-1.0, -2.0), "E")))
                .isEqualTo(ScoreResult.unscored(
                        "expected_answer \"E\" is neither one of the choices [\"A\",\"B\"] nor the index of one"));
        assertThat(acc.score(sample(List.of("A", "B"), List.of(-1.0, -2.0), 2)))
                .isEqualTo(ScoreResult.unscored(
                        "expected_answer 2 is neither one of the choices [\"A\",\"B\"] nor the index of one"));
        assertThat(acc.score(ScorerInputSample.of(answer(List.of("A"), List.of(-1.0)), null)))
                .isEqualTo(ScoreResult.unscored("expected_answer is missing"));
    }

    @Test
    void aGeneratedAnswerWithoutLoglikelihoodsIsUnscored() {
        String reason = "generated_answer must be an object with 'choices' (texts) and 'loglikelihoods' (numbers), one"
                + " per choice, as a log-likelihood task's processor writes it; was ";

        assertThat(acc.score(ScorerInputSample.of("Answer: B", "B")))
                .isEqualTo(ScoreResult.unscored(reason + "\"Answer: B\""));
        assertThat(accNorm.score(sample(List.of("A", "B"), List.of(-1.0), "A")))
                .isEqualTo(ScoreResult.unscored(reason + "{\"choices\":[\"A\",\"B\"],\"loglikelihoods\":[-1.0]}"));
        assertThat(accNorm.score(sample(List.of("A", ""), List.of(-1.0, -2.0), "A")))
                .isEqualTo(ScoreResult.unscored("choice 1 is empty, and acc_norm divides by its length"));
    }

    @Nested
    class AccContract extends ScorerContractTest {
        @Override
        protected BaseScorer scorer() {
            return new MultipleChoiceScorer.Acc();
        }

        @Override
        protected List<ScorerInputSample> samples() {
            List<ScorerInputSample> all = new ArrayList<>(super.samples());
            all.addAll(choiceSamples());
            return all;
        }
    }

    @Nested
    class AccNormContract extends ScorerContractTest {
        @Override
        protected BaseScorer scorer() {
            return new MultipleChoiceScorer.AccNorm();
        }

        @Override
        protected List<ScorerInputSample> samples() {
            List<ScorerInputSample> all = new ArrayList<>(super.samples());
            all.addAll(choiceSamples());
            return all;
        }
    }
}
