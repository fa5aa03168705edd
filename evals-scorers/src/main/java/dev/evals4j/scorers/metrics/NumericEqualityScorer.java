package dev.evals4j.scorers.metrics;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.filters.FilterChain;
import dev.evals4j.core.text.RegexBudgetExceededException;
import dev.evals4j.scorers.internal.NumberForms;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metrics::numeric_equality}: 1.0 when the (filtered) generated answer and the expected answer are the
 * same number, read as numbers rather than compared as text ({@code "26.00"} equals {@code "26"}, {@code "1,000"}
 * equals {@code 1000}). A number may carry thousands separators, a leading {@code $}, a trailing {@code %} or
 * period, and surrounding whitespace; a simple fraction {@code a/b} is read too. Equal means
 * {@code |a - b| <= max(tolerance, relative_tolerance × max(|a|, |b|))}, exactly (in decimal) when both
 * tolerances are 0. A generated answer that is not a number scores 0; an expected answer that is not one is
 * unscored.
 */
public final class NumericEqualityScorer implements BaseScorer {
    public static final String ID = "metrics::numeric_equality";

    private final double tolerance;
    private final double relativeTolerance;
    private final FilterChain filters;

    public NumericEqualityScorer() {
        this(0, 0, FilterChain.NONE);
    }

    private NumericEqualityScorer(double tolerance, double relativeTolerance, FilterChain filters) {
        this.tolerance = tolerance;
        this.relativeTolerance = relativeTolerance;
        this.filters = filters;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "1.0 when generated_answer and expected_answer are the same number, within a tolerance";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.withDefault(
                        "tolerance", ParamType.NUMBER, "the largest absolute difference still equal", 0.0),
                Parameter.withDefault(
                        "relative_tolerance",
                        ParamType.NUMBER,
                        "the largest difference still equal, relative to the larger magnitude",
                        0.0),
                FilterChain.parameter());
    }

    @Override
    public BaseScorer configure(Params params) {
        double abs = params.number("tolerance", 0);
        double rel = params.number("relative_tolerance", 0);
        if (!(abs >= 0) || !(rel >= 0) || Double.isInfinite(abs) || Double.isInfinite(rel)) {
            throw new ConfigurationException("parameters 'tolerance' and 'relative_tolerance' of " + ID
                    + " must be finite and at least 0, were " + abs + " and " + rel);
        }
        return new NumericEqualityScorer(abs, rel, FilterChain.fromParams(params, ID));
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        if (sample.expectedAnswer() == null) {
            return ScoreResult.unscored("expected_answer is missing");
        }
        String answer;
        try {
            answer = filters.answer(sample.generatedAnswer());
        } catch (RegexBudgetExceededException e) {
            return ScoreResult.unscored(e.getMessage());
        }
        Optional<BigDecimal> generated = answer == null ? Optional.empty() : read(answer);
        boolean anyExpected = false;
        for (Object expected :
                sample.expectedIsList() ? (List<?>) sample.expectedAnswer() : List.of(sample.expectedAnswer())) {
            Optional<BigDecimal> e = readValue(expected);
            if (e.isEmpty()) {
                continue;
            }
            anyExpected = true;
            if (generated.isPresent() && equal(generated.get(), e.get())) {
                return ScoreResult.correct(true);
            }
        }
        if (!anyExpected) {
            return ScoreResult.unscored("expected_answer is not a number: " + shorten(sample.expectedTexts()));
        }
        return generated.isPresent()
                ? ScoreResult.correct(false)
                : ScoreResult.correct(false).withDetails(Map.of("not_a_number", shorten(answer)));
    }

    private boolean equal(BigDecimal a, BigDecimal b) {
        if (tolerance == 0 && relativeTolerance == 0) {
            return a.compareTo(b) == 0;
        }
        double da = a.doubleValue();
        double db = b.doubleValue();
        double diff = a.subtract(b).abs().doubleValue();
        return diff <= Math.max(tolerance, relativeTolerance * Math.max(Math.abs(da), Math.abs(db)));
    }

    private static Optional<BigDecimal> readValue(Object v) {
        if (v instanceof Number n) {
            if (n instanceof Double d && !Double.isFinite(d)) {
                return Optional.empty();
            }
            return Optional.of(new BigDecimal(n.toString()));
        }
        return v instanceof String s ? read(s) : Optional.empty();
    }

    /** Reads a number as a model writes it, or empty (see {@link NumberForms}). */
    static Optional<BigDecimal> read(String text) {
        return NumberForms.read(text);
    }

    private static String shorten(Object o) {
        String s = String.valueOf(o);
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
