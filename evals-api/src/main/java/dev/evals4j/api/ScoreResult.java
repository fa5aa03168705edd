package dev.evals4j.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The score of one sample by one scorer: a number, a category, or <em>unscored</em> with the reason (a judge
 * whose answer could not be parsed, say) — never a silent zero. Each carries details, such as a judge's
 * feedback or a weight, which are written beside the score.
 */
public sealed interface ScoreResult {

    /** Extra fields of the score row, such as {@code judge_feedback} or {@code weight}. */
    Map<String, Object> details();

    /** The score as a number, when it is one. */
    default OptionalDouble numeric() {
        return this instanceof Numeric n ? OptionalDouble.of(n.value()) : OptionalDouble.empty();
    }

    /** The score row as written to {@code samples.jsonl}: {@code {"score": …, …details}}. */
    default Map<String, Object> toRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("score", scoreValue());
        if (this instanceof Unscored u) {
            row.put("unscored", u.reason());
        }
        row.putAll(details());
        return row;
    }

    /** Returns the same score with more details; later keys replace earlier ones. */
    ScoreResult withDetails(Map<String, ?> more);

    /** A numeric score. */
    static ScoreResult of(double value) {
        return new Numeric(value, Map.of());
    }

    /** {@code 1.0} when correct, {@code 0.0} otherwise. */
    static ScoreResult correct(boolean correct) {
        return new Numeric(correct ? 1.0 : 0.0, Map.of());
    }

    /** A categorical score, such as {@code CORRECT} or {@code A}. */
    static ScoreResult category(String category) {
        return new Categorical(category, Map.of());
    }

    /** No score, with the reason. */
    static ScoreResult unscored(String reason) {
        return new Unscored(reason, Map.of());
    }

    /** A numeric score. */
    record Numeric(double value, Map<String, Object> details) implements ScoreResult {
        public Numeric {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("a score must be a number, was NaN; use ScoreResult.unscored");
            }
            details = JsonValues.copyRow(details);
        }

        @Override
        public Object scoreValue() {
            return value;
        }

        @Override
        public ScoreResult withDetails(Map<String, ?> more) {
            return new Numeric(value, merge(details, more));
        }
    }

    /** A categorical score. */
    record Categorical(String category, Map<String, Object> details) implements ScoreResult {
        public Categorical {
            Objects.requireNonNull(category, "category");
            details = JsonValues.copyRow(details);
        }

        @Override
        public Object scoreValue() {
            return category;
        }

        @Override
        public ScoreResult withDetails(Map<String, ?> more) {
            return new Categorical(category, merge(details, more));
        }
    }

    /** No score, with the reason; counted apart from wrong answers. */
    record Unscored(String reason, Map<String, Object> details) implements ScoreResult {
        public Unscored {
            Objects.requireNonNull(reason, "reason");
            details = JsonValues.copyRow(details);
        }

        @Override
        public Object scoreValue() {
            return null;
        }

        @Override
        public ScoreResult withDetails(Map<String, ?> more) {
            return new Unscored(reason, merge(details, more));
        }
    }

    /** The score as the row's {@code "score"} value: a Double, a String, or null when unscored. */
    Object scoreValue();

    private static Map<String, Object> merge(Map<String, Object> details, Map<String, ?> more) {
        Map<String, Object> merged = new LinkedHashMap<>(details);
        merged.putAll(more);
        return merged;
    }
}
