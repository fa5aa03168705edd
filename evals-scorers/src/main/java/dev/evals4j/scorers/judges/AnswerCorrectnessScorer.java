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
import java.util.Optional;
import java.util.Set;

/**
 * {@code braintrust::answer-correctness}: a judge sorts the statements of the generated answer and the expected
 * answer into TP (in both), FP (only in the generated answer) and FN (only in the expected answer); the factual
 * score is F1 = TP / (TP + 0.5 (FP + FN)), combined with the answer similarity of
 * {@code braintrust::answer-similarity} as (0.75 F1 + 0.25 similarity) / (0.75 + 0.25), as autoevals computes it
 * (the weights are parameters; a weight of 0 skips that part, and its call).
 *
 * <p>When the judge finds no statement at all the sample is unscored. Details: {@code statements} (the TP, FP
 * and FN lists), {@code f1}, {@code answer_similarity}, and the judge's.
 */
public final class AnswerCorrectnessScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "braintrust::answer-correctness";

    static final String FORMAT = "a JSON object {\"TP\": [\"…\"], \"FP\": [\"…\"], \"FN\": [\"…\"]}";

    static final Template PROMPT = Template.parse(
            """
            You compare an answer with a ground truth, statement by statement. Split both into short statements \
            of one fact each, then sort every statement into exactly one list:
            - TP: a statement of the answer that the ground truth also makes.
            - FP: a statement of the answer that the ground truth does not make.
            - FN: a statement of the ground truth that the answer leaves out.
            Compare what is stated; do not reinterpret either text.

            [Question]
            {question}

            [Answer]
            {answer}

            [Ground truth]
            {truth}

            Reply with only a JSON object:
            {{"TP": ["<statement>", ...], "FP": ["<statement>", ...], "FN": ["<statement>", ...]}}""");

    private final Embedder embedder;
    private final double factualityWeight;
    private final double similarityWeight;
    private final double expectedMin;

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public AnswerCorrectnessScorer() {
        this(null, null, null, 0.75, 0.25, AnswerSimilarityScorer.DEFAULT_EXPECTED_MIN);
    }

    AnswerCorrectnessScorer(JudgeModels models) {
        this(models, null, null, 0.75, 0.25, AnswerSimilarityScorer.DEFAULT_EXPECTED_MIN);
    }

    @Override
    AnswerCorrectnessScorer withModels(JudgeModels models) {
        return new AnswerCorrectnessScorer(models);
    }

    private AnswerCorrectnessScorer(
            JudgeModels models,
            Judge judge,
            Embedder embedder,
            double factualityWeight,
            double similarityWeight,
            double expectedMin) {
        super(
                ID,
                "LLM judge: statement F1 (TP/FP/FN) against the expected answer, 0.75/0.25 with answer similarity",
                List.of("average"),
                Set.of(ScorerInputSample.GENERATED_ANSWER, ScorerInputSample.EXPECTED_ANSWER),
                models,
                judge);
        this.embedder = embedder;
        this.factualityWeight = factualityWeight;
        this.similarityWeight = similarityWeight;
        this.expectedMin = expectedMin;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        all.add(Parameter.withDefault("factuality_weight", ParamType.NUMBER, "weight of the statement F1", 0.75));
        all.add(Parameter.withDefault(
                "answer_similarity_weight",
                ParamType.NUMBER,
                "weight of the embedding similarity; 0 skips the embeddings call",
                0.25));
        all.add(AnswerSimilarityScorer.expectedMinParameter());
        all.addAll(JudgeSettings.parameters(JudgeSettings.OutputFormat.JSON_OBJECT));
        all.addAll(EmbeddingSettings.parameters(true));
        return List.copyOf(all);
    }

    @Override
    public AnswerCorrectnessScorer configure(Params params) {
        double wf = params.number("factuality_weight", 0.75);
        double ws = params.number("answer_similarity_weight", 0.25);
        if (!(wf >= 0) || !(ws >= 0) || Double.isInfinite(wf) || Double.isInfinite(ws) || wf + ws == 0) {
            throw new ConfigurationException("parameters 'factuality_weight' and 'answer_similarity_weight' of " + ID
                    + " must be at least 0 and not both 0, were "
                    + params.get("factuality_weight").orElse(null)
                    + " and " + params.get("answer_similarity_weight").orElse(null));
        }
        double min = AnswerSimilarityScorer.expectedMin(ID, params);
        JudgeSettings settings = JudgeSettings.from(ID, params);
        Judge j = wf > 0 ? Judge.create(settings, models()) : null;
        Embedder e = ws > 0 ? models().embedder(EmbeddingSettings.from(ID, params, settings)) : null;
        return new AnswerCorrectnessScorer(models(), j, e, wf, ws, min);
    }

    /** Configured with a judge, or with only an embedder when {@code factuality_weight} is 0. */
    @Override
    boolean configured() {
        return super.configured() || embedder != null;
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        if (sample.expectedAnswer() == null || Inputs.expected(sample).isBlank()) {
            return ScoreResult.unscored("expected_answer is missing or empty");
        }
        String answer = Inputs.text(sample.generatedAnswer());
        Map<String, Object> details = new LinkedHashMap<>();
        double f1 = 0;
        if (t != null) {
            String prompt = PROMPT.render(Map.of(
                    "question",
                    Inputs.question(sample).orElse("(no question given)"),
                    "answer",
                    answer,
                    "truth",
                    Inputs.expected(sample)));
            Parsed<Map<String, List<String>>> sorted = t.ask(prompt, AnswerCorrectnessScorer::classes, FORMAT);
            if (sorted.value().isEmpty()) {
                return t.unscored(sorted.problem());
            }
            Map<String, List<String>> classes = sorted.value().get();
            int tp = classes.get("TP").size();
            int fp = classes.get("FP").size();
            int fn = classes.get("FN").size();
            details.put("statements", classes);
            if (tp + fp + fn == 0) {
                return t.unscored("the judge found no statements in either answer");
            }
            f1 = tp / (tp + 0.5 * (fp + fn));
            details.put("f1", f1);
        }
        double similarity = 0;
        if (embedder != null) {
            List<String> expected = sample.expectedTexts().stream()
                    .filter(s -> s != null && !s.isBlank())
                    .toList();
            similarity = AnswerSimilarityScorer.similarity(embedder, answer, expected, expectedMin)
                    .score();
            details.put("answer_similarity", similarity);
        }
        double score = (factualityWeight * f1 + similarityWeight * similarity) / (factualityWeight + similarityWeight);
        ScoreResult result = ScoreResult.of(Math.min(1, Math.max(0, score))).withDetails(details);
        return t == null ? result : t.score(result);
    }

    private static Parsed<Map<String, List<String>>> classes(String answer) {
        if (answer.isBlank()) {
            return Parsed.failure("the judge's answer is empty");
        }
        Optional<Map<String, Object>> json = JudgeText.jsonObject(answer);
        if (json.isEmpty()) {
            return Parsed.failure("the judge's answer holds no JSON object with TP, FP and FN lists");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String key : List.of("TP", "FP", "FN")) {
            Object value = JudgeText.field(json.get(), key);
            if (!(value instanceof List<?> list)) {
                return Parsed.failure("the judge's JSON has no list \"" + key + "\"");
            }
            List<String> items = new ArrayList<>();
            for (Object o : list) {
                String s = Inputs.text(o);
                if (!s.isBlank()) {
                    items.add(s.strip());
                }
            }
            out.put(key, List.copyOf(items));
        }
        return Parsed.of(out);
    }
}
