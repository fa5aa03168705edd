package dev.evals4j.scorers.braintrust;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.scorers.internal.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code braintrust::json-diff}: autoevals' JSONDiff, a recursive similarity of two JSON values from 0 to 1.
 *
 * <p>A string holding a JSON object or array is parsed first, at every level. Two objects score the mean over the
 * union of their keys (a key on one side only scores 0, unless its value is {@code null}); two arrays the sum over
 * the common positions divided by the longer length; two empty objects or arrays 1. Strings compare by Levenshtein
 * similarity, numbers by NumericDiff; two nulls score 1, a null against anything else 0; other pairs (booleans,
 * mixed types) compare their {@code JSON.stringify} texts (keys sorted) by Levenshtein similarity.
 *
 * <p>With {@code preserve_strings=true} (autoevals' {@code preserveStrings} / {@code preserve_strings}, false by
 * default in both) no string is parsed: two strings compare as text even when they hold JSON, and a string against
 * an object or array compares their {@code JSON.stringify} texts.
 */
public final class JsonDiffScorer implements BaseScorer {
    public static final String ID = "braintrust::json-diff";

    private final boolean preserveStrings;

    public JsonDiffScorer() {
        this(false);
    }

    private JsonDiffScorer(boolean preserveStrings) {
        this.preserveStrings = preserveStrings;
    }

    /** Thrown inside the recursion when a comparison cannot be made; ends as an unscored result. */
    private static final class NotComparable extends RuntimeException {
        NotComparable(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "autoevals JSONDiff: recursive similarity of two JSON values (keys, positions, strings, numbers)";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.withDefault(
                "preserve_strings",
                ParamType.BOOLEAN,
                "compare strings as strings, never parsing one that holds a JSON object or array",
                false));
    }

    @Override
    public BaseScorer configure(Params params) {
        return new JsonDiffScorer(params.bool("preserve_strings", false));
    }

    @Override
    public List<String> defaultAggregations() {
        return List.of("average");
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        try {
            double score = diff(
                    JsValues.fromJava(sample.generatedAnswer()),
                    JsValues.fromJava(sample.expectedAnswer()),
                    preserveStrings);
            if (Double.isNaN(score)) {
                return ScoreResult.unscored("the JSON difference is not a number (infinite values)");
            }
            return ScoreResult.of(score);
        } catch (NotComparable e) {
            return ScoreResult.unscored(e.getMessage());
        }
    }

    static double diff(Object o1, Object o2, boolean preserveStrings) {
        if (!preserveStrings) {
            o1 = parseIfStructured(o1);
            o2 = parseIfStructured(o2);
        }
        if (o1 instanceof Map<?, ?> m1 && o2 instanceof Map<?, ?> m2) {
            if (m1.isEmpty() && m2.isEmpty()) {
                return 1;
            }
            Set<Object> keys = new LinkedHashSet<>(m1.keySet());
            keys.addAll(m2.keySet());
            double sum = 0;
            for (Object k : keys) {
                sum += diff(m1.get(k), m2.get(k), preserveStrings);
            }
            return sum / keys.size();
        }
        if (o1 instanceof List<?> l1 && o2 instanceof List<?> l2) {
            if (l1.isEmpty() && l2.isEmpty()) {
                return 1;
            }
            double sum = 0;
            for (int i = 0; i < Math.min(l1.size(), l2.size()); i++) {
                sum += diff(l1.get(i), l2.get(i), preserveStrings);
            }
            return sum / Math.max(l1.size(), l2.size());
        }
        if (o1 instanceof String s1 && o2 instanceof String s2) {
            return levenshtein(s1, s2);
        }
        if (o1 instanceof Double d1 && o2 instanceof Double d2) {
            NumericDiffScorer.OptionalScore s = NumericDiffScorer.diff(d1, d2);
            return s.ok() ? s.value() : Double.NaN;
        }
        if (o1 == null && o2 == null) {
            return 1;
        }
        if (o1 == null || o2 == null) {
            return 0;
        }
        return levenshtein(JsValues.stringify(o1, true), JsValues.stringify(o2, true));
    }

    private static double levenshtein(String a, String b) {
        OptionalDouble s = LevenshteinScorer.similarity(a, b);
        if (s.isEmpty()) {
            throw new NotComparable(LevenshteinScorer.tooLong(a, b));
        }
        return s.getAsDouble();
    }

    private static Object parseIfStructured(Object v) {
        if (v instanceof String s && !s.isEmpty() && (firstNonSpace(s) == '{' || firstNonSpace(s) == '[')) {
            Object parsed = JsValues.parse(s);
            if (parsed != Json.NOT_JSON && (parsed instanceof Map<?, ?> || parsed instanceof List<?>)) {
                return parsed;
            }
        }
        return v;
    }

    // JSON.parse succeeds on an object or array only when the text starts with one (after JSON whitespace)
    private static char firstNonSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
        return 0;
    }
}
