package dev.evals4j.scorers.braintrust;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.scorers.internal.Json;
import java.util.List;
import java.util.Map;

/**
 * {@code braintrust::exact-match}: autoevals' ExactMatch. Both values are turned into text and compared exactly:
 * objects, lists and {@code null} with {@code JSON.stringify}; when either side is one of those, a string on the
 * other side that is JSON is parsed and re-stringified (so {@code {"a": 1}} as text equals the object); anything
 * else with JavaScript's {@code String(v)} ({@code 42} equals {@code "42"}, {@code true} equals {@code "true"}).
 */
public final class ExactMatchScorer implements BaseScorer {
    public static final String ID = "braintrust::exact-match";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "autoevals ExactMatch: 1 when both values are equal as text (objects and lists compared as JSON)";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        Object output = JsValues.fromJava(sample.generatedAnswer());
        Object expected = JsValues.fromJava(sample.expectedAnswer());
        boolean maybeObject = needsJson(output) || needsJson(expected);
        return ScoreResult.correct(normalize(output, maybeObject).equals(normalize(expected, maybeObject)));
    }

    // typeof null === "object" in JavaScript, so null counts as well
    private static boolean needsJson(Object v) {
        return v == null || v instanceof List<?> || v instanceof Map<?, ?>;
    }

    private static String normalize(Object v, boolean maybeObject) {
        if (needsJson(v)) {
            return JsValues.stringify(v, false);
        }
        if (v instanceof String s && maybeObject) {
            Object parsed = JsValues.parse(s);
            if (parsed != Json.NOT_JSON) {
                return JsValues.stringify(parsed, false);
            }
        }
        return JsValues.template(v);
    }
}
