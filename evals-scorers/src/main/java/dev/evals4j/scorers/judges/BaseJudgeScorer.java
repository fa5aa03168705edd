package dev.evals4j.scorers.judges;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.processing.Template;
import dev.evals4j.core.text.PythonRegex;
import dev.evals4j.core.text.RegexBudgetExceededException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code llm-as-judge::base}: fills a prompt template with the sample ({@code {input_query}},
 * {@code {expected_answer}}, {@code {generated_answer}} and any other column), asks the judge, and reads the score
 * with the first of {@code judge_score_regexes} that matches (its group 1, or the whole match without a group).
 *
 * <p>A score that reads as a number is a number (Llama Stack returned strings, which no average could take);
 * anything else is a category. An answer that no regex matches is unscored with the judge's text kept; with
 * {@code max_parse_retries}, the judge is first asked again. The default template asks for a 0–5 rating on a
 * {@code Rating: N} line, which the default regex reads.
 */
public final class BaseJudgeScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "llm-as-judge::base";

    /** The template used when {@code prompt_template} is not given. */
    public static final String DEFAULT_TEMPLATE =
            """
            You are grading an answer to a question by comparing it with the expected answer.

            Question: {input_query}
            Expected answer: {expected_answer}
            Answer to grade: {generated_answer}

            Rate the answer from 0 to 5: 5 when it states the same facts as the expected answer, 0 when it \
            contradicts it or does not answer, and the numbers between for answers that are partly right. \
            Explain your rating in one or two sentences, then end with a line of the form
            Rating: <a whole number from 0 to 5>""";

    /** The regexes used when {@code judge_score_regexes} is not given: the number on a {@code Rating:} line. */
    public static final List<String> DEFAULT_REGEXES = List.of("(?i)rating\\s*[:=]\\s*\\**\\s*(-?\\d+(?:\\.\\d+)?)");

    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");

    private final Template template;
    /** The score regexes, or null for {@link DefaultRegexes#COMPILED}. */
    private final @Nullable List<PythonRegex> regexes;

    /** The default regexes, compiled on first use: listing the plugins does not translate regexes. */
    private static final class DefaultRegexes {
        static final List<PythonRegex> COMPILED = compile(DEFAULT_REGEXES);
    }

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public BaseJudgeScorer() {
        this(null, null, Template.parse(DEFAULT_TEMPLATE), null);
    }

    BaseJudgeScorer(JudgeModels models) {
        this(models, null, Template.parse(DEFAULT_TEMPLATE), null);
    }

    @Override
    BaseJudgeScorer withModels(JudgeModels models) {
        return new BaseJudgeScorer(models);
    }

    private BaseJudgeScorer(JudgeModels models, Judge judge, Template template, @Nullable List<PythonRegex> regexes) {
        super(
                ID,
                "LLM judge with your prompt template; the score read by regex is a number, or else a category",
                List.of("average", "categorical_count"),
                Set.of(ScorerInputSample.GENERATED_ANSWER),
                models,
                judge);
        this.template = template;
        this.regexes = regexes;
    }

    private List<PythonRegex> regexes() {
        return regexes == null ? DefaultRegexes.COMPILED : regexes;
    }

    private static List<PythonRegex> compile(List<String> sources) {
        List<PythonRegex> out = new ArrayList<>();
        for (String s : sources) {
            try {
                out.add(PythonRegex.compile(s));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("parameter 'judge_score_regexes' of " + ID + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        all.add(Parameter.withDefault(
                "prompt_template",
                ParamType.STRING,
                "the judge's prompt, with {input_query}, {expected_answer}, {generated_answer} or any other column;"
                        + " {{ and }} are literal braces",
                DEFAULT_TEMPLATE));
        all.add(Parameter.withDefault(
                "judge_score_regexes",
                ParamType.STRING_LIST,
                "Python regexes tried in order on the judge's answer; the first that matches gives the score in its"
                        + " group 1",
                DEFAULT_REGEXES));
        all.addAll(JudgeSettings.parameters(JudgeSettings.OutputFormat.TEXT));
        return List.copyOf(all);
    }

    /** The generated answer and the columns that the prompt template uses. */
    @Override
    public Set<String> requiredColumns() {
        Set<String> columns = new LinkedHashSet<>(template.columns());
        columns.add(ScorerInputSample.GENERATED_ANSWER);
        return Set.copyOf(columns);
    }

    @Override
    public BaseJudgeScorer configure(Params params) {
        Template t;
        try {
            t = Template.parse(params.string("prompt_template").orElse(DEFAULT_TEMPLATE));
        } catch (ConfigurationException e) {
            throw new ConfigurationException("parameter 'prompt_template' of " + ID + ": " + e.getMessage(), e);
        }
        List<String> sources =
                params.has("judge_score_regexes") ? params.strings("judge_score_regexes") : DEFAULT_REGEXES;
        if (sources.isEmpty()) {
            throw new ConfigurationException("parameter 'judge_score_regexes' of " + ID
                    + " needs at least one regex; the score is read from its group 1");
        }
        return new BaseJudgeScorer(
                models(), judge(params), t, sources.equals(DEFAULT_REGEXES) ? null : compile(sources));
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        Map<String, Object> values = new LinkedHashMap<>(sample.row());
        values.put(ScorerInputSample.GENERATED_ANSWER, sample.generatedAnswer());
        values.put(ScorerInputSample.EXPECTED_ANSWER, sample.expectedAnswer());
        Inputs.question(sample).ifPresent(q -> values.put(ScorerInputSample.INPUT_QUERY, q));
        for (String column : template.columns()) {
            if (!values.containsKey(column)) {
                return ScoreResult.unscored("the prompt template uses {" + column + "}, which the sample does not"
                        + " have; its columns: " + String.join(", ", values.keySet()));
            }
        }
        String prompt = template.render(values);
        Parsed<String> read =
                t.ask(prompt, this::read, "your answer, ending with the score in the form the prompt" + " asks for");
        if (read.value().isEmpty()) {
            return t.unscored(read.problem());
        }
        String score = read.value().get();
        ScoreResult result = NUMBER.matcher(score).matches()
                ? finite(new BigDecimal(score).doubleValue(), score)
                : ScoreResult.category(score);
        return t.score(result);
    }

    private static ScoreResult finite(double value, String text) {
        return Double.isFinite(value) ? ScoreResult.of(value) : ScoreResult.category(text);
    }

    private Parsed<String> read(String answer) {
        if (answer.isBlank()) {
            return Parsed.failure("the judge's answer is empty");
        }
        try {
            for (PythonRegex regex : regexes()) {
                Optional<MatchResult> m = regex.search(answer);
                if (m.isPresent()) {
                    String value =
                            regex.groupCount() >= 1 ? m.get().group(1) : m.get().group();
                    if (value == null || value.isBlank()) {
                        return Parsed.failure("the regex '" + regex.source() + "' matched the judge's answer but"
                                + " captured nothing");
                    }
                    return Parsed.of(value.strip());
                }
            }
        } catch (RegexBudgetExceededException e) {
            return Parsed.failure(e.getMessage());
        }
        return Parsed.failure("no judge_score_regexes matched the judge's answer ("
                + String.join(
                        ", ",
                        regexes().stream().map(r -> "'" + r.source() + "'").toList()) + ")");
    }
}
