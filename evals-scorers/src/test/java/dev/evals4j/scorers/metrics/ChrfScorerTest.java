package dev.evals4j.scorers.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChrfScorerTest extends ScorerContractTest {
    @Override
    protected BaseScorer scorer() {
        return new ChrfScorer();
    }

    @Override // a filter that changes the scores, to test configure
    protected Map<String, Object> configuredParameters() {
        return AnswerFilter.PARAMETERS;
    }

    @Override
    protected double maxScore() {
        return 100.0;
    }

    @Test
    void identicalTextsScore100AndWhitespaceIsIgnored() {
        assertThat(new ChrfScorer()
                        .score(ScorerInputSample.of("the cat sat", "thecat  sat"))
                        .numeric())
                .hasValue(100.0);
        assertThat(new ChrfScorer().score(ScorerInputSample.of("abc", "xyz")).numeric())
                .hasValue(0.0);
    }

    @Test
    void summedRowStatisticsGiveSacrebleusCorpusChrf() {
        // sacrebleu's README example: chrF2 = 59.73
        List<String> hypotheses =
                List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
        List<List<String>> references = List.of(
                List.of("The dog bit the man.", "The dog had bit the man."),
                List.of("It was not unexpected.", "No one was surprised."),
                List.of("The man bit him first.", "The man had bitten the dog."));
        long[] sum = new long[18];
        for (int i = 0; i < hypotheses.size(); i++) {
            ScoreResult row = new ChrfScorer().score(ScorerInputSample.of(hypotheses.get(i), references.get(i)));
            List<?> stats = (List<?>) row.details().get("stats");
            for (int k = 0; k < sum.length; k++) {
                sum[k] += ((Number) stats.get(k)).longValue();
            }
        }
        assertThat(ChrfScorer.score(sum)).isCloseTo(59.73, within(0.005));
    }
}
