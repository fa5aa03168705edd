package dev.evals4j.scorers.judges;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.processing.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code braintrust::closed-qa}: a judge decides whether the answer to a task (the question) meets a criterion,
 * Y (1) or N (0), as autoevals' ClosedQA scores it.
 *
 * <p>The criterion is the {@code criteria} parameter, else the row's {@code criteria} column, else "the answer is
 * correct, agreeing with the expected answer" with the row's expected answer. {@code YES}/{@code NO} are read as
 * Y/N. Details: {@code judge_choice}, {@code judge_feedback}, {@code judge_usage}.
 */
public final class ClosedQaScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "braintrust::closed-qa";

    static final List<Choice> CHOICES = List.of(Choice.of("Y", "YES"), Choice.of("N", "NO"));
    static final String FORMAT = "a JSON object {\"reasoning\": \"…\", \"choice\": \"<Y or N>\"}";
    static final String CRITERIA_COLUMN = "criteria";

    static final Template PROMPT = Template.parse(
            """
            You are deciding whether a submitted answer to a task meets a criterion.

            [Task]
            {task}

            [Submitted answer]
            {submission}

            [Criterion]
            {criterion}

            Does the submitted answer meet the criterion? Reason briefly, then reply with only a JSON object:
            {{"reasoning": "<your reasoning>", "choice": "<Y if it meets the criterion, N if it does not>"}}""");

    private final Optional<String> criteria;

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public ClosedQaScorer() {
        this(null, null, Optional.empty());
    }

    ClosedQaScorer(JudgeModels models) {
        this(models, null, Optional.empty());
    }

    @Override
    ClosedQaScorer withModels(JudgeModels models) {
        return new ClosedQaScorer(models);
    }

    private ClosedQaScorer(JudgeModels models, Judge judge, Optional<String> criteria) {
        super(
                ID,
                "LLM judge: whether the answer to the task meets a criterion (by default: correct), Y=1 N=0",
                List.of("accuracy"),
                Set.of(ScorerInputSample.GENERATED_ANSWER, ScorerInputSample.INPUT_QUERY),
                models,
                judge);
        this.criteria = criteria;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        all.add(Parameter.optional(
                "criteria",
                ParamType.STRING,
                "what the answer must do; default: the row's criteria column, else agree with expected_answer"));
        all.addAll(JudgeSettings.parameters(JudgeSettings.OutputFormat.JSON_OBJECT));
        return List.copyOf(all);
    }

    @Override
    public ClosedQaScorer configure(Params params) {
        return new ClosedQaScorer(
                models(), judge(params), params.string("criteria").filter(s -> !s.isBlank()));
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        Optional<String> task = Inputs.question(sample);
        if (task.isEmpty()) {
            return ScoreResult.unscored("input_query (the task) is missing");
        }
        String criterion;
        Object column = sample.row().get(CRITERIA_COLUMN);
        if (criteria.isPresent()) {
            criterion = criteria.get();
        } else if (column != null && !Inputs.text(column).isBlank()) {
            criterion = Inputs.text(column);
        } else if (sample.expectedAnswer() != null) {
            criterion =
                    "The submitted answer is correct: it agrees with this expected answer: " + Inputs.expected(sample);
        } else {
            return ScoreResult.unscored(
                    "no criterion: set the parameter criteria, or give a criteria column or an" + " expected_answer");
        }
        String prompt = PROMPT.render(Map.of(
                "task", task.get(), "submission", Inputs.text(sample.generatedAnswer()), "criterion", criterion));
        Parsed<String> choice = t.ask(prompt, a -> JudgeText.choice(a, CHOICES, "choice", "answer"), FORMAT);
        if (choice.value().isEmpty()) {
            return t.unscored(choice.problem());
        }
        String c = choice.value().get();
        return t.score(ScoreResult.correct(c.equals("Y")).withDetails(Map.of("judge_choice", c)));
    }
}
