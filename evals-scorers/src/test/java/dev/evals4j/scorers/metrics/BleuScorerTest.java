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

class BleuScorerTest extends ScorerContractTest {
    @Override
    protected BaseScorer scorer() {
        return new BleuScorer();
    }

    @Override // a filter that changes the scores, to test configure
    protected Map<String, Object> configuredParameters() {
        return AnswerFilter.PARAMETERS;
    }

    // sacrebleu computes exp(mean of logs), so a perfect match is 100.00000000000004 there too
    @Override
    protected double maxScore() {
        return 100.0 + 1e-9;
    }

    @Test
    void tokenizes13aAsSacrebleu() {
        assertThat(BleuScorer.tokenize13a("It wasn't surprising, was it? Cost: $1,000.50 (approx.)"))
                .isEqualTo("It wasn't surprising , was it ? Cost : $ 1,000.50 ( approx . )");
        assertThat(BleuScorer.tokenize13a("3-4 &amp; x")).isEqualTo("3 - 4 & x");
    }

    @Test
    void sentenceBleuUsesExponentialSmoothing() {
        // precisions 3/4, 2/3, 1/2 and, for no 4-gram match, 1/(2·1): BLEU = (75 · 66.67 · 50 · 50)^(1/4)
        ScoreResult result = new BleuScorer().score(ScorerInputSample.of("a b c d", "a b c e"));
        assertThat(result.numeric().getAsDouble()).isCloseTo(Math.pow(75 * (200.0 / 3) * 50 * 50, 0.25), within(1e-9));
        assertThat(new BleuScorer()
                        .score(ScorerInputSample.of("The cat sat.", "The cat sat."))
                        .numeric()
                        .getAsDouble())
                .isCloseTo(100.0, within(1e-9));
    }

    @Test
    void summedRowStatisticsGiveSacrebleusCorpusBleu() {
        // sacrebleu's README example: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17
        // ref_len = 18)
        List<String> hypotheses =
                List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
        List<List<String>> references = List.of(
                List.of("The dog bit the man.", "The dog had bit the man."),
                List.of("It was not unexpected.", "No one was surprised."),
                List.of("The man bit him first.", "The man had bitten the dog."));
        BleuStatistics sum = BleuStatistics.zero();
        for (int i = 0; i < hypotheses.size(); i++) {
            ScoreResult row = new BleuScorer().score(ScorerInputSample.of(hypotheses.get(i), references.get(i)));
            sum = sum.plus(BleuStatistics.fromDetails(row.details()));
        }
        assertThat(sum.hypothesisLength()).isEqualTo(17);
        assertThat(sum.referenceLength()).isEqualTo(18);
        assertThat(sum.matches()).containsExactly(14L, 7L, 5L, 3L);
        assertThat(sum.totals()).containsExactly(17L, 14L, 11L, 8L);
        assertThat(sum.corpusScore()).isCloseTo(48.53, within(0.005));
    }
}
