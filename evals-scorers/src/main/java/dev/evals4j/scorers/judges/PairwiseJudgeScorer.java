package dev.evals4j.scorers.judges;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.processing.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code llm-as-judge::pairwise}: which of two answers to the same question is better, the generated answer or
 * the row's {@code baseline_answer} (another run's answer; {@code baseline_column} names another column). Judges
 * prefer the answer in one position, so the judge is asked twice, once with each answer first.
 *
 * <p>The score is from the generated answer's side: 1.0 (win) when both orders prefer it, 0.0 (loss) when both
 * prefer the baseline, 0.5 (tie) otherwise: both orders say tie, one says tie, or the orders disagree (the
 * preference followed the position, not the answer). The average over a run is the win rate with ties counted
 * half. Details: {@code outcome} ({@code win}, {@code tie}, {@code loss}), {@code first_order} and
 * {@code second_order} (what each order preferred: {@code generated}, {@code baseline} or {@code tie}),
 * {@code consistent}, and the judge's. When either answer cannot be read the sample is unscored.
 */
public final class PairwiseJudgeScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "llm-as-judge::pairwise";

    /** The column of the other answer unless {@code baseline_column} names another. */
    public static final String DEFAULT_BASELINE_COLUMN = "baseline_answer";

    static final List<Choice> CHOICES = List.of(Choice.of("A"), Choice.of("B"), Choice.of("TIE", "DRAW", "EQUAL"));
    static final String FORMAT = "a JSON object {\"reasoning\": \"…\", \"choice\": \"<A, B or TIE>\"}";

    static final Template PROMPT = Template.parse(
            """
            You compare two answers to the same question and decide which is better. {criteria} The order in \
            which the answers appear, their length and their style must not sway you.

            [Question]
            {question}
            {reference}
            [Answer A]
            {first}

            [Answer B]
            {second}

            Reason briefly, then reply with only a JSON object:
            {{"reasoning": "<your reasoning>", "choice": "<A if answer A is better, B if answer B is better, TIE \
            if neither is>"}}""");

    static final String DEFAULT_CRITERIA = "The better answer is the more correct, complete and helpful one.";

    private final String baselineColumn;
    private final String criteria;

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public PairwiseJudgeScorer() {
        this(null, null, DEFAULT_BASELINE_COLUMN, DEFAULT_CRITERIA);
    }

    PairwiseJudgeScorer(JudgeModels models) {
        this(models, null, DEFAULT_BASELINE_COLUMN, DEFAULT_CRITERIA);
    }

    @Override
    PairwiseJudgeScorer withModels(JudgeModels models) {
        return new PairwiseJudgeScorer(models);
    }

    private PairwiseJudgeScorer(JudgeModels models, Judge judge, String baselineColumn, String criteria) {
        super(
                ID,
                "LLM judge: is the answer better than the baseline_answer column, asked in both orders; 1/0.5/0",
                List.of("average", "categorical_count"),
                Set.of(ScorerInputSample.GENERATED_ANSWER),
                models,
                judge);
        this.baselineColumn = baselineColumn;
        this.criteria = criteria;
    }

    /** The generated answer and the configured baseline column. */
    @Override
    public Set<String> requiredColumns() {
        return Set.of(ScorerInputSample.GENERATED_ANSWER, baselineColumn);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        all.add(Parameter.withDefault(
                "baseline_column",
                ParamType.STRING,
                "the column holding the answer to compare with",
                DEFAULT_BASELINE_COLUMN));
        all.add(Parameter.withDefault("criteria", ParamType.STRING, "what makes one answer better", DEFAULT_CRITERIA));
        all.addAll(JudgeSettings.parameters(JudgeSettings.OutputFormat.JSON_OBJECT));
        return List.copyOf(all);
    }

    @Override
    public PairwiseJudgeScorer configure(Params params) {
        String column =
                params.string("baseline_column").orElse(DEFAULT_BASELINE_COLUMN).strip();
        if (column.isEmpty()) {
            throw new ConfigurationException("parameter 'baseline_column' of " + ID + " must name a column");
        }
        return new PairwiseJudgeScorer(
                models(),
                judge(params),
                column,
                params.string("criteria").orElse(DEFAULT_CRITERIA).strip());
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        if (!sample.row().containsKey(baselineColumn) || sample.row().get(baselineColumn) == null) {
            return ScoreResult.unscored("the row has no " + baselineColumn + " to compare with");
        }
        String generated = Inputs.text(sample.generatedAnswer());
        String baseline = Inputs.text(sample.row().get(baselineColumn));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("criteria", criteria);
        values.put("question", Inputs.question(sample).orElse("(no question given)"));
        values.put(
                "reference",
                sample.expectedAnswer() == null
                        ? ""
                        : "\n[Reference answer, for your judgement]\n" + Inputs.expected(sample) + "\n");
        values.put("first", generated);
        values.put("second", baseline);
        Parsed<String> first = t.ask(PROMPT.render(values), a -> JudgeText.choice(a, CHOICES, "choice"), FORMAT);
        if (first.value().isEmpty()) {
            return t.unscored("in the order generated, baseline: " + first.problem());
        }
        values.put("first", baseline);
        values.put("second", generated);
        Parsed<String> second = t.ask(PROMPT.render(values), a -> JudgeText.choice(a, CHOICES, "choice"), FORMAT);
        if (second.value().isEmpty()) {
            return t.unscored("in the order baseline, generated: " + second.problem());
        }
        String one = preferred(first.value().get(), "A");
        String two = preferred(second.value().get(), "B");
        String outcome = outcome(one, two);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("outcome", outcome);
        details.put("first_order", one);
        details.put("second_order", two);
        details.put("consistent", one.equals(two));
        double score =
                switch (outcome) {
                    case "win" -> 1.0;
                    case "loss" -> 0.0;
                    default -> 0.5;
                };
        return t.score(ScoreResult.of(score).withDetails(details));
    }

    /** Which answer a choice prefers, given the letter the generated answer had in that order. */
    private static String preferred(String choice, String generatedLetter) {
        if (choice.equals("TIE")) {
            return "tie";
        }
        return choice.equals(generatedLetter) ? "generated" : "baseline";
    }

    /** Win when both orders prefer the generated answer, loss when both prefer the baseline, else tie. */
    static String outcome(String firstOrder, String secondOrder) {
        return firstOrder.equals("generated") && secondOrder.equals("generated")
                ? "win"
                : firstOrder.equals("baseline") && secondOrder.equals("baseline") ? "loss" : "tie";
    }
}
