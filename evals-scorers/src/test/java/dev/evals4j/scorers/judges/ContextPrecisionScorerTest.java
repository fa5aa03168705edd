package dev.evals4j.scorers.judges;

class ContextPrecisionScorerTest extends RagScorerContractTest {

    ContextPrecisionScorerTest() {
        super(ContextPrecisionScorer::new);
    }
}
