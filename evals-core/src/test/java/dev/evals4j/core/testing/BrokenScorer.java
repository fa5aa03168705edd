package dev.evals4j.core.testing;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;

/** A provider whose constructor throws, to prove that one broken provider does not break discovery. */
public final class BrokenScorer implements BaseScorer {
    public BrokenScorer() {
        throw new IllegalStateException("broken on purpose");
    }

    @Override
    public String id() {
        return "test::broken";
    }

    @Override
    public String description() {
        return "never constructed";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        return ScoreResult.of(0);
    }
}
