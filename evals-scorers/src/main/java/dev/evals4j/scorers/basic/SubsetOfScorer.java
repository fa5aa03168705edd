package dev.evals4j.scorers.basic;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;

/**
 * {@code basic::subset_of}: 1.0 when the expected answer (or any element of an expected list) occurs in the
 * generated answer as a substring, else 0.0.
 */
public final class SubsetOfScorer implements BaseScorer {
    public static final String ID = "basic::subset_of";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "1.0 when expected_answer (or any element of an expected list) is a substring of generated_answer";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        String generated = sample.generatedText();
        if (generated == null) {
            return ScoreResult.correct(false);
        }
        for (String expected : sample.expectedTexts()) {
            if (expected != null && generated.contains(expected)) {
                return ScoreResult.correct(true);
            }
        }
        return ScoreResult.correct(false);
    }
}
