package dev.evals4j.scorers.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HarnessExactMatchScorerTest extends ScorerContractTest {
    private final HarnessExactMatchScorer scorer = new HarnessExactMatchScorer();

    @Override
    protected BaseScorer scorer() {
        return new HarnessExactMatchScorer();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return gsm8k();
    }

    private static Map<String, Object> gsm8k() {
        return Map.of(
                "ignore_case",
                true,
                "ignore_punctuation",
                false,
                "regexes_to_ignore",
                List.of(",", "\\$", "(?s).*#### ", "\\.$"),
                "filters",
                List.of(
                        Map.of("function", "regex", "regex_pattern", "#### (\\-?[0-9\\.\\,]+)"),
                        Map.of("function", "take_first")));
    }

    private BaseScorer configured(Map<String, Object> given) {
        return scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), given));
    }

    @Test
    void aRegexThatOverflowsJavasStackOnALongAnswerLeavesThatSampleUnscored() {
        BaseScorer scorer = configured(Map.of("regexes_to_ignore", List.of("(ab|cd)+")));
        String answer = "ab".repeat(20_000);

        var result = scorer.score(ScorerInputSample.of(answer, "x"));

        assertThat(result).isInstanceOf(dev.evals4j.api.ScoreResult.Unscored.class);
        assertThat(((dev.evals4j.api.ScoreResult.Unscored) result).reason()).contains("(ab|cd)+");
        assertThat(scorer.score(ScorerInputSample.of("abcdx", "x")).numeric()).hasValue(1.0);
    }

    @Test
    void gsm8kStrictMatchAgainstTheFullReferenceAnswer() {
        BaseScorer strict = configured(gsm8k());
        String reference = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n#### 1,072";
        assertThat(strict.score(ScorerInputSample.of("48 + 24 = 72, so 1072 total.\n#### 1,072.", reference))
                        .numeric())
                .hasValue(1.0);
        assertThat(strict.score(ScorerInputSample.of("The answer is 1072.", reference))
                        .numeric())
                .hasValue(0.0);
    }

    @Test
    void transformsInTheHarnessOrderRegexesCasePunctuationNumbers() {
        HarnessExactMatchScorer all = (HarnessExactMatchScorer) configured(Map.of(
                "ignore_case",
                true,
                "ignore_punctuation",
                true,
                "ignore_numbers",
                true,
                "regexes_to_ignore",
                List.of("THE ")));
        // the regex runs before lower-casing, so only the upper-case "THE " is removed
        assertThat(all.transform("THE Answer: (B) 42. the end")).isEqualTo("answer b  the end");
    }

    @Test
    void mmluProStyleIgnoresCaseAndPunctuation() {
        BaseScorer mmluPro = configured(Map.of("ignore_case", true, "ignore_punctuation", true));
        assertThat(mmluPro.score(ScorerInputSample.of("(b)", "B")).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("(b)", "B")).numeric()).hasValue(0.0);
    }

    @Test
    void badFiltersAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> configured(Map.of("filters", List.of(Map.of("function", "nope")))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("parameter 'filters' of harness::exact_match: filter step 0: unknown function "
                        + "'nope'; known: ");
    }
}
