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
 * {@code braintrust::context-recall}: a judge splits the expected answer into statements and decides for each
 * whether it can be attributed to the row's {@code context}; the score is the share attributed, as autoevals and
 * RAGAS compute it. None at all is unscored. Details: {@code statements} (each with {@code attributed} and a
 * reason), and the judge's.
 */
public final class ContextRecallScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "braintrust::context-recall";

    static final String FORMAT = "a JSON object {\"statements\": [{\"statement\": \"…\", \"reason\": \"…\","
            + " \"attributed\": <1 or 0>}]}";

    static final Template PROMPT = Template.parse(
            """
            Split the reference answer below into its sentences or statements. For each, decide whether the \
            context supports it: 1 when it can be attributed to the context, 0 when the context does not say it. \
            Use only the context, not what you know.

            [Question]
            {question}

            [Context]
            {context}

            [Reference answer]
            {reference}

            Reply with only a JSON object:
            {{"statements": [{{"statement": "<statement>", "reason": "<why>", "attributed": <1 or 0>}}, ...]}}""");

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public ContextRecallScorer() {
        this(null, null);
    }

    ContextRecallScorer(JudgeModels models) {
        this(models, null);
    }

    @Override
    ContextRecallScorer withModels(JudgeModels models) {
        return new ContextRecallScorer(models);
    }

    private ContextRecallScorer(JudgeModels models, Judge judge) {
        super(
                ID,
                "LLM judge: the share of the expected answer's statements that the row's context supports",
                List.of("average"),
                Set.of(ScorerInputSample.GENERATED_ANSWER, ScorerInputSample.EXPECTED_ANSWER, Inputs.CONTEXT),
                models,
                judge);
    }

    @Override
    public ContextRecallScorer configure(Params params) {
        return new ContextRecallScorer(models(), judge(params));
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        List<String> passages = Inputs.contextPassages(sample);
        if (passages.isEmpty()) {
            return ScoreResult.unscored("the row has no context to check the expected answer against");
        }
        String reference = Inputs.expected(sample);
        if (sample.expectedAnswer() == null || reference.isBlank()) {
            return ScoreResult.unscored("expected_answer is missing or empty");
        }
        Parsed<List<Statements.Verdict>> read = t.ask(
                PROMPT.render(Map.of(
                        "question",
                        Inputs.question(sample).orElse("(no question given)"),
                        "context",
                        Inputs.context(passages),
                        "reference",
                        reference)),
                a -> Statements.verdicts(a, "statements", "statement", "attributed", -1, "statements"),
                FORMAT);
        if (read.value().isEmpty()) {
            return t.unscored(read.problem());
        }
        List<Statements.Verdict> v = read.value().get();
        if (v.isEmpty()) {
            return t.unscored("the judge found no statements in the expected answer");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("statements", Statements.toJson(v, "statement", "attributed"));
        return t.score(ScoreResult.of((double) Statements.ones(v) / v.size()).withDetails(details));
    }
}
