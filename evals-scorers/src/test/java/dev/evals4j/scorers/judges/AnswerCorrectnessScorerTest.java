package dev.evals4j.scorers.judges;

class AnswerCorrectnessScorerTest extends RagScorerContractTest {

    AnswerCorrectnessScorerTest() {
        super(AnswerCorrectnessScorer::new);
    }
}
