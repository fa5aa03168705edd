package dev.evals4j.scorers.braintrust;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.scorers.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code braintrust::list-contains}: autoevals' ListContains. Every output item is compared with every expected
 * item by Levenshtein similarity (of their JavaScript text), the pairs are matched one-to-one to maximise the
 * total similarity (the linear sum assignment), and the total is divided by the longer list's length, or by the
 * expected list's length with {@code allow_extra_entities=true}. Two empty lists score 1, one empty list 0, two
 * one-item lists their plain similarity. A string holding a JSON array is read as that array.
 */
public final class ListContainsScorer implements BaseScorer {
    public static final String ID = "braintrust::list-contains";

    private final boolean allowExtraEntities;

    public ListContainsScorer() {
        this(false);
    }

    private ListContainsScorer(boolean allowExtraEntities) {
        this.allowExtraEntities = allowExtraEntities;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "autoevals ListContains: best one-to-one Levenshtein matching of output and expected list items";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.withDefault(
                "allow_extra_entities",
                ParamType.BOOLEAN,
                "do not penalise output items beyond the expected ones (divide by the expected list's length)",
                false));
    }

    @Override
    public BaseScorer configure(Params params) {
        return new ListContainsScorer(params.bool("allow_extra_entities", false));
    }

    @Override
    public List<String> defaultAggregations() {
        return List.of("average");
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        Object o = asList(JsValues.fromJava(sample.generatedAnswer()));
        Object e = asList(JsValues.fromJava(sample.expectedAnswer()));
        if (!(o instanceof List<?> output)) {
            return ScoreResult.unscored("generated_answer must be a list (or a JSON array), was " + kind(o));
        }
        if (!(e instanceof List<?> expected)) {
            return ScoreResult.unscored("expected_answer must be a list (or a JSON array), was " + kind(e));
        }
        if (output.isEmpty() && expected.isEmpty()) {
            return ScoreResult.of(1);
        }
        if (output.isEmpty() || expected.isEmpty()) {
            return ScoreResult.of(0);
        }
        double[][] similarities = new double[output.size()][expected.size()];
        for (int r = 0; r < output.size(); r++) {
            String out = JsValues.template(output.get(r));
            for (int c = 0; c < expected.size(); c++) {
                String exp = JsValues.template(expected.get(c));
                OptionalDouble s = LevenshteinScorer.similarity(out, exp);
                if (s.isEmpty()) {
                    return ScoreResult.unscored(LevenshteinScorer.tooLong(out, exp));
                }
                similarities[r][c] = s.getAsDouble();
            }
        }
        if (output.size() == 1 && expected.size() == 1) {
            return ScoreResult.of(similarities[0][0]);
        }
        int[] rowToCol = Assignment.maximize(similarities);
        double total = 0;
        List<Object> pairs = new ArrayList<>();
        for (int r = 0; r < rowToCol.length; r++) {
            int c = rowToCol[r];
            if (c >= 0) {
                total += similarities[r][c];
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put("output", output.get(r));
                pair.put("expected", expected.get(c));
                pair.put("score", similarities[r][c]);
                pairs.add(pair);
            }
        }
        double denominator = allowExtraEntities ? expected.size() : Math.max(output.size(), expected.size());
        double score = Math.min(Math.max(total / denominator, 0), 1);
        return ScoreResult.of(score).withDetails(Map.of("pairs", pairs));
    }

    private static Object asList(Object v) {
        if (v instanceof String s) {
            Object parsed = JsValues.parse(s);
            if (parsed != Json.NOT_JSON && parsed instanceof List<?>) {
                return parsed;
            }
        }
        return v;
    }

    private static String kind(Object v) {
        if (v == null) {
            return "missing";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        return "a "
                + (v instanceof Double ? "number" : v.getClass().getSimpleName().toLowerCase());
    }
}
