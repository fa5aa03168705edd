package com.example.consumer;

import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.Map;

/** The project's own scorer against evals-junit's contract kit, as a plugin author tests one. */
class PrefixScorerContractTest extends ScorerContractTest {
    @Override
    protected BaseScorer scorer() {
        return new PrefixScorer();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("ignore_case", true);
    }
}
