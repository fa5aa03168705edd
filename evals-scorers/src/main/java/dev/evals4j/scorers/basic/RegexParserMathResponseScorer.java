package dev.evals4j.scorers.basic;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.text.PythonRegex;
import dev.evals4j.core.text.RegexBudgetExceededException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code basic::regex_parser_math_response}: extracts the final answer of a math solution with one regex (else
 * the last {@code \boxed{…}}), normalises it and the expected answer with Llama Stack's pipeline
 * ({@link MathNormalizer}), and scores 1.0 when the two normalised strings are equal.
 *
 * <p>Generated side: cut at the first {@code Q:}/{@code A:}, the first regex hit, the substitutions, unit
 * removal, {@code \frac}/{@code \sqrt} fixing, {@code 0.5 → \frac{1}{2}}, {@code a/b → \frac{a}{b}}, then
 * {@code \frac{a}{b}} of numbers evaluated to {@code a/b} in {@code 0.2e} format. Expected side: the same with
 * the regex {@code .*}. SymPy's LaTeX evaluation is not available (see {@link MathNormalizer}).
 */
public final class RegexParserMathResponseScorer implements BaseScorer {
    public static final String ID = "basic::regex_parser_math_response";

    /** Llama Stack's default regex: the answer inside {@code $\boxed{…}$} after "final answer is". */
    public static final String DEFAULT_REGEX = ".*final answer is:?\\s*\\$\\\\boxed{(?P<X>.*)}\\$";

    /** Compiled on first use, not when the plugins are listed. */
    private static final class Regexes {
        static final PythonRegex DEFAULT = PythonRegex.compile(DEFAULT_REGEX);
        static final PythonRegex EXPECTED = PythonRegex.compile(".*");
    }

    /** The regex, or null for {@link Regexes#DEFAULT}. */
    private final @Nullable PythonRegex regex;

    public RegexParserMathResponseScorer() {
        this(null);
    }

    private RegexParserMathResponseScorer(@Nullable PythonRegex regex) {
        this.regex = regex;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "1.0 when the regex-extracted, normalised final answer equals the normalised expected_answer";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.withDefault(
                "parsing_regexes",
                ParamType.STRING_LIST,
                "exactly one Python regex that extracts the final answer (its group 1, or the whole match when it "
                        + "has no group)",
                List.of(DEFAULT_REGEX)));
    }

    @Override
    public BaseScorer configure(Params params) {
        List<String> sources =
                params.has("parsing_regexes") ? params.strings("parsing_regexes") : List.of(DEFAULT_REGEX);
        if (sources.size() != 1) {
            throw new ConfigurationException(
                    "parameter 'parsing_regexes' of " + ID + " must hold exactly one regex, had " + sources.size());
        }
        String source = sources.get(0);
        if (source.equals(DEFAULT_REGEX)) {
            return new RegexParserMathResponseScorer(null);
        }
        PythonRegex compiled = RegexParserMultipleChoiceScorer.compileParam(ID, "parsing_regexes", source);
        if (compiled.groupCount() > 1) {
            throw new ConfigurationException("parameter 'parsing_regexes' of " + ID + ": the regex '" + source
                    + "' has " + compiled.groupCount() + " groups; it may have at most one");
        }
        return new RegexParserMathResponseScorer(compiled);
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        if (sample.expectedAnswer() == null) {
            return ScoreResult.unscored("expected_answer is missing");
        }
        if (sample.expectedIsList()) {
            return ScoreResult.unscored("expected_answer must be one answer, was a list");
        }
        String generatedText = sample.generatedText();
        String expectedText = sample.expectedTexts().get(0);
        try {
            String expected = normalizeExpected(expectedText);
            if (generatedText == null) {
                return ScoreResult.correct(false).withDetails(details(null, expected));
            }
            String generated = normalizeGenerated(generatedText);
            return ScoreResult.correct(generated.equals(expected)).withDetails(details(generated, expected));
        } catch (RegexBudgetExceededException e) {
            return ScoreResult.unscored(e.getMessage());
        }
    }

    /** The generated answer as this scorer compares it. */
    public String normalizeGenerated(String generated) {
        String normalized = MathNormalizer.normalizeFinalAnswer(
                MathNormalizer.firstAnswer(generated), regex == null ? Regexes.DEFAULT : regex);
        return MathNormalizer.tryEvaluateFrac(MathNormalizer.tryEvaluateLatex(normalized));
    }

    /** The expected answer as this scorer compares it. */
    public static String normalizeExpected(String expected) {
        String normalized = MathNormalizer.normalizeFinalAnswer(expected, Regexes.EXPECTED);
        return MathNormalizer.tryEvaluateFrac(MathNormalizer.tryEvaluateLatex(normalized));
    }

    private static Map<String, Object> details(String generated, String expected) {
        Map<String, Object> d = new HashMap<>();
        d.put("normalized_generated_answer", generated);
        d.put("normalized_expected_answer", expected);
        return d;
    }
}
