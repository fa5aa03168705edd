package dev.evals4j.scorers.judges;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code braintrust::answer-similarity}: the cosine similarity of the embeddings of the generated and the
 * expected answer, rescaled as autoevals does: {@code max((cos - 0.7) / (1 - 0.7), 0)}, so that 0.7 and below
 * score 0 and 1 scores 1 ({@code expected_min} changes the 0.7). With a list of expected answers the best one
 * counts. No chat model is called; the embedding model is {@code embedding_model} at {@code embedding_base_url}.
 *
 * <p>An empty generated answer scores 0 without a call (embedding servers refuse empty input); a missing or empty
 * expected answer is unscored. Details: {@code cosine} (the raw similarity).
 */
public final class AnswerSimilarityScorer implements BaseScorer {
    /** The scorer id. */
    public static final String ID = "braintrust::answer-similarity";

    /** autoevals' EmbeddingSimilarity default. */
    static final double DEFAULT_EXPECTED_MIN = 0.7;

    private final JudgeModels models;
    private final Embedder embedder;
    private final double expectedMin;

    /** The unconfigured scorer, as {@link java.util.ServiceLoader} creates it. */
    public AnswerSimilarityScorer() {
        this(null, null, DEFAULT_EXPECTED_MIN);
    }

    AnswerSimilarityScorer(JudgeModels models) {
        this(models, null, DEFAULT_EXPECTED_MIN);
    }

    private AnswerSimilarityScorer(JudgeModels models, Embedder embedder, double expectedMin) {
        this.models = models;
        this.embedder = embedder;
        this.expectedMin = expectedMin;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "embedding cosine of answer and expected answer, rescaled as autoevals: max((cos-0.7)/0.3, 0)";
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(EmbeddingSettings.parameters(false));
        all.add(expectedMinParameter());
        return List.copyOf(all);
    }

    static Parameter expectedMinParameter() {
        return Parameter.withDefault(
                "expected_min",
                ParamType.NUMBER,
                "the cosine similarity that scores 0; higher ones are rescaled linearly to 0..1",
                DEFAULT_EXPECTED_MIN);
    }

    static double expectedMin(String scorerId, Params params) {
        double min = params.number("expected_min", DEFAULT_EXPECTED_MIN);
        if (!(min >= -1 && min < 1)) {
            throw new ConfigurationException(
                    "parameter 'expected_min' of " + scorerId + " must be at least -1 and below 1, was "
                            + params.get("expected_min").orElse(null));
        }
        return min;
    }

    @Override
    public List<String> defaultAggregations() {
        return List.of("average");
    }

    @Override
    public AnswerSimilarityScorer configure(Params params) {
        if (models == null) {
            throw new ConfigurationException(ID + " asks an embedding model from an evals4j instance; configure it"
                    + " through the instance's context: evals.context().scorer(\"" + ID + "\", params)");
        }
        double min = expectedMin(ID, params);
        return new AnswerSimilarityScorer(models, models.embedder(EmbeddingSettings.from(ID, params, null)), min);
    }

    @Override
    public BaseScorer configure(Params params, PluginContext context) {
        return (models != null ? this : new AnswerSimilarityScorer(JudgeModels.of(context))).configure(params);
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        if (embedder == null) {
            throw new ConfigurationException(ID + " is not configured; get it from evals.context().scorer(\"" + ID
                    + "\", params) with at least embedding_model and embedding_base_url");
        }
        List<String> expected = new ArrayList<>();
        for (String e : sample.expectedTexts()) {
            if (e != null && !e.isBlank()) {
                expected.add(e);
            }
        }
        if (expected.isEmpty()) {
            return ScoreResult.unscored("expected_answer is missing or empty");
        }
        Similarity s = similarity(embedder, Inputs.text(sample.generatedAnswer()), expected, expectedMin);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cosine", s.cosine());
        return ScoreResult.of(s.score()).withDetails(details);
    }

    /** A similarity: the raw cosine and the rescaled score. */
    record Similarity(double cosine, double score) {}

    /**
     * The best rescaled similarity of an answer to any of the expected texts, with one embeddings call; an empty
     * answer is 0 without a call.
     */
    static Similarity similarity(Embedder embedder, String answer, List<String> expected, double expectedMin) {
        Objects.requireNonNull(embedder, "embedder");
        if (answer.isBlank()) {
            return new Similarity(0, 0);
        }
        List<String> texts = new ArrayList<>();
        texts.add(answer);
        texts.addAll(expected);
        List<float[]> vectors = embedder.embed(texts);
        double best = -1;
        for (int i = 1; i < vectors.size(); i++) {
            best = Math.max(best, Embedder.cosine(vectors.get(0), vectors.get(i)));
        }
        return new Similarity(best, Embedder.rescale(best, expectedMin));
    }
}
