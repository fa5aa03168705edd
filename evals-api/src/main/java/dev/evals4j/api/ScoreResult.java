package dev.evals4j.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * The score of one sample by one scorer: a number, a category, or <em>unscored</em> with the reason (a judge
 * whose answer could not be parsed, say) — never a silent zero. Each carries details, such as a judge's
 * feedback or a weight, which are written beside the score, and the tokens the scorer's own model calls used (a
 * judge's), which a run sums apart from the candidate model's.
 */
public sealed interface ScoreResult {
    /**
     * The detail that marks a score given although no answer could be extracted from the generation ({@code true}):
     * counted in {@code num_no_answer}, beside the score, whatever the missing answer was counted as.
     */
    String NO_ANSWER = "no_answer";

    /** The key under which {@link #judgeUsage()} is written in a score row. */
    String JUDGE_USAGE = "judge_usage";

    /** Extra fields of the score row, such as {@code judge_feedback} or {@code weight}. */
    Map<String, @Nullable Object> details();

    /** The tokens this scorer's own model calls used for this sample (a judge's), when it made any. */
    Optional<Usage> judgeUsage();

    /** Whether the scorer found no answer in the generation (the {@link #NO_ANSWER} detail). */
    default boolean noAnswer() {
        return Boolean.TRUE.equals(details().get(NO_ANSWER));
    }

    /** The score as a number, when it is one. */
    default OptionalDouble numeric() {
        return this instanceof Numeric n ? OptionalDouble.of(n.value()) : OptionalDouble.empty();
    }

    /**
     * The score row as written to {@code samples.jsonl}: {@code {"score": …, …details, "judge_usage": {…}}}.
     */
    default Map<String, @Nullable Object> toRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("score", scoreValue());
        if (this instanceof Unscored u) {
            row.put("unscored", u.reason());
        }
        row.putAll(details());
        judgeUsage().ifPresent(u -> {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("prompt_tokens", u.promptTokens());
            usage.put("completion_tokens", u.completionTokens());
            row.put(JUDGE_USAGE, usage);
        });
        return row;
    }

    /** Returns the same score with more details; later keys replace earlier ones. */
    ScoreResult withDetails(Map<String, ? extends @Nullable Object> more);

    /** Returns the same score with the tokens the scorer's model calls used. */
    ScoreResult withJudgeUsage(Usage usage);

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
    record Numeric(double value, Map<String, @Nullable Object> details, Optional<Usage> judgeUsage)
            implements ScoreResult {
        public Numeric {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("a score must be a number, was NaN; use ScoreResult.unscored");
            }
            details = checkedDetails(details);
            Objects.requireNonNull(judgeUsage, "judgeUsage");
        }

        /** A numeric score without model usage. */
        public Numeric(double value, Map<String, @Nullable Object> details) {
            this(value, details, Optional.empty());
        }

        @Override
        public Object scoreValue() {
            return value;
        }

        @Override
        public ScoreResult withDetails(Map<String, ? extends @Nullable Object> more) {
            return new Numeric(value, merge(details, more), judgeUsage);
        }

        @Override
        public ScoreResult withJudgeUsage(Usage usage) {
            return new Numeric(value, details, Optional.of(usage));
        }
    }

    /** A categorical score. */
    record Categorical(String category, Map<String, @Nullable Object> details, Optional<Usage> judgeUsage)
            implements ScoreResult {
        public Categorical {
            Objects.requireNonNull(category, "category");
            details = checkedDetails(details);
            Objects.requireNonNull(judgeUsage, "judgeUsage");
        }

        /** A categorical score without model usage. */
        public Categorical(String category, Map<String, @Nullable Object> details) {
            this(category, details, Optional.empty());
        }

        @Override
        public Object scoreValue() {
            return category;
        }

        @Override
        public ScoreResult withDetails(Map<String, ? extends @Nullable Object> more) {
            return new Categorical(category, merge(details, more), judgeUsage);
        }

        @Override
        public ScoreResult withJudgeUsage(Usage usage) {
            return new Categorical(category, details, Optional.of(usage));
        }
    }

    /** No score, with the reason; counted apart from wrong answers. */
    record Unscored(String reason, Map<String, @Nullable Object> details, Optional<Usage> judgeUsage)
            implements ScoreResult {
        public Unscored {
            Objects.requireNonNull(reason, "reason");
            details = checkedDetails(details);
            Objects.requireNonNull(judgeUsage, "judgeUsage");
        }

        /** No score, without model usage. */
        public Unscored(String reason, Map<String, @Nullable Object> details) {
            this(reason, details, Optional.empty());
        }

        @Override
        public @Nullable Object scoreValue() {
            return null;
        }

        @Override
        public ScoreResult withDetails(Map<String, ? extends @Nullable Object> more) {
            return new Unscored(reason, merge(details, more), judgeUsage);
        }

        @Override
        public ScoreResult withJudgeUsage(Usage usage) {
            return new Unscored(reason, details, Optional.of(usage));
        }
    }

    /** The score as the row's {@code "score"} value: a Double, a String, or null when unscored. */
    @Nullable
    Object scoreValue();

    private static Map<String, Object> checkedDetails(Map<String, Object> details) {
        Map<String, Object> copy = JsonValues.copyRow(details);
        if (copy.isEmpty()) {
            return copy;
        }
        for (String reserved : new String[] {"score", "unscored", "error", JUDGE_USAGE}) {
            if (copy.containsKey(reserved)) {
                throw new IllegalArgumentException("'" + reserved + "' is not a detail of a score"
                        + (reserved.equals(JUDGE_USAGE)
                                ? "; use withJudgeUsage(usage)"
                                : "; it is written by evals4j"));
            }
        }
        return copy;
    }

    private static Map<String, Object> merge(Map<String, Object> details, Map<String, ?> more) {
        Map<String, Object> merged = new LinkedHashMap<>(details);
        merged.putAll(more);
        return merged;
    }
}
