package dev.evals4j.scorers.basic;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import java.util.Objects;

/**
 * {@code basic::equality}: 1.0 when the generated answer equals the expected answer exactly (or any element of an
 * expected list), else 0.0.
 */
public final class EqualityScorer implements BaseScorer {
    public static final String ID = "basic::equality";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "1.0 when generated_answer equals expected_answer (or any element of an expected list), else 0.0";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        String generated = sample.generatedText();
        for (String expected : sample.expectedTexts()) {
            if (Objects.equals(expected, generated)) {
                return ScoreResult.correct(true);
            }
        }
        return ScoreResult.correct(false);
    }
}
