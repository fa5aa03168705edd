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
 * {@code braintrust::answer-relevancy}: a judge writes the questions that the generated answer answers
 * ({@code strictness} of them, 3 by default) and says whether the answer is noncommittal ("I don't know"); the
 * score is 0 for a noncommittal answer, else the mean over the questions of the rescaled embedding similarity
 * (as {@code braintrust::answer-similarity}) between each question and the asked question, as autoevals computes
 * it. The row's {@code context} is shown to the judge when there is one.
 *
 * <p>autoevals asks for one question per call at temperature 0.5; here one call asks for all of them, so that a
 * judge at temperature 0 (repeatable, cacheable) still writes different questions. Details: {@code questions},
 * {@code similarities}, {@code noncommittal}, and the judge's.
 */
public final class AnswerRelevancyScorer extends JudgeScorer {
    /** The scorer id. */
    public static final String ID = "braintrust::answer-relevancy";

    static final String FORMAT = "a JSON object {\"questions\": [\"…\"], \"noncommittal\": <0 or 1>}";

    static final Template PROMPT = Template.parse(
            """
            Read the answer below and write {count} different questions that it answers, each one a question \
            the answer responds to directly. Also judge whether the answer is noncommittal: evasive, vague or \
            ambiguous, such as "I don't know" or "I'm not sure"; give 1 if it is and 0 if it commits to an answer.

            [Answer]
            {answer}

            [Context the answer may draw on]
            {context}

            Reply with only a JSON object:
            {{"questions": ["<question>", ...], "noncommittal": <0 or 1>}}""");

    private final Embedder embedder;
    private final int strictness;
    private final double expectedMin;

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public AnswerRelevancyScorer() {
        this(null, null, null, 3, AnswerSimilarityScorer.DEFAULT_EXPECTED_MIN);
    }

    AnswerRelevancyScorer(JudgeModels models) {
        this(models, null, null, 3, AnswerSimilarityScorer.DEFAULT_EXPECTED_MIN);
    }

    @Override
    AnswerRelevancyScorer withModels(JudgeModels models) {
        return new AnswerRelevancyScorer(models);
    }

    private AnswerRelevancyScorer(
            JudgeModels models, Judge judge, Embedder embedder, int strictness, double expectedMin) {
        super(
                ID,
                "LLM judge: similarity of the questions the answer answers to the question asked; 0 if noncommittal",
                List.of("average"),
                Set.of(ScorerInputSample.GENERATED_ANSWER, ScorerInputSample.INPUT_QUERY),
                models,
                judge);
        this.embedder = embedder;
        this.strictness = strictness;
        this.expectedMin = expectedMin;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        all.add(Parameter.withDefault(
                        "strictness", ParamType.INTEGER, "how many questions the judge writes from the answer", 3)
                .range(1, 10));
        all.add(AnswerSimilarityScorer.expectedMinParameter());
        all.addAll(JudgeSettings.parameters(JudgeSettings.OutputFormat.JSON_OBJECT));
        all.addAll(EmbeddingSettings.parameters(true));
        return List.copyOf(all);
    }

    @Override
    public AnswerRelevancyScorer configure(Params params) {
        long n = params.integer("strictness", 3);
        if (n < 1 || n > 10) {
            throw new ConfigurationException("parameter 'strictness' of " + ID + " must be from 1 to 10, was " + n);
        }
        double min = AnswerSimilarityScorer.expectedMin(ID, params);
        JudgeSettings settings = JudgeSettings.from(ID, params);
        return new AnswerRelevancyScorer(
                models(),
                Judge.create(settings, models()),
                models().embedder(EmbeddingSettings.from(ID, params, settings)),
                (int) n,
                min);
    }

    @Override
    ScoreResult score(ScorerInputSample sample, Transcript t) {
        Optional<String> question = Inputs.question(sample);
        if (question.isEmpty()) {
            return ScoreResult.unscored("input_query (the question asked) is missing");
        }
        String answer = Inputs.text(sample.generatedAnswer());
        if (answer.isBlank()) {
            return ScoreResult.unscored("the generated answer is empty; there is nothing to judge");
        }
        List<String> passages = Inputs.contextPassages(sample);
        String prompt = PROMPT.render(Map.of(
                "count",
                strictness,
                "answer",
                answer,
                "context",
                passages.isEmpty() ? "(none)" : Inputs.context(passages)));
        Parsed<Generated> read = t.ask(prompt, AnswerRelevancyScorer::generated, FORMAT);
        if (read.value().isEmpty()) {
            return t.unscored(read.problem());
        }
        Generated g = read.value().get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("questions", g.questions());
        details.put("noncommittal", g.noncommittal());
        if (g.noncommittal()) {
            return t.score(ScoreResult.of(0).withDetails(details));
        }
        List<String> texts = new ArrayList<>();
        texts.add(question.get());
        texts.addAll(g.questions());
        List<float[]> vectors = embedder.embed(texts);
        List<Double> similarities = new ArrayList<>();
        double sum = 0;
        for (int i = 1; i < vectors.size(); i++) {
            double s = Embedder.rescale(Embedder.cosine(vectors.get(i), vectors.get(0)), expectedMin);
            similarities.add(s);
            sum += s;
        }
        details.put("similarities", similarities);
        return t.score(ScoreResult.of(sum / similarities.size()).withDetails(details));
    }

    /** What the judge wrote: the questions, and whether the answer is noncommittal. */
    record Generated(List<String> questions, boolean noncommittal) {}

    private static Parsed<Generated> generated(String answer) {
        Parsed<List<String>> questions = Statements.strings(answer, "questions");
        if (questions.value().isEmpty()) {
            return Parsed.failure(questions.problem());
        }
        if (questions.value().get().isEmpty()) {
            return Parsed.failure("the judge wrote no questions");
        }
        Optional<Map<String, Object>> json = JudgeText.jsonObject(answer);
        Optional<Integer> flag = json.flatMap(o -> JudgeText.binary(JudgeText.field(o, "noncommittal")));
        if (flag.isEmpty()) {
            return Parsed.failure("the judge's JSON has no \"noncommittal\" of 0 or 1");
        }
        return Parsed.of(new Generated(questions.value().get(), flag.get() == 1));
    }
}
