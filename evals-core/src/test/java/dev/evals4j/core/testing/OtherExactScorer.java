package dev.evals4j.core.testing;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;

/** A second class with the id {@code test::exact}, to prove that duplicate ids are refused. */
public final class OtherExactScorer implements BaseScorer {
    @Override
    public String id() {
        return "test::exact";
    }

    @Override
    public String description() {
        return "a duplicate id (test fake)";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        return ScoreResult.of(0);
    }
}
