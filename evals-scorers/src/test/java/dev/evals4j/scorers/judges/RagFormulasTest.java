package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The formulas of the RAG-family judges, as autoevals and RAGAS compute them, checked against a judge and an
 * embeddings server on loopback that answer with chosen verdicts and vectors.
 */
class RagFormulasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUESTION = "What is the capital of France?";
    private static final String CONTEXT = "France is in Western Europe. Its capital is Paris.";

    @TempDir
    Path cacheDir;

    private JudgeServer judge;

    @BeforeEach
    void start() throws IOException {
        judge = new JudgeServer();
    }

    @AfterEach
    void stop() {
        judge.close();
    }

    private BaseScorer configure(BaseScorer scorer, Map<String, Object> more) {
        Map<String, Object> params = new LinkedHashMap<>(judge.params(cacheDir, Map.of()));
        params.putAll(more);
        return judge.configure(scorer, params);
    }

    /** Answers the next embeddings request with these vectors, as OpenAI's /v1/embeddings does. */
    private void vectors(double[]... vectors) {
        List<Object> data = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            List<Double> v = new ArrayList<>();
            for (double d : vectors[i]) {
                v.add(d);
            }
            data.add(Map.of("object", "embedding", "index", i, "embedding", v));
        }
        judge.server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(JsonValues.toJson(Map.of(
                        "object",
                        "list",
                        "data",
                        data,
                        "model",
                        "text-embedding-3-small",
                        "usage",
                        Map.of("prompt_tokens", 8, "total_tokens", 8))))
                .build());
    }

    /** A unit vector whose cosine with (1, 0) is c. */
    private static double[] at(double c) {
        return new double[] {c, Math.sqrt(1 - c * c)};
    }

    private static final double[] X = {1, 0};

    private static ScorerInputSample rag(String generated, String expected, Object context) {
        return RagJudge.rag(generated, expected, QUESTION, context);
    }

    @Test
    void answerCorrectnessIsThreeQuartersStatementF1AndOneQuarterSimilarity() throws Exception {
        judge.answer("{\"TP\": [\"Paris is the capital\", \"It is in France\"], \"FP\": [\"It has 3M people\"],"
                + " \"FN\": [\"It is on the Seine\"]}");
        vectors(X, at(0.85));
        BaseScorer scorer =
                configure(new AnswerCorrectnessScorer(), Map.of("embedding_model", "text-embedding-3-small"));

        ScoreResult result = scorer.score(rag("Paris, in France, 3M people", "Paris, on the Seine", CONTEXT));

        // F1 = 2 / (2 + 0.5 * (1 + 1)) = 2/3; similarity = (0.85 - 0.7) / 0.3 = 0.5
        assertThat((double) result.details().get("f1")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat((double) result.details().get("answer_similarity")).isCloseTo(0.5, within(1e-6));
        assertThat(result.numeric().getAsDouble()).isCloseTo(0.75 * 2 / 3 + 0.25 * 0.5, within(1e-6));
        judge.server.takeRequest();
        JsonNode embeddings = JSON.readTree(judge.server.takeRequest().getBody().utf8());
        assertThat(embeddings.get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(embeddings.get("input").toString())
                .isEqualTo("[\"Paris, in France, 3M people\",\"Paris, on the Seine\"]");
    }

    @Test
    void answerCorrectnessWithoutTheSimilarityWeightCallsNoEmbeddings() {
        judge.answer("{\"TP\": [\"a\"], \"FP\": [], \"FN\": [\"b\", \"c\"]}");
        BaseScorer scorer = configure(new AnswerCorrectnessScorer(), Map.of("answer_similarity_weight", 0));

        // F1 = 1 / (1 + 0.5 * 2) = 0.5
        assertThat(scorer.score(rag("a", "a b c", CONTEXT)).numeric()).hasValue(0.5);
        assertThat(judge.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void answerSimilarityRescalesTheCosineAsAutoevals() {
        BaseScorer scorer = judge.configure(
                new AnswerSimilarityScorer(),
                Map.of(
                        "embedding_model",
                        "text-embedding-3-small",
                        "embedding_base_url",
                        judge.baseUrl(),
                        "embedding_max_retries",
                        0));
        vectors(X, at(0.94));
        vectors(X, at(0.6));
        vectors(X, new double[] {0, 0});

        assertThat(scorer.score(ScorerInputSample.of("Paris", "the city of Paris"))
                        .numeric()
                        .getAsDouble())
                .isCloseTo(0.8, within(1e-6));
        assertThat(scorer.score(ScorerInputSample.of("Paris", "Rome")).numeric())
                .hasValue(0.0);
        assertThat(scorer.score(ScorerInputSample.of("Paris", "?")).numeric()).hasValue(0.0);
    }

    @Test
    void answerRelevancyIsTheMeanSimilarityOfTheGeneratedQuestionsUnlessNoncommittal() {
        BaseScorer scorer = configure(
                new AnswerRelevancyScorer(), Map.of("embedding_model", "text-embedding-3-small", "strictness", 2));
        judge.answer("{\"questions\": [\"Which city is the capital of France?\", \"Where is Paris?\"],"
                + " \"noncommittal\": 0}");
        vectors(X, at(1.0), at(0.85));
        judge.answer("{\"questions\": [\"What is the capital?\"], \"noncommittal\": 1}");

        ScoreResult relevant = scorer.score(rag("Paris is the capital of France.", "Paris", CONTEXT));
        ScoreResult evasive = scorer.score(rag("I'm not sure.", "Paris", CONTEXT));

        assertThat(relevant.numeric().getAsDouble()).isCloseTo((1.0 + 0.5) / 2, within(1e-6));
        assertThat(relevant.details())
                .containsEntry("noncommittal", false)
                .containsEntry("questions", List.of("Which city is the capital of France?", "Where is Paris?"));
        assertThat(evasive.numeric()).hasValue(0.0);
        assertThat(evasive.details()).containsEntry("noncommittal", true);
        assertThat(judge.server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void faithfulnessIsTheShareOfTheAnswersStatementsThatTheContextSupports() throws Exception {
        judge.answer(
                "{\"statements\": [\"Paris is the capital of France.\", \"France is in Europe.\","
                        + " \"Paris has 40 million people.\", \"Paris is in France.\"]}",
                100,
                20);
        judge.answer(
                "{\"verdicts\": [{\"statement\": \"s1\", \"reason\": \"said\", \"verdict\": 1},"
                        + " {\"statement\": \"s2\", \"reason\": \"said\", \"verdict\": 1},"
                        + " {\"statement\": \"s3\", \"reason\": \"not said\", \"verdict\": 0},"
                        + " {\"statement\": \"s4\", \"reason\": \"implied\", \"verdict\": 1}]}",
                200,
                40);
        BaseScorer scorer = configure(new FaithfulnessScorer(), Map.of());

        ScoreResult result = scorer.score(rag("Paris, in Europe, has 40 million people.", "Paris", CONTEXT));

        assertThat(result.numeric()).hasValue(0.75);
        assertThat(result.toRow())
                .containsEntry("judge_usage", Map.of("prompt_tokens", 300L, "completion_tokens", 60L))
                .containsEntry("judge_calls", 2);
        judge.server.takeRequest();
        String second = JSON.readTree(judge.server.takeRequest().getBody().utf8())
                .at("/messages/0/content")
                .asText();
        assertThat(second)
                .contains("[Statements]\n1. Paris is the capital of France.\n2. France is in Europe.\n"
                        + "3. Paris has 40 million people.\n4. Paris is in France.\n");
    }

    @Test
    void faithfulnessWithAVerdictMissingIsUnscored() {
        judge.answer("{\"statements\": [\"a\", \"b\"]}");
        judge.answer("{\"verdicts\": [{\"statement\": \"a\", \"verdict\": 1}]}");

        ScoreResult result = configure(new FaithfulnessScorer(), Map.of()).score(rag("a. b.", "x", CONTEXT));

        assertThat(result.toRow()).containsEntry("unscored", "the judge gave 1 verdict for 2 statements");
    }

    @Test
    void contextRecallIsTheShareOfTheExpectedAnswersStatementsInTheContext() {
        judge.answer("{\"statements\": [{\"statement\": \"a\", \"reason\": \"r\", \"attributed\": 1},"
                + " {\"statement\": \"b\", \"reason\": \"r\", \"attributed\": 0},"
                + " {\"statement\": \"c\", \"reason\": \"r\", \"attributed\": 0}]}");

        ScoreResult result = configure(new ContextRecallScorer(), Map.of()).score(rag("x", "a. b. c.", CONTEXT));

        assertThat(result.numeric().getAsDouble()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void contextPrecisionIsTheVerdictForOnePassageAndAveragePrecisionForSeveral() {
        judge.answer("{\"verdicts\": [{\"passage\": 1, \"reason\": \"r\", \"verdict\": 1},"
                + " {\"passage\": 2, \"reason\": \"r\", \"verdict\": 0},"
                + " {\"passage\": 3, \"reason\": \"r\", \"verdict\": 1}]}");
        judge.answer("{\"verdicts\": [{\"passage\": 1, \"verdict\": 0}]}");
        BaseScorer scorer = configure(new ContextPrecisionScorer(), Map.of());

        ScoreResult ranked = scorer.score(
                rag("x", "Paris", List.of("Paris is the capital.", "Bananas.", "France's capital is Paris.")));
        ScoreResult single = scorer.score(rag("x", "Paris", CONTEXT));

        // RAGAS: (precision@1 * 1 + precision@3 * 1) / 2 = (1 + 2/3) / 2
        assertThat(ranked.numeric().getAsDouble()).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
        assertThat(ranked.details()).containsEntry("verdicts", List.of(1, 0, 1));
        assertThat(single.numeric()).hasValue(0.0);
        assertThat(ContextPrecisionScorer.averagePrecision(List.of(0, 1))).isEqualTo(0.5);
        assertThat(ContextPrecisionScorer.averagePrecision(List.of(0, 0))).isEqualTo(0.0);
    }

    @Test
    void contextRelevancyIsTheLengthOfTheRelevantSentencesOverTheContexts() {
        judge.answer("{\"sentences\": [\"Its capital is Paris.\"]}");
        judge.answer("{\"sentences\": []}");
        BaseScorer scorer = configure(new ContextRelevancyScorer(), Map.of());

        ScoreResult result = scorer.score(rag("Paris", "Paris", CONTEXT));

        assertThat(result.numeric().getAsDouble())
                .isCloseTo((double) "Its capital is Paris.".length() / CONTEXT.length(), within(1e-12));
        assertThat(result.details()).containsEntry("relevant_sentences", List.of("Its capital is Paris."));
        assertThat(scorer.score(rag("Paris", "Paris", CONTEXT)).numeric()).hasValue(0.0);
    }
}
