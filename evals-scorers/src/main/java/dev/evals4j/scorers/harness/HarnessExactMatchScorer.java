package dev.evals4j.scorers.harness;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.filters.FilterChain;
import dev.evals4j.core.text.PyText;
import dev.evals4j.core.text.PythonRegex;
import dev.evals4j.core.text.RegexBudgetExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code harness::exact_match}: lm-evaluation-harness's {@code exact_match} metric (Hugging Face evaluate's), after
 * the optional filter chain. Both sides are transformed in the harness's order: each of
 * {@code regexes_to_ignore} removed ({@code re.sub} with Python syntax, in order), then lower-cased
 * ({@code ignore_case}), then ASCII punctuation removed ({@code ignore_punctuation}), then digits 0–9 removed
 * ({@code ignore_numbers}); the score is 1.0 when they are equal (with an expected list, when any element is).
 */
public final class HarnessExactMatchScorer implements BaseScorer {
    public static final String ID = "harness::exact_match";

    /** Python's {@code string.punctuation}. */
    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final boolean ignoreCase;
    private final boolean ignorePunctuation;
    private final boolean ignoreNumbers;
    private final List<PythonRegex> regexesToIgnore;
    private final FilterChain filters;

    public HarnessExactMatchScorer() {
        this(false, false, false, List.of(), FilterChain.NONE);
    }

    private HarnessExactMatchScorer(
            boolean ignoreCase,
            boolean ignorePunctuation,
            boolean ignoreNumbers,
            List<PythonRegex> regexesToIgnore,
            FilterChain filters) {
        this.ignoreCase = ignoreCase;
        this.ignorePunctuation = ignorePunctuation;
        this.ignoreNumbers = ignoreNumbers;
        this.regexesToIgnore = List.copyOf(regexesToIgnore);
        this.filters = filters;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "lm-evaluation-harness exact_match with ignore_case, ignore_punctuation, ignore_numbers, "
                + "regexes_to_ignore and filters";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.withDefault("ignore_case", ParamType.BOOLEAN, "lower-case both sides", false),
                Parameter.withDefault(
                        "ignore_punctuation",
                        ParamType.BOOLEAN,
                        "remove ASCII punctuation (Python's string.punctuation) from both sides",
                        false),
                Parameter.withDefault(
                        "ignore_numbers", ParamType.BOOLEAN, "remove the digits 0-9 from both sides", false),
                Parameter.withDefault(
                        "regexes_to_ignore",
                        ParamType.STRING_LIST,
                        "Python regexes whose matches are removed from both sides, in order, first of all",
                        List.of()),
                FilterChain.parameter());
    }

    @Override
    public BaseScorer configure(Params params) {
        List<PythonRegex> regexes = new ArrayList<>();
        for (String source : params.strings("regexes_to_ignore")) {
            try {
                regexes.add(PythonRegex.compile(source));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("parameter 'regexes_to_ignore' of " + ID + ": " + e.getMessage(), e);
            }
        }
        return new HarnessExactMatchScorer(
                params.bool("ignore_case", false),
                params.bool("ignore_punctuation", false),
                params.bool("ignore_numbers", false),
                regexes,
                FilterChain.fromParams(params, ID));
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        if (sample.expectedAnswer() == null) {
            return ScoreResult.unscored("expected_answer is missing");
        }
        try {
            String answer = filters.answer(sample.generatedAnswer());
            if (answer == null) {
                return ScoreResult.correct(false);
            }
            String prediction = transform(answer);
            for (String expected : sample.expectedTexts()) {
                if (expected != null && transform(expected).equals(prediction)) {
                    return ScoreResult.correct(true).withDetails(Map.of("filtered_answer", answer));
                }
            }
            return ScoreResult.correct(false).withDetails(Map.of("filtered_answer", answer));
        } catch (RegexBudgetExceededException e) {
            return ScoreResult.unscored(e.getMessage());
        }
    }

    String transform(String s) {
        for (PythonRegex regex : regexesToIgnore) {
            s = regex.subLiteral(s, "", 0);
        }
        if (ignoreCase) {
            s = PyText.lower(s);
        }
        if (ignorePunctuation) {
            s = removeChars(s, PUNCTUATION);
        }
        if (ignoreNumbers) {
            s = removeChars(s, "0123456789");
        }
        return s;
    }

    static String removeChars(String s, String chars) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (chars.indexOf(c) < 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
