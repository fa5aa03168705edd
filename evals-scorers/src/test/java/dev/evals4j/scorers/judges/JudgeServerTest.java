package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Judges against an OpenAI-compatible server on loopback: what each kind of judge answer or failure gives. */
class JudgeServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScorerInputSample PARIS = new ScorerInputSample(
            "Paris is the capital.",
            "Paris",
            Optional.of("What is the capital of France?"),
            Optional.empty(),
            Map.of());

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

    private BaseScorer factuality(Map<String, Object> judgeParams, Map<String, Object> more) {
        Map<String, Object> params = new LinkedHashMap<>(judge.params(cacheDir, judgeParams));
        params.putAll(more);
        return judge.configure(new FactualityScorer(), params);
    }

    private BaseScorer factuality() {
        return factuality(Map.of(), Map.of());
    }

    private JsonNode request() throws Exception {
        RecordedRequest r = judge.server.takeRequest();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        return JSON.readTree(r.getBody().utf8());
    }

    @Test
    void asksForJsonAtTemperatureZeroAndReadsTheChoiceWithTheJudgesTokens() throws Exception {
        judge.answer("{\"reasoning\": \"Both name Paris.\", \"choice\": \"C\"}", 231, 17);

        ScoreResult result = factuality().score(PARIS);

        assertThat(result.toRow())
                .isEqualTo(Map.of(
                        "score",
                        1.0,
                        "judge_choice",
                        "C",
                        "judge_feedback",
                        "{\"reasoning\": \"Both name Paris.\", \"choice\": \"C\"}",
                        "judge_usage",
                        Map.of("prompt_tokens", 231L, "completion_tokens", 17L)));
        JsonNode body = request();
        assertThat(body.get("model").asText()).isEqualTo(JudgeServer.MODEL);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.0);
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_object");
        String prompt = body.at("/messages/0/content").asText();
        assertThat(prompt)
                .contains("[Question]\nWhat is the capital of France?\n")
                .contains("[Expert answer]\nParis\n")
                .contains("[Submitted answer]\nParis is the capital.\n")
                .contains("{\"reasoning\": \"<your reasoning>\", \"choice\": \"<A, B, C, D or E>\"}");
    }

    @Test
    void yesWithANewlineMeetsTheCriterion() {
        judge.answer("YES\n");
        BaseScorer closedQa = judge.configure(new ClosedQaScorer(), judge.params(cacheDir, Map.of()));

        ScoreResult result = closedQa.score(PARIS);

        assertThat(result.numeric()).hasValue(1.0);
        assertThat(result.details()).containsEntry("judge_choice", "Y").containsEntry("judge_feedback", "YES\n");
    }

    @Test
    void lowerCaseLettersAreRead() {
        judge.answer("b");
        judge.answer("the grade is: c");
        BaseScorer simpleqa = judge.configure(new SimpleQaScorer(), judge.params(cacheDir, Map.of()));

        assertThat(factuality().score(PARIS).numeric()).hasValue(0.6);
        ScoreResult grade = simpleqa.score(PARIS);
        assertThat(grade).isInstanceOf(ScoreResult.Categorical.class);
        assertThat(grade.scoreValue()).isEqualTo("NOT_ATTEMPTED");
        assertThat(grade.details()).containsEntry("judge_choice", "C");
    }

    @Test
    void theChoiceInsideExtraProseIsRead() {
        judge.answer("Let me compare. The expert says Paris; the submission says Paris is the capital, which adds"
                + " nothing that conflicts.\n\nAnswer: **C** (same facts)");

        assertThat(factuality().score(PARIS).numeric()).hasValue(1.0);
    }

    @Test
    void malformedJsonFallsBackToTheText() {
        judge.answer("{\"reasoning\": \"The submission adds a detail\", \"choice\": \"B\"");
        judge.answer("{\"reasoning\": \"The submission agrees with the expert on");

        assertThat(factuality().score(PARIS).numeric()).hasValue(0.6);
        ScoreResult cut = factuality().score(PARIS);
        assertThat(cut.toRow())
                .containsEntry("score", null)
                .containsEntry("unscored", "the judge's answer holds none of the choices A, B, C, D, E")
                .containsEntry("judge_feedback", "{\"reasoning\": \"The submission agrees with the expert on");
    }

    @Test
    void anEmptyAnswerIsUnscoredWithTheReason() {
        judge.answer("");

        ScoreResult result = factuality().score(PARIS);

        assertThat(result).isInstanceOf(ScoreResult.Unscored.class);
        assertThat(result.toRow())
                .containsEntry("score", null)
                .containsEntry("unscored", "the judge's answer is empty")
                .containsEntry("judge_feedback", "")
                .containsEntry("judge_usage", Map.of("prompt_tokens", 120L, "completion_tokens", 8L))
                .hasSize(4);
    }

    @Test
    void aServerErrorIsRetriedByTheGeneratorThenScored() {
        judge.fail(500, "The server had an error while processing your request.", "retry-after-ms", "0");
        judge.answer("{\"choice\": \"D\"}");

        ScoreResult result = factuality(Map.of("max_retries", 1), Map.of()).score(PARIS);

        assertThat(result.numeric()).hasValue(0.0);
        assertThat(judge.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aTimeoutIsRetriedByTheGeneratorThenScored() {
        judge.server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        judge.answer("{\"choice\": \"A\"}");

        ScoreResult result = factuality(Map.of("max_retries", 1, "timeout_seconds", 0.3), Map.of())
                .score(PARIS);

        assertThat(result.numeric()).hasValue(0.4);
    }

    @Test
    void aJudgeThatStillTimesOutIsAnErrorOfTheScorerNotAWrongAnswer() {
        judge.server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        BaseScorer scorer = factuality(Map.of("timeout_seconds", 0.3), Map.of());

        assertThatThrownBy(() -> scorer.score(PARIS))
                .isInstanceOfSatisfying(
                        ModelCallException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessageStartingWith("the judge " + JudgeServer.MODEL + " of braintrust::factuality could not be"
                        + " called: POST " + judge.baseUrl() + "/chat/completions got no answer within 300 ms (");
    }

    @Test
    void aJudgeThatKeepsFailingIsAnErrorWithTheServersStatus() {
        judge.fail(503, "overloaded");
        judge.fail(503, "overloaded");
        BaseScorer scorer = factuality(Map.of("max_retries", 1), Map.of());

        assertThatThrownBy(() -> scorer.score(PARIS))
                .isInstanceOfSatisfying(ModelCallException.class, e -> assertThat(e.statusCode())
                        .isEqualTo(503))
                .hasMessageStartingWith("the judge " + JudgeServer.MODEL + " of braintrust::factuality could not be"
                        + " called: POST " + judge.baseUrl() + "/chat/completions failed after 2 attempts");
    }

    @Test
    void aServerThatRefusesJsonOutputIsAskedForText() throws Exception {
        judge.fail(400, "response_format is not supported by this model");
        judge.answer("C");

        assertThat(factuality().score(PARIS).numeric()).hasValue(1.0);
        assertThat(request().has("response_format")).isTrue();
        assertThat(request().has("response_format")).isFalse();
    }

    @Test
    void textOutputDoesNotAskForJson() throws Exception {
        judge.answer("C");

        factuality(Map.of(), Map.of("judge_response_format", "text")).score(PARIS);

        assertThat(request().has("response_format")).isFalse();
    }

    @Test
    void anUnreadableAnswerIsAskedAgainWhenAllowedQuotingTheProblem() throws Exception {
        judge.answer("I am not sure what to make of this.", 100, 9);
        judge.answer("{\"choice\": \"E\"}", 140, 5);

        ScoreResult result =
                factuality(Map.of(), Map.of("max_parse_retries", 1)).score(PARIS);

        assertThat(result.numeric()).hasValue(1.0);
        assertThat(result.toRow())
                .containsEntry("judge_calls", 2)
                .containsEntry("judge_usage", Map.of("prompt_tokens", 240L, "completion_tokens", 14L));
        request();
        JsonNode second = request();
        assertThat(second.at("/messages/1/role").asText()).isEqualTo("assistant");
        assertThat(second.at("/messages/1/content").asText()).isEqualTo("I am not sure what to make of this.");
        assertThat(second.at("/messages/2/content").asText())
                .isEqualTo("Your reply could not be read: the judge's"
                        + " answer holds none of the choices A, B, C, D, E. Reply again with only a JSON object"
                        + " {\"reasoning\": \"…\", \"choice\": \"<one letter from A to E>\"}.");
    }

    @Test
    void anAnswerThatStaysUnreadableIsUnscoredWithEveryAnswerKept() {
        judge.answer("Hmm.");
        judge.answer("Still hmm.");

        ScoreResult result =
                factuality(Map.of(), Map.of("max_parse_retries", 1)).score(PARIS);

        assertThat(result.toRow())
                .containsEntry("score", null)
                .containsEntry("unscored", "the judge's answer holds none of the choices A, B, C, D, E")
                .containsEntry("judge_feedback", "Hmm.\n\n---\n\nStill hmm.")
                .containsEntry("judge_calls", 2);
    }

    @Test
    void theJudgesKeyIsSentOnlyToTheJudge() throws Exception {
        judge.answer("{\"choice\": \"C\"}");
        Map<String, Object> params = new LinkedHashMap<>(judge.params(cacheDir, Map.of()));
        params.put("judge_api_key_env", "JUDGE_KEY");
        FactualityScorer scorer = new FactualityScorer();

        scorer.configure(
                        Params.resolve(scorer.id(), scorer.parameters(), params),
                        Contexts.evals(Map.of("JUDGE_KEY", "sk-judge-only-1234"))
                                .context())
                .score(PARIS);

        assertThat(judge.server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer sk-judge-only-1234");
    }
}
