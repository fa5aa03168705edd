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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import org.jspecify.annotations.Nullable;

/**
 * {@code basic::regex_parser_multiple_choice_answer}: parses the chosen letter out of the generated answer with
 * the first of a list of regexes that matches (its group 1), and scores 1.0 when it equals the expected answer.
 *
 * <p>The default regexes are Llama Stack's 42 ({@code The best answer is }, {@code Answer\s*:} and localised
 * forms, each in the template {@link #TEMPLATE}). They match case-insensitively, but Llama Stack compares the
 * parsed letter case-sensitively, so {@code "answer : d"} scores 0 against {@code "D"}; that is the default here
 * for parity, and {@code ignore_case=true} gives the corrected, case-insensitive comparison.
 */
public final class RegexParserMultipleChoiceScorer implements BaseScorer {
    public static final String ID = "basic::regex_parser_multiple_choice_answer";

    /** Llama Stack's template: a prefix, optional whitespace, then a letter A–D (also Arabic, Bengali, fullwidth). */
    public static final String TEMPLATE =
            "(?i)%s\\s*([A-D]|[\u0623-\u062F]|[\u0985]|[\u09AC]|[\u09A1]|[\u09A2]|[\uFF21]|[\uFF22]|[\uFF23]|[\uFF24])";

    /** The answer prefixes of Llama Stack v0.7.1's default parsing regexes, in order. */
    public static final List<String> DEFAULT_PREFIXES = List.of(
            "The best answer is ",
            "Answer\\s*:",
            "Answer\\s*:\u200B\u200B\u200B\u200B\u200B\u200B",
            "\u0989\u09A4\u09CD\u09A4\u09B0\\s*:",
            "\u0909\u0924\u094D\u0924\u0930\\s*:",
            "\u0989\u09A4\u09CD\u09A4\u09B0\u0983",
            "\u0989\u09A4\u09CD\u09A4\u09B0\\s*:",
            "Antwort\\s*:",
            "\uB2F5\uBCC0\\s*:",
            "\uC815\uB2F5\\s*:",
            "\uB2F5\\s*:",
            "\u7B54\u6848\\s*\uFF1A",
            "\u7B54\u6848\\s*:",
            "\u7B54\\s*\uFF1A",
            "\u7B54\\s*:",
            "\u7B54\u590D\\s*\uFF1A",
            "\u7B54\u66F0\\s*\uFF1A",
            "\u0627\u0644\u0625\u062C\u0627\u0628\u0629:",
            "\u0627\u0644\u062C\u0648\u0627\u0628:",
            "\u0625\u062C\u0627\u0628\u0629:",
            "\u0627\u0644\u0625\u062C\u0627\u0628\u0629 \u0627\u0644\u0646\u0647\u0627\u0626\u064A\u0629:",
            "\u0627\u0644\u0625\u062C\u0627\u0628\u0629 \u0627\u0644\u0635\u062D\u064A\u062D\u0629:",
            "\u0627\u0644\u0625\u062C\u0627\u0628\u0629 \u0627\u0644\u0635\u062D\u064A\u062D\u0629 \u0647\u064A:",
            "\u0627\u0644\u0625\u062C\u0627\u0628\u0629 \u0647\u064A:",
            "Respuesta\\s*:",
            "Risposta\\s*:",
            "\u7B54\u3048\\s*:",
            "\u7B54\u3048\\s*\uFF1A",
            "\u56DE\u7B54\\s*:",
            "\u56DE\u7B54\\s*\uFF1A",
            "\u89E3\u7B54\\s*:",
            "Jawaban\\s*:",
            "R\u00E9ponse\\s*:",
            "Resposta\\s*:",
            "Jibu\\s*:",
            "Idahun\\s*:",
            "\u00CCd\u00E1h\u00F9n\\s*:",
            "Id\u00E1h\u00F9n\\s*:",
            "A\u0300m\u1ECD\u0300na\u0300\\s*:",
            "\u00C0d\u00E1h\u00F9n\\s*:",
            "A\u0300nu\u0301go\u0323\\s*:",
            "\u00C0\u1E63\u00E0y\u00E0n\\s*:");

