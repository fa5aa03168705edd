package dev.evals4j.scorers.braintrust;

import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import java.util.List;
import java.util.Map;

/**
 * {@code braintrust::numeric-diff}: autoevals' NumericDiff, {@code 1 - |e - o| / (|e| + |o|)}, and 1 when both
 * are 0. Strings and booleans are read as JavaScript's {@code Number(v)} reads them ({@code " 12 "} is 12,
 * {@code ""} is 0, {@code true} is 1). Unlike autoevals, whose both-zero test only accepts numbers, two values
 * that read as 0 score 1 rather than NaN; a missing or non-numeric value is unscored rather than NaN.
 */
public final class NumericDiffScorer implements BaseScorer {
    public static final String ID = "braintrust::numeric-diff";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "autoevals NumericDiff: 1 - |expected - output| / (|expected| + |output|), 1 when both are 0";
    }

    @Override
    public List<String> defaultAggregations() {
        return List.of("average");
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        Object o = JsValues.fromJava(sample.generatedAnswer());
        Object e = JsValues.fromJava(sample.expectedAnswer());
        String problem = problem("generated_answer", o);
        if (problem == null) {
            problem = problem("expected_answer", e);
        }
        if (problem != null) {
            return ScoreResult.unscored(problem);
        }
        double output = JsValues.toNumber(o);
        double expected = JsValues.toNumber(e);
        OptionalScore s = diff(output, expected);
        return s.ok
                ? ScoreResult.of(s.value)
                : ScoreResult.unscored(
                        "no numeric difference of " + JsValues.number(output) + " and " + JsValues.number(expected));
    }

    private static String problem(String column, Object v) {
        if (v == null) {
            return column + " is missing";
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return column + " is not a number: " + shorten(JsonValues.toJson(v));
        }
        if (Double.isNaN(JsValues.toNumber(v))) {
            return column + " is not a number: " + shorten(JsValues.template(v));
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    record OptionalScore(boolean ok, double value) {}

    /** autoevals' formula; not ok when it gives NaN (infinite inputs). */
    static OptionalScore diff(double output, double expected) {
        if (output == 0 && expected == 0) {
            return new OptionalScore(true, 1.0);
        }
        double score = 1 - Math.abs(expected - output) / (Math.abs(expected) + Math.abs(output));
        return Double.isNaN(score) ? new OptionalScore(false, 0) : new OptionalScore(true, score);
    }
}
