package dev.evals4j.scorers.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.Params;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hendrycks' MATH scoring: the cases of {@code hendrycks/math}'s own {@code math_equivalence_test.py}, and the places
 * where its Python raises and {@code is_equiv} falls back to the raw strings.
 */
class MathEquivScorerTest {

    @Test
    void isEquivAgreesWithTheReferenceUnitTests() {
        assertThat(HendrycksMath.isEquiv("\\tfrac{1}{2} + \\frac1{72}", "\\\\frac{1}{2} + 2/3"))
                .isFalse();
        assertThat(HendrycksMath.isEquiv("10, 4, -2", "4, 10, -2")).isFalse();
        assertThat(HendrycksMath.isEquiv("10, 4, 2", "4, 12, 2")).isFalse();
        assertThat(HendrycksMath.isEquiv("\\tfrac{1}{2} +\\! \\frac1{72}", "\\\\dfrac{1}{2} +\\frac{1}{72}"))
                .isTrue();
        assertThat(HendrycksMath.isEquiv("10\\text{ units}", "10 ")).isTrue();
        assertThat(HendrycksMath.isEquiv("10\\text{ units}", "100 ")).isFalse();
        assertThat(HendrycksMath.isEquiv("10", "\\$10")).isTrue();
        assertThat(HendrycksMath.isEquiv("\\left(x-2\\right)\\left(x+2\\right)", "(x-2)(x+2)"))
                .isTrue();
        assertThat(HendrycksMath.isEquiv("0.1, 4, 2", "4, .1, 2")).isFalse();
        assertThat(HendrycksMath.isEquiv("0.1", ".1")).isTrue();
        assertThat(HendrycksMath.isEquiv("10\\%", "10")).isTrue();
        assertThat(HendrycksMath.isEquiv("10\\sqrt{3} + \\sqrt4", "10\\sqrt3 + \\sqrt{4}"))
                .isTrue();
        assertThat(HendrycksMath.isEquiv("\\frac34i", "\\frac{3}{4}i")).isTrue();
        assertThat(HendrycksMath.isEquiv("\\tfrac83", "\\frac{8}{3}")).isTrue();
        assertThat(HendrycksMath.isEquiv("5x - 7y + 11z + 4 = 0", "x + y - z + 2 = 0"))
                .isFalse();
        assertThat(HendrycksMath.isEquiv("1/2", "\\frac{1}{2}")).isTrue();
    }

    @Test
    void strippingThatRaisesInPythonFallsBackToTheRawStrings() {
        // two "\text{ " fail _remove_right_units' assert; a trailing \sqrt or \frac fails on an index
        assertThat(HendrycksMath.isEquiv("1\\text{ a}\\text{ b}", "1")).isFalse();
        assertThat(HendrycksMath.isEquiv("1\\text{ a}\\text{ b}", "1\\text{ a}\\text{ b}"))
                .isTrue();
        assertThat(HendrycksMath.isEquiv("2\\sqrt", "2 \\sqrt")).isFalse();
        assertThat(HendrycksMath.isEquiv("\\frac", "\\frac")).isTrue();
        // "k = 5" drops a left side of at most two characters; "-3/4" is a canonical a/b, "03/4" is not
        assertThat(HendrycksMath.isEquiv("k = 5", "5")).isTrue();
        assertThat(HendrycksMath.isEquiv("-3/4", "\\frac{-3}{4}")).isTrue();
        assertThat(HendrycksMath.isEquiv("03/4", "\\frac{3}{4}")).isFalse();
        assertThat(HendrycksMath.isEquiv(null, null)).isTrue();
        assertThat(HendrycksMath.isEquiv("1", null)).isFalse();
    }

    @Test
    void theAnswerIsTheLastBoxedContent() {
        assertThat(HendrycksMath.answer("first \\boxed{1} then \\boxed{\\frac{2}{3}} done"))
                .hasValue("\\frac{2}{3}");
        assertThat(HendrycksMath.lastBoxed("\\fbox{4}")).hasValue("\\fbox{4}");
        assertThat(HendrycksMath.answer("\\fbox{4}")).isEmpty();
        assertThat(HendrycksMath.answer("\\boxed{open")).isEmpty();
        assertThat(HendrycksMath.answer("\\boxed 5")).isEmpty();
        assertThat(HendrycksMath.answer("\\boxed{}")).hasValue("");
    }

    @Test
    void scoresTheBoxedAnswerAndMarksASolutionWithoutOne() {
        var scorer = new MathEquivScorer().configure(Params.EMPTY);
        ScoreResult right = scorer.score(ScorerInputSample.of("so \\boxed{\\dfrac{1}{2}}.", "\\frac12"));
        assertThat(right.scoreValue()).isEqualTo(1.0);
        assertThat(right.details()).containsEntry("extracted_answer", "\\dfrac{1}{2}");
        ScoreResult none = scorer.score(ScorerInputSample.of("the answer is 1/2", "\\frac12"));
        assertThat(none.scoreValue()).isEqualTo(0.0);
        assertThat(none.noAnswer()).isTrue();
        var solutions = new MathEquivScorer().configure(new Params(Map.of("expected_boxed", true)));
        assertThat(solutions
                        .score(ScorerInputSample.of("\\boxed{2}", "So $\\boxed{2}$."))
                        .scoreValue())
                .isEqualTo(1.0);
    }
}
