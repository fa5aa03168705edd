package dev.evals4j.scorers.judges;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.processing.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code braintrust::faithfulness}: a judge splits the generated answer into statements, then decides for each
 * whether the row's {@code context} supports it; the score is the share supported, as RAGAS computes it.
 *
 * <p>The statements come from the generated answer, as RAGAS defines the metric (autoevals' code takes them
 * from the expected answer). An answer with no statement to check ("I don't know", or empty) is unscored, where
 * RAGAS gives NaN; so is a verdict list whose length differs from the statements'. Details: {@code statements},
 * {@code verdicts}, and the judge's.
 */
public final class FaithfulnessScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "braintrust::faithfulness";

    static final String STATEMENTS_FORMAT = "a JSON object {\"statements\": [\"…\"]}";
    static final String VERDICTS_FORMAT =
            "a JSON object {\"verdicts\": [{\"statement\": \"…\", \"reason\": \"…\", \"verdict\": <1 or 0>}]}";

    static final Template STATEMENTS = Template.parse(
            """
            Break the answer below into short statements that each state one fact and can be understood on their \
            own (write out names instead of pronouns). Leave out anything that states no fact. An answer that \
            states nothing, such as "I don't know", has no statements.

            [Question]
            {question}

            [Answer]
            {answer}

            Reply with only a JSON object:
            {{"statements": ["<statement>", ...]}}""");

    static final Template VERDICTS = Template.parse(
            """
            Decide for each numbered statement whether the context below supports it: 1 when the statement can \
            be inferred from the context, 0 when the context does not say it or says otherwise. Use only the \
            context, not what you know.

            [Context]
            {context}

            [Statements]
            {statements}

            Reply with only a JSON object with one verdict per statement, in order:
            {{"verdicts": [{{"statement": "<statement>", "reason": "<why>", "verdict": <1 or 0>}}, ...]}}""");

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public FaithfulnessScorer() {
        this(null, null);
    }

    FaithfulnessScorer(JudgeModels models) {
        this(models, null);
    }

    @Override
    FaithfulnessScorer withModels(JudgeModels models) {
        return new FaithfulnessScorer(models);
    }

    private FaithfulnessScorer(JudgeModels models, Judge judge) {
        super(
                ID,
                "LLM judge: the share of the answer's statements that the row's context supports",
                List.of("average"),
                Set.of(ScorerInputSample.GENERATED_ANSWER, Inputs.CONTEXT),
                models,
                judge);
    }

    @Override
    public FaithfulnessScorer configure(Params params) {
        return new FaithfulnessScorer(models(), judge(params));
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        List<String> passages = Inputs.contextPassages(sample);
        if (passages.isEmpty()) {
            return ScoreResult.unscored("the row has no context to check the answer against");
        }
        String answer = Inputs.text(sample.generatedAnswer());
        if (answer.isBlank()) {
            return ScoreResult.unscored("the generated answer is empty; it has no statements to check");
        }
        Parsed<List<String>> statements = t.ask(
                STATEMENTS.render(
                        Map.of("question", Inputs.question(sample).orElse("(no question given)"), "answer", answer)),
                a -> Statements.strings(a, "statements"),
                STATEMENTS_FORMAT);
        if (statements.value().isEmpty()) {
            return t.unscored(statements.problem());
        }
        List<String> list = statements.value().get();
        if (list.isEmpty()) {
            return t.unscored("the answer holds no statements to check");
        }
        Parsed<List<Statements.Verdict>> verdicts = t.ask(
                VERDICTS.render(Map.of("context", Inputs.context(passages), "statements", Statements.numbered(list))),
                a -> Statements.verdicts(a, "verdicts", "statement", "verdict", list.size(), "statements"),
                VERDICTS_FORMAT);
        if (verdicts.value().isEmpty()) {
            return t.unscored(verdicts.problem());
        }
        List<Statements.Verdict> v = verdicts.value().get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("statements", list);
        details.put("verdicts", Statements.toJson(v, "statement", "verdict"));
        return t.score(ScoreResult.of((double) Statements.ones(v) / v.size()).withDetails(details));
    }
}
