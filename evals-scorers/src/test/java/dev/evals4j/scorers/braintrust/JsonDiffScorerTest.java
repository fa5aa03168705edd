package dev.evals4j.scorers.braintrust;

import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.testkit.ScorerContractTest;

class JsonDiffScorerTest extends ScorerContractTest {
    @Override
    protected BaseScorer scorer() {
        return new JsonDiffScorer();
    }
}
