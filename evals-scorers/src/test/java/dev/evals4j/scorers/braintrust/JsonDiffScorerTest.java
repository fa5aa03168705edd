package dev.evals4j.scorers.braintrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.junit.kit.ScorerContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The expected scores of the {@code preserve_strings} cases are derived by hand from autoevals' JSONDiff (the
 * JavaScript and Python sources of 0.3.0 agree: with the option set, no string is parsed) and Levenshtein's
 * formula {@code 1 - distance / longer length}; autoevals was not installed to run them.
 */
class JsonDiffScorerTest extends ScorerContractTest {
    private final JsonDiffScorer scorer = new JsonDiffScorer();
    private final BaseScorer preserving =
            scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), Map.of("preserve_strings", true)));

    @Override
    protected BaseScorer scorer() {
        return new JsonDiffScorer();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("preserve_strings", true);
    }

    private static double score(BaseScorer s, Object output, Object expected) {
        return s.score(ScorerInputSample.of(output, expected)).numeric().orElseThrow();
    }

    @Test
    void stringsHoldingJsonAreParsedByDefault() {
        assertThat(score(scorer, "{\"a\": [1, 2]}", Map.of("a", List.of(1, 2)))).isEqualTo(1.0);
        assertThat(score(scorer, Map.of("data", "{\"x\": 1}"), Map.of("data", Map.of("x", 1))))
                .as("at every level")
                .isEqualTo(1.0);
    }

    @Test
    void withPreserveStringsAStringAgainstAnObjectComparesTheirStringifiedTexts() {
        // JSON.stringify('{"a": [1, 2]}') is "{\"a\": [1, 2]}" (17 characters: the 13 of the text, 2 quotes, 2
        // backslashes); JSON.stringify({a: [1, 2]}) is {"a":[1,2]} (11). Deleting the 2 quotes, the 2 backslashes
        // and the 2 spaces turns the first into the second, and 17 - 11 = 6 is the least: distance 6,
        // score 1 - 6/17 = 0.647…
        assertThat(score(preserving, "{\"a\": [1, 2]}", Map.of("a", List.of(1, 2))))
                .isCloseTo(1 - 6.0 / 17, within(1e-12));
    }

    @Test
    void withPreserveStringsNestedStringsStayStrings() {
        // key "data": JSON.stringify('{"x": 1}') is "{\"x\": 1}" (12 characters) against {"x":1} (7); the 2 quotes,
        // 2 backslashes and 1 space are deleted: distance 5, score 1 - 5/12; the mean over the one key is the same
        assertThat(score(preserving, Map.of("data", "{\"x\": 1}"), Map.of("data", Map.of("x", 1))))
                .isCloseTo(1 - 5.0 / 12, within(1e-12));
    }

    @Test
    void withPreserveStringsTwoJsonStringsCompareAsText() {
        // parsed (the default): "hello" against "hallo", distance 1 of 5, score 0.8 (the oracle's row 1067)
        assertThat(score(scorer, "{\"a\": \"hello\"}", "{\"a\": \"hallo\"}")).isCloseTo(0.8, within(1e-12));
        // preserved: {"a": "hello"} against {"a": "hallo"}, distance 1 of 14 characters, score 1 - 1/14
        assertThat(score(preserving, "{\"a\": \"hello\"}", "{\"a\": \"hallo\"}"))
                .isCloseTo(1 - 1.0 / 14, within(1e-12));
        // parsed: [1,2] against [1,3] is (1 + NumericDiff(2, 3)) / 2 = (1 + (1 - 1/5)) / 2 = 0.9 (row 1068);
        // preserved: "[1,2]" against "[1,3]", distance 1 of 5, score 0.8
        assertThat(score(scorer, "[1,2]", "[1,3]")).isCloseTo(0.9, within(1e-12));
        assertThat(score(preserving, "[1,2]", "[1,3]")).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void preserveStringsChangesNothingForStringsThatHoldNoObjectOrArray() {
        // "42" is never parsed (only objects and arrays are): JSON.stringify gives "\"42\"" (4) against "42" (2),
        // distance 2, score 1 - 2/4 = 0.5 either way (the oracle's row 1069)
        assertThat(score(scorer, "42", 42)).isEqualTo(0.5);
        assertThat(score(preserving, "42", 42)).isEqualTo(0.5);
        assertThat(score(preserving, Map.of("a", 1), Map.of("a", 1))).isEqualTo(1.0);
    }
}
