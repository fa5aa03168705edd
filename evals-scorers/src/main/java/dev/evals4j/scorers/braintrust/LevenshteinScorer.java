package dev.evals4j.scorers.braintrust;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.scorers.internal.EditDistance;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * {@code braintrust::levenshtein}: autoevals' Levenshtein, {@code 1 - distance / max(length)} over the two values
 * as JavaScript text ({@code String(v)}: numbers as JavaScript prints them, {@code null} as {@code "null"}),
 * counting UTF-16 code units as JavaScript does (an emoji is two); 1 when both are empty.
 */
public final class LevenshteinScorer implements BaseScorer {
    public static final String ID = "braintrust::levenshtein";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "autoevals Levenshtein: 1 - edit distance / length of the longer text, from 0 to 1";
    }

    @Override
    public List<String> defaultAggregations() {
        return List.of("average");
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        String output = JsValues.template(JsValues.fromJava(sample.generatedAnswer()));
        String expected = JsValues.template(JsValues.fromJava(sample.expectedAnswer()));
        OptionalDouble score = similarity(output, expected);
        return score.isPresent()
                ? ScoreResult.of(score.getAsDouble())
                : ScoreResult.unscored(tooLong(output, expected));
    }

    /** autoevals' Levenshtein score of two texts, or empty when they are too long to compare. */
    static OptionalDouble similarity(String output, String expected) {
        int maxLen = Math.max(output.length(), expected.length());
        if (maxLen == 0) {
            return OptionalDouble.of(1.0);
        }
        OptionalInt distance = EditDistance.levenshtein(output, expected);
        if (distance.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(1 - (double) distance.getAsInt() / maxLen);
    }

    static String tooLong(String output, String expected) {
        return "texts of " + output.length() + " and " + expected.length()
                + " characters are too long to compare by edit distance (limit: " + EditDistance.MAX_CELLS
                + " cells after removing the common prefix and suffix)";
    }
}
