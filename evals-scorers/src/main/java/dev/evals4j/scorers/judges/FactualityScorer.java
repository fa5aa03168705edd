package dev.evals4j.scorers.judges;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.processing.Template;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code braintrust::factuality}: a judge compares the generated answer with the expected (expert) answer to the
 * same question and picks how their facts relate, A to E, scored as autoevals scores Factuality: A (a consistent
 * subset) 0.4, B (a consistent superset) 0.6, C (the same facts) 1, D (a contradiction) 0, E (differences that do
 * not matter) 1.
 *
 * <p>The question is shown when the row has one ({@code input_query}). The judge is asked for JSON
 * {@code {"reasoning", "choice"}}; its text is read when the answer is not JSON. Details: {@code judge_choice},
 * {@code judge_feedback}, {@code judge_usage}.
 */
public final class FactualityScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "braintrust::factuality";

    static final List<Choice> CHOICES =
            List.of(Choice.of("A"), Choice.of("B"), Choice.of("C"), Choice.of("D"), Choice.of("E"));
    static final Map<String, Double> SCORES = Map.of("A", 0.4, "B", 0.6, "C", 1.0, "D", 0.0, "E", 1.0);
    static final String FORMAT = "a JSON object {\"reasoning\": \"…\", \"choice\": \"<one letter from A to E>\"}";

    static final Template PROMPT = Template.parse(
            """
            You are checking the facts of a submitted answer against an expert's answer to the same question. \
            Compare only what the two answers state as facts; ignore wording, style, length, grammar and \
            punctuation.

            [Question]
            {question}

            [Expert answer]
            {expert}

            [Submitted answer]
            {submission}

            Pick the one statement that describes how the submitted answer relates to the expert answer:
            (A) The submitted answer states some of the expert answer's facts, and all it states agrees with it.
            (B) The submitted answer states all of the expert answer's facts and more, and agrees with it.
            (C) The submitted answer states the same facts as the expert answer.
            (D) The submitted answer contradicts the expert answer on at least one fact.
            (E) The answers differ, but the differences do not change any fact.

            Think it through in a few sentences, then reply with only a JSON object:
            {{"reasoning": "<your reasoning>", "choice": "<A, B, C, D or E>"}}""");

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public FactualityScorer() {
        this(null, null);
    }

    FactualityScorer(JudgeModels models) {
        this(models, null);
    }

    @Override
    FactualityScorer withModels(JudgeModels models) {
        return new FactualityScorer(models);
    }

    private FactualityScorer(JudgeModels models, Judge judge) {
        super(
                ID,
                "LLM judge: how the answer's facts relate to the expected answer's, A-E scored 0.4/0.6/1/0/1",
                List.of("average"),
                Set.of(ScorerInputSample.GENERATED_ANSWER, ScorerInputSample.EXPECTED_ANSWER),
                models,
                judge);
    }

    @Override
    public FactualityScorer configure(Params params) {
        return new FactualityScorer(models(), judge(params));
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        if (sample.expectedAnswer() == null) {
            return ScoreResult.unscored("expected_answer is missing; the judge compares the answer with it");
        }
        String prompt = PROMPT.render(Map.of(
                "question", Inputs.question(sample).orElse("(no question given)"),
                "expert", Inputs.expected(sample),
                "submission", Inputs.text(sample.generatedAnswer())));
        Parsed<String> choice = t.ask(prompt, a -> JudgeText.choice(a, CHOICES, "choice", "answer"), FORMAT);
        if (choice.value().isEmpty()) {
            return t.unscored(choice.problem());
        }
        String c = choice.value().get();
        return t.score(ScoreResult.of(SCORES.get(c)).withDetails(Map.of("judge_choice", c)));
    }
}
