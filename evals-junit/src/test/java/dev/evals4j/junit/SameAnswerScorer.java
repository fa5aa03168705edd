package dev.evals4j.junit;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import java.util.Objects;

/** {@code test::same}: 1 when the generated answer equals the expected one, an error on the answer "boom". */
public final class SameAnswerScorer implements BaseScorer {
    @Override
    public String id() {
        return "test::same";
    }

    @Override
    public String description() {
        return "equality of texts (test fake)";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        if ("boom".equals(sample.generatedText())) {
            throw new IllegalStateException("the scorer failed on purpose");
        }
        return ScoreResult.correct(
                Objects.equals(sample.generatedText(), sample.expectedTexts().get(0)));
    }
}
