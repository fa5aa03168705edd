package dev.evals4j.core.testing;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;

/** {@code test::fails-on-yen}: throws for the answer "Yen", leaves "China" unscored, else 1.0; a fake for tests. */
public final class FailingScorer implements BaseScorer {
    @Override
    public String id() {
        return "test::fails-on-yen";
    }

    @Override
    public String description() {
        return "throws on Yen, unscored on China (test fake)";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        if ("Yen".equals(sample.generatedText())) {
            throw new IllegalStateException("cannot score Yen");
        }
        if ("China".equals(sample.generatedText())) {
            return ScoreResult.unscored("no opinion about China");
        }
        return ScoreResult.of(1.0);
    }
}
