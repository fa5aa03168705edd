package dev.evals4j.scorers.judges;

class ContextRecallScorerTest extends RagScorerContractTest {

    ContextRecallScorerTest() {
        super(ContextRecallScorer::new);
    }
}
