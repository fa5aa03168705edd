package dev.evals4j.scorers.judges;

class FaithfulnessScorerTest extends RagScorerContractTest {

    FaithfulnessScorerTest() {
        super(FaithfulnessScorer::new);
    }
}
