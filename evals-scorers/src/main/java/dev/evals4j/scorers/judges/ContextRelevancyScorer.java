package dev.evals4j.scorers.judges;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.processing.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code braintrust::context-relevancy}: a judge copies, word for word, the sentences of the row's
 * {@code context} needed to answer the question; the score is the length of those sentences over the length of
 * the context (in characters, passages joined by newlines), as autoevals computes it, capped at 1 (a judge that
 * copies more than the context would otherwise score above 1). Details: {@code relevant_sentences}, and the
 * judge's.
 */
public final class ContextRelevancyScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "braintrust::context-relevancy";

    static final String FORMAT = "a JSON object {\"sentences\": [\"…\"]}";

    static final Template PROMPT = Template.parse(
            """
            Copy from the context below, word for word and without changes, the sentences that are needed to \
            answer the question. If no sentence is needed, or the context cannot answer the question, give an \
            empty list.

            [Question]
            {question}

            [Context]
            {context}

            Reply with only a JSON object:
            {{"sentences": ["<sentence copied from the context>", ...]}}""");

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public ContextRelevancyScorer() {
        this(null, null);
    }

    ContextRelevancyScorer(JudgeModels models) {
        this(models, null);
    }

    @Override
    ContextRelevancyScorer withModels(JudgeModels models) {
        return new ContextRelevancyScorer(models);
    }

    private ContextRelevancyScorer(JudgeModels models, Judge judge) {
        super(
                ID,
                "LLM judge: the share of the row's context (in characters) needed to answer the question",
                List.of("average"),
                Set.of(ScorerInputSample.GENERATED_ANSWER, ScorerInputSample.INPUT_QUERY, Inputs.CONTEXT),
                models,
                judge);
    }

    @Override
    public ContextRelevancyScorer configure(Params params) {
        return new ContextRelevancyScorer(models(), judge(params));
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        Optional<String> question = Inputs.question(sample);
        if (question.isEmpty()) {
            return ScoreResult.unscored("input_query (the question) is missing");
        }
        List<String> passages = Inputs.contextPassages(sample);
        if (passages.isEmpty()) {
            return ScoreResult.unscored("the row has no context to judge");
        }
        String context = String.join("\n", passages);
        Parsed<List<String>> read = t.ask(
                PROMPT.render(Map.of("question", question.get(), "context", context)),
                a -> Statements.strings(a, "sentences"),
                FORMAT);
        if (read.value().isEmpty()) {
            return t.unscored(read.problem());
        }
        List<String> sentences = read.value().get();
        String relevant = String.join("", sentences);
        double share =
                (double) relevant.codePointCount(0, relevant.length()) / context.codePointCount(0, context.length());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("relevant_sentences", sentences);
        return t.score(ScoreResult.of(Math.min(1, share)).withDetails(details));
    }
}
