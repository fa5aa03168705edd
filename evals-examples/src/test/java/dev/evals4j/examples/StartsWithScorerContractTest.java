package dev.evals4j.examples;

import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.Map;

/** The example plugin passes the same contract kit as the built-in scorers: a third-party author's ready test. */
class StartsWithScorerContractTest extends ScorerContractTest {
    @Override
    protected BaseScorer scorer() {
        return new StartsWithScorer();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("ignore_case", true);
    }
}
