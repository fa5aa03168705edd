package dev.evals4j.scorers.judges;

class ContextRelevancyScorerTest extends RagScorerContractTest {

    ContextRelevancyScorerTest() {
        super(ContextRelevancyScorer::new);
    }
}
