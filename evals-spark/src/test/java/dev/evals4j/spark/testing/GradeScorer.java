package dev.evals4j.spark.testing;

import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code test::grade}: the score a row's {@code grade} column asks for, to give every kind of score on purpose —
 * {@code num:0.25} (a number; with the row's {@code weight} as its weight), {@code noanswer:0} (a number given
 * without an answer), {@code cat:CORRECT} (a category), {@code unscored:why}, or {@code throw} (the scorer fails).
 */
public final class GradeScorer implements BaseScorer {
    @Override
    public String id() {
        return "test::grade";
    }

    @Override
    public String description() {
        return "the score the row's grade column asks for (test fake)";
    }

    @Override
    public Set<String> requiredColumns() {
        return Set.of("grade");
    }

    @Override
    public List<String> defaultAggregations() {
        return List.of("accuracy", "average", "weighted_average", "median", "categorical_count", "simpleqa");
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        String grade = JsonValues.text(sample.row().get("grade"));
        int colon = grade.indexOf(':');
        String kind = colon < 0 ? grade : grade.substring(0, colon);
        String arg = colon < 0 ? "" : grade.substring(colon + 1);
        return switch (kind) {
            case "num" -> {
                ScoreResult r = ScoreResult.of(Double.parseDouble(arg));
                Object weight = sample.row().get("weight");
                yield weight == null ? r : r.withDetails(Map.of("weight", Double.parseDouble(weight.toString())));
            }
            case "noanswer" -> ScoreResult.of(Double.parseDouble(arg)).withDetails(Map.of(ScoreResult.NO_ANSWER, true));
            case "cat" -> ScoreResult.category(arg);
            case "unscored" -> ScoreResult.unscored(arg);
            default -> throw new IllegalArgumentException("the grade '" + grade + "' asks the scorer to fail");
        };
    }
}
