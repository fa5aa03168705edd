package dev.evals4j.scorers.basic;

import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code basic::equality}: 1.0 when the generated answer equals the expected answer exactly (or any element of an
 * expected list), else 0.0. Text is compared as it is; other JSON values are equal when their text is, or when Python's
 * {@code ==} finds them equal, as Llama Stack's scorer did ({@code 3} and {@code 3.0}, objects whose keys come in
 * another order).
 */
public final class EqualityScorer implements BaseScorer {
    public static final String ID = "basic::equality";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "1.0 when generated_answer equals expected_answer (or any element of an expected list), else 0.0";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        Object generated = sample.generatedAnswer();
        Object expected = sample.expectedAnswer();
        if (expected instanceof List<?> list) {
            // a list of acceptable answers; or the answer itself a list, equal to it as a whole
            if (generated instanceof List<?> && sameValue(generated, expected)) {
                return ScoreResult.correct(true);
            }
            for (Object e : list) {
                if (equal(generated, e)) {
                    return ScoreResult.correct(true);
                }
            }
            return ScoreResult.correct(false);
        }
        return ScoreResult.correct(equal(generated, expected));
    }

    /** Equal as text (an answer read as text against a number, say), or as values. */
    private static boolean equal(@Nullable Object generated, @Nullable Object expected) {
        if (generated instanceof String g && expected instanceof String e) {
            return g.equals(e);
        }
        return Objects.equals(JsonValues.text(generated), JsonValues.text(expected)) || sameValue(generated, expected);
    }

    /**
     * Whether two JSON values are equal as Python's {@code ==} finds them (Llama Stack's rule): numbers by value
     * ({@code 3 == 3.0}), objects whatever the order of their keys, lists element by element.
     */
    static boolean sameValue(@Nullable Object a, @Nullable Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            BigDecimal dx = decimal(x);
            BigDecimal dy = decimal(y);
            return dx != null && dy != null ? dx.compareTo(dy) == 0 : x.doubleValue() == y.doubleValue();
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !sameValue(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** A number's exact value; null for NaN and the infinities (compared as doubles). */
    private static @Nullable BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d) : null;
        }
        return BigDecimal.valueOf(n.longValue());
    }
}