    /** Llama Stack's default parsing regexes: each prefix in {@link #TEMPLATE}. */
    public static final List<String> DEFAULT_REGEXES =
            DEFAULT_PREFIXES.stream().map(p -> String.format(TEMPLATE, p)).toList();

    /**
     * The default regexes, compiled when a scorer first uses them: translating 42 Python regexes takes a tenth of a
     * second of a cold JVM, which commands that only list or describe the plugins should not pay.
     */
    private static final class Defaults {
        static final List<PythonRegex> COMPILED =
                DEFAULT_REGEXES.stream().map(PythonRegex::compile).toList();
    }

    /** The regexes, or null for {@link Defaults#COMPILED}. */
    private final @Nullable List<PythonRegex> regexes;

    private final boolean ignoreCase;

    public RegexParserMultipleChoiceScorer() {
        this(null, false);
    }

    private RegexParserMultipleChoiceScorer(@Nullable List<PythonRegex> regexes, boolean ignoreCase) {
        this.regexes = regexes;
        this.ignoreCase = ignoreCase;
    }

    private List<PythonRegex> regexes() {
        return regexes == null ? Defaults.COMPILED : regexes;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "1.0 when the letter parsed by the first matching regex (group 1) equals expected_answer";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.withDefault(
                        "parsing_regexes",
                        ParamType.STRING_LIST,
                        "Python regexes tried in order; the first that matches gives the answer in its group 1",
                        DEFAULT_REGEXES),
                Parameter.withDefault(
                        "ignore_case",
                        ParamType.BOOLEAN,
                        "compare the parsed answer with expected_answer case-insensitively (Llama Stack compares "
                                + "case-sensitively, so 'answer : d' scores 0 against 'D')",
                        false));
    }

    @Override
    public BaseScorer configure(Params params) {
        List<String> sources = params.has("parsing_regexes") ? params.strings("parsing_regexes") : DEFAULT_REGEXES;
        if (sources.isEmpty()) {
            throw new ConfigurationException("parameter 'parsing_regexes' of " + ID + " needs at least one regex");
        }
        if (sources.equals(DEFAULT_REGEXES)) {
            return new RegexParserMultipleChoiceScorer(null, params.bool("ignore_case", false));
        }
        List<PythonRegex> compiled = new ArrayList<>();
        for (String source : sources) {
            PythonRegex regex = compileParam(ID, "parsing_regexes", source);
            if (regex.groupCount() < 1) {
                throw new ConfigurationException("parameter 'parsing_regexes' of " + ID + ": the regex '" + source
                        + "' has no group; the answer is read from group 1");
            }
            compiled.add(regex);
        }
        List<PythonRegex> list = List.copyOf(compiled);
        return new RegexParserMultipleChoiceScorer(list, params.bool("ignore_case", false));
    }

    static PythonRegex compileParam(String id, String name, String source) {
        try {
            return PythonRegex.compile(source);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("parameter '" + name + "' of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        if (sample.expectedAnswer() == null) {
            return ScoreResult.unscored("expected_answer is missing");
        }
        String generated = sample.generatedText();
        if (generated == null) {
            return ScoreResult.correct(false).withDetails(parsed(null));
        }
        String parsed = null;
        try {
            for (PythonRegex regex : regexes()) {
                Optional<MatchResult> match = regex.search(generated);
                if (match.isPresent()) {
                    parsed = match.get().group(1);
                    break;
                }
            }
        } catch (RegexBudgetExceededException e) {
            return ScoreResult.unscored(e.getMessage());
        }
        boolean correct = false;
        if (parsed != null && !parsed.isEmpty()) {
            for (String expected : sample.expectedTexts()) {
                if (expected != null && (ignoreCase ? parsed.equalsIgnoreCase(expected) : parsed.equals(expected))) {
                    correct = true;
                    break;
                }
            }
        }
        return ScoreResult.correct(correct).withDetails(parsed(parsed));
    }

    private static Map<String, Object> parsed(String parsed) {
        Map<String, Object> details = new HashMap<>();
        details.put("parsed_answer", parsed);
        return details;
    }
}
