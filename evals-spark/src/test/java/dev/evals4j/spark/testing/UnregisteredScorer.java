package dev.evals4j.spark.testing;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;

/** {@code my::scorer}: a scorer that no {@code META-INF/services} file names, for requests that pass it as an object. */
public final class UnregisteredScorer implements BaseScorer {
    @Override
    public String id() {
        return "my::scorer";
    }

    @Override
    public String description() {
        return "mine";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        return ScoreResult.of(1);
    }
}
