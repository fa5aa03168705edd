package dev.evals4j.scorers.metrics;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metrics::math_equiv}: Hendrycks et al.'s MATH scoring ({@link HendrycksMath}): the content of the generated
 * solution's last {@code \boxed{…}} is compared with the expected answer by {@code is_equiv} (both stripped by
 * {@code _strip_string}). A solution without a boxed answer scores 0 and counts as no answer. With
 * {@code expected_boxed=true} the expected side is a full solution whose last boxed answer is taken too (MATH's
 * {@code solution} column); by default it is the answer itself (MATH-500's {@code answer}).
 */
public final class MathEquivScorer implements BaseScorer {
    /** The scorer id. */
    public static final String ID = "metrics::math_equiv";

    private final boolean expectedBoxed;

    /** The discovered scorer. */
    public MathEquivScorer() {
        this(false);
    }

    private MathEquivScorer(boolean expectedBoxed) {
        this.expectedBoxed = expectedBoxed;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Hendrycks MATH: the last \\boxed{} answer is_equiv the expected answer after _strip_string";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.withDefault(
                "expected_boxed",
                ParamType.BOOLEAN,
                "the expected answer is a solution: take its last \\boxed{} too",
                false));
    }

    @Override
    public BaseScorer configure(Params params) {
        return new MathEquivScorer(params.bool("expected_boxed", false));
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        if (sample.expectedAnswer() == null) {
            return ScoreResult.unscored("expected_answer is missing");
        }
        if (sample.expectedIsList()) {
            return ScoreResult.unscored("expected_answer must be one answer, was a list");
        }
        String expectedText = sample.expectedTexts().get(0);
        String expected = expectedBoxed ? HendrycksMath.answer(expectedText).orElse(null) : expectedText;
        String generatedText = sample.generatedText();
        Optional<String> answer = generatedText == null ? Optional.empty() : HendrycksMath.answer(generatedText);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("extracted_answer", answer.orElse(null));
        details.put("expected", expected);
        if (answer.isEmpty()) {
            details.put(ScoreResult.NO_ANSWER, true);
            return ScoreResult.correct(false).withDetails(details);
        }
        return ScoreResult.correct(HendrycksMath.isEquiv(answer.get(), expected))
                .withDetails(details);
    }
}
