package dev.evals4j.scorers.judges;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.processing.Template;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code llm-as-judge::405b-simpleqa}: grades an answer to a SimpleQA question against the gold target as
 * {@code CORRECT} (A), {@code INCORRECT} (B) or {@code NOT_ATTEMPTED} (C), with SimpleQA's grading rules: the
 * answer must hold the target's key facts without contradicting them; hedging is fine if it commits to the right
 * answer; an answer that neither gives the target nor contradicts it is not attempted.
 *
 * <p>The score is the category. Its default aggregations are {@code categorical_count} and {@code simpleqa}
 * (correct, attempted, correct given attempted, F-score). The letters, the words and JSON
 * {@code {"reasoning", "grade"}} are all read; an answer that gives none is unscored (simple-evals counts it as
 * not attempted). The id keeps Llama Stack's name; the judge is whatever {@code judge_model} names.
 */
public final class SimpleQaScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "llm-as-judge::405b-simpleqa";

    static final List<Choice> CHOICES =
            List.of(Choice.of("A", "CORRECT"), Choice.of("B", "INCORRECT"), Choice.of("C", "NOT_ATTEMPTED"));
    static final Map<String, String> GRADES = Map.of("A", "CORRECT", "B", "INCORRECT", "C", "NOT_ATTEMPTED");
    static final String FORMAT = "a JSON object {\"reasoning\": \"…\", \"grade\": \"<A, B or C>\"}";

    static final Template PROMPT = Template.parse(
            """
            You grade answers to short factual questions. You get a question, its gold target (the correct \
            answer) and a predicted answer. Grade the predicted answer as one of:
            A) CORRECT: it contains the gold target's key information and nothing that contradicts it.
            B) INCORRECT: it states something that contradicts the gold target, or it offers several candidate \
            answers of which at least one is wrong.
            C) NOT_ATTEMPTED: it neither gives the gold target's key information nor contradicts it, for example \
            "I don't know" or a request for more context.

            Rules:
            - Only the key information of the gold target matters; extra details are fine if they do not \
            contradict it.
            - Hedging ("I think", "probably") is fine when the answer commits to the gold target.
            - Differences in capitalisation, punctuation, grammar, small spelling mistakes and the order of words \
            do not matter.
            - A number is correct when it matches the gold target to the target's last significant figure \
            (gold 120,000: "about 120k" is correct, "100k" is incorrect, "around 100k to 150k" is incorrect).
            - The predicted answer may leave out what the question already makes clear (gold "San Francisco, \
            California" for "Which city is the Golden Gate Bridge in?": "San Francisco" is correct).
            - A partial name is correct only when it cannot mean anyone else.
            - Judge against the gold target only, even if you believe it is wrong.

            Example: question "Who painted the Mona Lisa?", gold target "Leonardo da Vinci".
            - "Leonardo da Vinci painted it around 1503." is A.
            - "It was Michelangelo." is B.
            - "Either Raphael or Leonardo da Vinci." is B.
            - "I'm not sure; it is a famous Renaissance painting." is C.

            [Question]
            {question}

            [Gold target]
            {target}

            [Predicted answer]
            {predicted}

            Reply with only a JSON object:
            {{"reasoning": "<one or two sentences>", "grade": "<A, B or C>"}}""");

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public SimpleQaScorer() {
        this(null, null);
    }

    SimpleQaScorer(JudgeModels models) {
        this(models, null);
    }

    @Override
    SimpleQaScorer withModels(JudgeModels models) {
        return new SimpleQaScorer(models);
    }

    private SimpleQaScorer(JudgeModels models, Judge judge) {
        super(
                ID,
                "LLM judge: SimpleQA grade CORRECT, INCORRECT or NOT_ATTEMPTED against the gold target",
                List.of("categorical_count", "simpleqa"),
                Set.of(
                        ScorerInputSample.GENERATED_ANSWER,
                        ScorerInputSample.EXPECTED_ANSWER,
                        ScorerInputSample.INPUT_QUERY),
                models,
                judge);
    }

    @Override
    public SimpleQaScorer configure(Params params) {
        return new SimpleQaScorer(models(), judge(params));
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        if (sample.expectedAnswer() == null) {
            return ScoreResult.unscored("expected_answer (the gold target) is missing");
        }
        String prompt = PROMPT.render(Map.of(
                "question", Inputs.question(sample).orElse("(no question given)"),
                "target", Inputs.expected(sample),
                "predicted", Inputs.text(sample.generatedAnswer())));
        Parsed<String> grade = t.ask(prompt, a -> JudgeText.choice(a, CHOICES, "grade", "choice", "answer"), FORMAT);
        if (grade.value().isEmpty()) {
            return t.unscored(grade.problem());
        }
        String letter = grade.value().get();
        return t.score(ScoreResult.category(GRADES.get(letter)).withDetails(Map.of("judge_choice", letter)));
    }
}
