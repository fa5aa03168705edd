package dev.evals4j.scorers.judges;

class AnswerRelevancyScorerTest extends RagScorerContractTest {

    AnswerRelevancyScorerTest() {
        super(AnswerRelevancyScorer::new);
    }
}
