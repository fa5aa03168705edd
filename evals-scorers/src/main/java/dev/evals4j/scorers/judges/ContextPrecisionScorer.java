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
 * {@code braintrust::context-precision}: a judge decides for each passage of the row's {@code context} whether it
 * was useful to arrive at the expected answer (1) or not (0). With one passage (a text context) the score is that
 * verdict, as autoevals scores it; with several (a list, or a string holding a JSON list) it is RAGAS's average
 * precision, {@code sum over k of precision@k * v_k / sum of v_k}, which rewards useful passages ranked first, and
 * 0 when none is useful. Details: {@code verdicts}, and the judge's.
 */
public final class ContextPrecisionScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "braintrust::context-precision";

    static final String FORMAT =
            "a JSON object {\"verdicts\": [{\"passage\": <number>, \"reason\": \"…\", \"verdict\": <1 or 0>}]}";

    static final Template PROMPT = Template.parse(
            """
            Below are a question, its reference answer, and numbered passages of retrieved context. For each \
            passage, decide whether it was useful to arrive at the reference answer: 1 if it gives information \
            the answer relies on, 0 if not.

            [Question]
            {question}

            [Reference answer]
            {reference}

            [Passages]
            {passages}

            Reply with only a JSON object with one verdict per passage, in order:
            {{"verdicts": [{{"passage": <number>, "reason": "<why>", "verdict": <1 or 0>}}, ...]}}""");

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public ContextPrecisionScorer() {
        this(null, null);
    }

    ContextPrecisionScorer(JudgeModels models) {
        this(models, null);
    }

    @Override
    ContextPrecisionScorer withModels(JudgeModels models) {
        return new ContextPrecisionScorer(models);
    }

    private ContextPrecisionScorer(JudgeModels models, Judge judge) {
        super(
                ID,
                "LLM judge: whether the context passages were useful for the expected answer (average precision)",
                List.of("average"),
                Set.of(ScorerInputSample.GENERATED_ANSWER, ScorerInputSample.EXPECTED_ANSWER, Inputs.CONTEXT),
                models,
                judge);
    }

    @Override
    public ContextPrecisionScorer configure(Params params) {
        return new ContextPrecisionScorer(models(), judge(params));
    }

    /** RAGAS's average precision of 0/1 verdicts in rank order; 0 when none is 1. */
    static double averagePrecision(List<Integer> verdicts) {
        double sum = 0;
        int useful = 0;
        for (int k = 0; k < verdicts.size(); k++) {
            if (verdicts.get(k) == 1) {
                useful++;
                sum += (double) useful / (k + 1);
            }
        }
        return useful == 0 ? 0 : sum / useful;
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        List<String> passages = Inputs.contextPassages(sample);
        if (passages.isEmpty()) {
            return ScoreResult.unscored("the row has no context to judge");
        }
        String reference = Inputs.expected(sample);
        if (sample.expectedAnswer() == null || reference.isBlank()) {
            return ScoreResult.unscored("expected_answer is missing or empty");
        }
        Parsed<List<Statements.Verdict>> read = t.ask(
                PROMPT.render(Map.of(
                        "question",
                        Inputs.question(sample).orElse("(no question given)"),
                        "reference",
                        reference,
                        "passages",
                        Statements.numbered(passages))),
                a -> Statements.verdicts(a, "verdicts", "passage", "verdict", passages.size(), "passages"),
                FORMAT);
        if (read.value().isEmpty()) {
            return t.unscored(read.problem());
        }
        List<Statements.Verdict> v = read.value().get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("verdicts", v.stream().map(Statements.Verdict::value).toList());
        return t.score(ScoreResult.of(averagePrecision(
                        v.stream().map(Statements.Verdict::value).toList()))
                .withDetails(details));
    }
}
