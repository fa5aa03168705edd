package dev.evals4j.scorers.braintrust;

import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;

class ExactMatchScorerTest extends ScorerContractTest {
    @Override
    protected BaseScorer scorer() {
        return new ExactMatchScorer();
    }
}
