package dev.evals4j.scorers.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RougeScorerTest {
    // rouge-score's README example: score(target, prediction)
    private static final ScorerInputSample README = ScorerInputSample.of(
            "The quick brown dog jumps on the log.", "The quick brown fox jumps over the lazy dog");

    @Nested
    class Rouge1 extends ScorerContractTest {
        @Override
        protected BaseScorer scorer() {
            return new RougeScorer.Rouge1();
        }

        @Override // a filter that changes the scores, to test configure
        protected Map<String, Object> configuredParameters() {
            return AnswerFilter.PARAMETERS;
        }

        @Test
        void matchesRougeScoresExample() {
            ScoreResult r = scorer().score(README);
            assertThat(r.numeric().getAsDouble()).isCloseTo(0.7058823529411765, within(1e-12));
            assertThat(r.details()).isEqualTo(Map.of("precision", 0.75, "recall", 2.0 / 3));
        }
    }

    @Nested
    class Rouge2 extends ScorerContractTest {
        @Override
        protected BaseScorer scorer() {
            return new RougeScorer.Rouge2();
        }

        @Override // a filter that changes the scores, to test configure
        protected Map<String, Object> configuredParameters() {
            return AnswerFilter.PARAMETERS;
        }

        @Test
        void countsBigramOverlap() {
            // bigrams in common: "the quick", "quick brown"; 7 predicted, 8 target
            ScoreResult r = scorer().score(README);
            assertThat(r.details()).isEqualTo(Map.of("precision", 2.0 / 7, "recall", 2.0 / 8));
        }
    }

    @Nested
    class RougeL extends ScorerContractTest {
        @Override
        protected BaseScorer scorer() {
            return new RougeScorer.RougeL();
        }

        @Override // a filter that changes the scores, to test configure
        protected Map<String, Object> configuredParameters() {
            return AnswerFilter.PARAMETERS;
        }

        @Test
        void matchesRougeScoresExample() {
            ScoreResult r = scorer().score(README);
            assertThat(r.numeric().getAsDouble()).isCloseTo(0.5882352941176471, within(1e-12));
            assertThat(r.details()).isEqualTo(Map.of("precision", 0.625, "recall", 5.0 / 9));
        }

        @Test
        void textWithoutLatinLettersOrDigitsHasNoTokens() {
            assertThat(scorer().score(ScorerInputSample.of("東京", "東京")).numeric())
                    .hasValue(0.0);
        }
    }

    @Test
    void idsAreTheDocumentedOnes() {
        assertThat(new RougeScorer.Rouge1().id()).isEqualTo("metrics::rouge1");
        assertThat(new RougeScorer.Rouge2().id()).isEqualTo("metrics::rouge2");
        assertThat(new RougeScorer.RougeL().id()).isEqualTo("metrics::rouge_l");
    }
}
