package dev.evals4j.junit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.generation.OpenAiCompatibleGenerator;
import dev.evals4j.core.http.HttpStats;
import dev.evals4j.junit.SameAnswerScorer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fault as evals4j's {@code openai-compatible} generator sees it: retried, timed out, or failed with a message. */
class FaultsThroughGeneratorTest {
    private static final String QUESTION = "What is the capital of France?";

    @TempDir
    Path dir;

    private ModelClient client;
    private FakeModelServer server;

    @BeforeEach
    void client() {
        client = new ModelClient(dir.resolve("cache"));
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        client.close();
    }

    private FakeModelServer start(FakeModelServer.Builder builder) {
        server = builder.answer("Paris").start();
        return server;
    }

    private String chatUrl() {
        return "POST " + server.baseUrl() + "/chat/completions";
    }

    @Test
    void retriesOn429HonouringRetryAfter() throws Exception {
        start(FakeModelServer.builder().script(Fault.rateLimited(Duration.ofSeconds(1))));
        OpenAiCompatibleGenerator model = client.generator(server, "max_retries", 2);

        assertThat(model.generate(ModelClient.chat(QUESTION)).text()).isEqualTo("Paris");

        HttpStats stats = model.httpClient().stats();
        assertThat(stats.attempts()).isEqualTo(2);
        assertThat(stats.retries()).isEqualTo(1);
        assertThat(stats.throttled()).isEqualTo(1);
        assertThat(server.calls(Endpoint.CHAT_COMPLETIONS)).isEqualTo(2);
    }

    @Test
    void a429HasRetryAfterInSecondsRateLimitHeadersAndOpenAisBody() throws Exception {
        start(FakeModelServer.builder()
                .script(Fault.rateLimited(Duration.ofSeconds(2)), Fault.rateLimited(Duration.ofMillis(250))));

        HttpResponse<String> whole = Http.post(
                server,
                "/v1/chat/completions",
                "{\"model\":\"fake\",\"messages\":" + "[{\"role\":\"user\",\"content\":\"hi\"}]}");
        HttpResponse<String> fraction = Http.post(
                server,
                "/v1/chat/completions",
                "{\"model\":\"fake\",\"messages\":" + "[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(whole.statusCode()).isEqualTo(429);
        assertThat(whole.headers().firstValue("retry-after")).hasValue("2");
        assertThat(whole.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(whole.headers().firstValue("x-ratelimit-reset-requests")).hasValue("2s");
        assertThat(whole.body())
                .isEqualTo("{\"error\":{\"message\":\"Rate limit reached for fake in organization org-evals4jfake on"
                        + " requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in 2s. Visit"
                        + " https://platform.openai.com/account/rate-limits to learn more.\",\"type\":\"requests\","
                        + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
        assertThat(fraction.headers().firstValue("retry-after")).hasValue("0.25");
        assertThat(fraction.headers().firstValue("x-ratelimit-reset-requests")).hasValue("250ms");
    }

    @Test
    void a429WithoutRetriesLeftFailsQuotingOpenAisMessage() {
        start(FakeModelServer.builder().script(Fault.rateLimited()));

        assertThatThrownBy(() -> client.generator(server).generate(ModelClient.chat(QUESTION)))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(429);
                })
                .hasMessage(chatUrl() + " answered 429 Too Many Requests: Rate limit reached for fake in organization"
                        + " org-evals4jfake on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again"
                        + " in 1s. Visit https://platform.openai.com/account/rate-limits to learn more. (requests,"
                        + " rate_limit_exceeded)");
    }

    @Test
    void serverErrorsAreRetriedAndReportedWithTheirBodies() {
        start(FakeModelServer.builder().script(Fault.serverError(500), Fault.serverError(502), Fault.serverError(503)));
        OpenAiCompatibleGenerator once = client.generator(server);

        assertThatThrownBy(() -> once.generate(ModelClient.chat(QUESTION)))
                .hasMessage(chatUrl() + " answered 500 Internal Server Error: The server had an error while processing"
                        + " your request. Sorry about that! (server_error)");
        assertThatThrownBy(() -> once.generate(ModelClient.chat(QUESTION)))
                .hasMessage(chatUrl() + " answered 502 Bad Gateway: Bad gateway. (cf_bad_gateway)");
        assertThatThrownBy(() -> once.generate(ModelClient.chat(QUESTION)))
                .hasMessage(chatUrl() + " answered 503 Service Unavailable: That model is currently overloaded with"
                        + " other requests. You can retry your request, or contact us through our help center at"
                        + " help.openai.com if the error persists. (server_error)");

        server.enqueue(Fault.serverError(503), Fault.serverError(502));
        OpenAiCompatibleGenerator retrying = client.generator(server, "max_retries", 2);
        assertThat(retrying.generate(ModelClient.chat(QUESTION)).text()).isEqualTo("Paris");
        assertThat(retrying.httpClient().stats().retries()).isEqualTo(2);
    }

    @Test
    void anHtmlBodyIsAFailureQuotingItAndNotRetried() {
        start(FakeModelServer.builder().script(Fault.malformed(Fault.Malformed.HTML)));

        assertThatThrownBy(() -> client.generator(server, "max_retries", 3).generate(ModelClient.chat(QUESTION)))
                .isInstanceOfSatisfying(
                        ModelCallException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessage(chatUrl() + " answered with a body that is not JSON: <!DOCTYPE html> <html> <head><title>"
                        + "Sign in</title></head> <body><h1>Sign in to continue</h1></body> </html>");
        assertThat(server.calls()).isEqualTo(1);
    }

    @Test
    void truncatedJsonIsAFailureQuotingTheBody() {
        start(FakeModelServer.builder().script(Fault.malformed(Fault.Malformed.TRUNCATED_JSON)));

        assertThatThrownBy(() -> client.generator(server).generate(ModelClient.chat(QUESTION)))
                .isInstanceOf(ModelCallException.class)
                .message()
                .matches(java.util.regex.Pattern.quote(chatUrl() + " answered with a body that is not JSON: ")
                        + "\\{\"id\":\"chatcmpl-[A-Za-z0-9]{29}\",\"object\":\"chat.completion\",\"created\":[0-9]+,"
                        + "\"model\":\"fake\",\"choices\":\\[\\{\"index\":0,\"message\":\\{\"role\":\"assistant\","
                        + "\"content\":\"Paris\",\"refusal\":null,\"annotations\":\\[\\]\\},\"logprobs\":null,"
                        + "\"finish_reason\":\"stop\"\\}\\],\"usage\":\\{\"[a-z_\":0-9,{]*");
    }

    @Test
    void emptyChoicesAreAFailureQuotingTheBody() {
        start(FakeModelServer.builder().script(Fault.malformed(Fault.Malformed.EMPTY_CHOICES)));

        assertThatThrownBy(() -> client.generator(server).generate(ModelClient.chat(QUESTION)))
                .isInstanceOf(ModelCallException.class)
                .message()
                .matches(java.util.regex.Pattern.quote(chatUrl() + " answered without choices: ")
                        + "\\{\"id\":\"chatcmpl-[A-Za-z0-9]{29}\",\"object\":\"chat.completion\",\"created\":[0-9]+,"
                        + "\"model\":\"fake\",\"choices\":\\[\\],\"usage\":.*");
    }

    @Test
    void nullContentWithARefusalIsAFailedGenerationNamingTheRefusal() {
        start(FakeModelServer.builder().script(Fault.malformed(Fault.Malformed.NULL_CONTENT)));

        assertThatThrownBy(() -> client.generator(server, "max_retries", 3).generate(ModelClient.chat(QUESTION)))
                .isInstanceOfSatisfying(
                        ModelCallException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessage(chatUrl() + " answered with a refusal instead of content (finish_reason stop): I'm sorry,"
                        + " but I can't help with that.");
        assertThat(server.calls()).isEqualTo(1);
    }

    @Test
    void nullContentInARunIsAFailedSampleCountedApartNeverAZero() throws Exception {
        start(FakeModelServer.builder()
                .answersFrom(DatasetAnswers.fromFile(DatasetAnswersTest.CAPITALS))
                .faultEvery(4, Fault.malformed(Fault.Malformed.NULL_CONTENT)));
        Path output = dir.resolve("run");

        EvalResult result = client.evals()
                .evals()
                .runEvalTask(
                        EvalRequest.builder()
                                .dataset(DatasetDefinition.ofUri("capitals", DatasetAnswersTest.CAPITALS.toString()))
                                .processor(new PluginSpec("template", Map.of("prompt_template", "{input_query}")))
                                .generator(new PluginSpec(
                                        "openai-compatible", Map.of("base_url", server.baseUrl(), "model", "fake")))
                                .scorer(new SameAnswerScorer())
                                .outputDir(output)
                                .build(),
                        RunOptions.builder().concurrency(4).build());

        // calls 4, 8 and 12 were refusals; the 9 answers were all right
        assertThat(result.numErrors()).isEqualTo(3);
        assertThat(result.score("test::same").metric("accuracy", "accuracy")).hasValue(1.0);
        assertThat(result.score("test::same").metric("accuracy", "num_total")).hasValue(9.0);
        List<String> errors = new ArrayList<>();
        for (String line : Files.readAllLines(output.resolve("samples.jsonl"))) {
            JsonNode error = Http.json(line).get("error");
            if (!error.isNull()) {
                errors.add(error.get("message").asText());
            }
        }
        assertThat(errors)
                .hasSize(3)
                .allMatch(m -> m.endsWith("/v1/chat/completions answered with a refusal instead of content"
                        + " (finish_reason stop): I'm sorry, but I can't help with that."));
    }

    @Test
    void aHangIsATimeout() {
        start(FakeModelServer.builder().script(Fault.hang()));

        assertThatThrownBy(
                        () -> client.generator(server, "timeout_seconds", 0.3).generate(ModelClient.chat(QUESTION)))
                .isInstanceOfSatisfying(
                        ModelCallException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessage(chatUrl() + " got no answer within 300 ms (InterruptedIOException: timeout)");
    }

    @Test
    void aHangIsRetriedAfterTheTimeout() {
        start(FakeModelServer.builder().script(Fault.hang()));
        OpenAiCompatibleGenerator model = client.generator(server, "timeout_seconds", 0.3, "max_retries", 1);

        assertThat(model.generate(ModelClient.chat(QUESTION)).text()).isEqualTo("Paris");
        assertThat(server.calls()).isEqualTo(2);
    }

    @Test
    void aHangThatEndsInAClosedConnectionIsRetried() {
        start(FakeModelServer.builder().script(Fault.hang(Duration.ofMillis(100))));
        OpenAiCompatibleGenerator model = client.generator(server, "timeout_seconds", 30, "max_retries", 1);

        assertThat(model.generate(ModelClient.chat(QUESTION)).text()).isEqualTo("Paris");
        assertThat(model.httpClient().stats().retries()).isEqualTo(1);
    }

    @Test
    void aConnectionResetIsAFailureThatIsRetried() {
        start(FakeModelServer.builder().script(Fault.connectionReset(), Fault.connectionReset()));

        assertThatThrownBy(() -> client.generator(server).generate(ModelClient.chat(QUESTION)))
                .isInstanceOfSatisfying(
                        ModelCallException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessage(chatUrl() + " failed (EOFException: the server closed the connection without an answer)");
        OpenAiCompatibleGenerator retrying = client.generator(server, "max_retries", 1);
        assertThat(retrying.generate(ModelClient.chat(QUESTION)).text()).isEqualTo("Paris");
        assertThat(server.calls()).isEqualTo(3);
    }

    @Test
    void anErrorOfTheRequestIsNotRetriedAndQuotesTheServer() {
        start(FakeModelServer.builder()
                .script(Fault.error(
                        400,
                        "This model's maximum context length is 4097 tokens. However, your messages resulted in 4294"
                                + " tokens. Please reduce the length of the messages.",
                        "invalid_request_error",
                        "messages",
                        "context_length_exceeded")));

        assertThatThrownBy(() -> client.generator(server, "max_retries", 3).generate(ModelClient.chat(QUESTION)))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.statusCode()).isEqualTo(400);
                })
                .hasMessage(chatUrl() + " answered 400 Bad Request: This model's maximum context length is 4097"
                        + " tokens. However, your messages resulted in 4294 tokens. Please reduce the length of the"
                        + " messages. (invalid_request_error, context_length_exceeded, param messages)");
        assertThat(server.calls()).isEqualTo(1);
    }

    @Test
    void aWrongKeyIsA401ThatIsNotRetried() {
        start(FakeModelServer.builder().requireApiKey(ModelClient.KEY));

        assertThatThrownBy(() -> client.generator(server, "api_key_env", "WRONG_API_KEY", "max_retries", 3)
                        .generate(ModelClient.chat(QUESTION)))
                .isInstanceOfSatisfying(ModelCallException.class, e -> assertThat(e.statusCode())
                        .isEqualTo(401))
                .hasMessage(chatUrl() + " answered 401 Unauthorized: Incorrect API key provided:"
                        + " sk-proj-***************1234. You can find your API key at"
                        + " https://platform.openai.com/account/api-keys. (invalid_request_error, invalid_api_key)");
        assertThat(server.calls()).isEqualTo(1);
        assertThat(client.generator(server, "api_key_env", "FAKE_API_KEY")
                        .generate(ModelClient.chat(QUESTION))
                        .text())
                .isEqualTo("Paris");
    }

    @Test
    void everyNthCallFailsAndIsRetried() {
        start(FakeModelServer.builder().faultEvery(3, Fault.rateLimited(Duration.ofMillis(10))));
        OpenAiCompatibleGenerator model = client.generator(server, "max_retries", 1);

        for (int i = 0; i < 9; i++) {
            assertThat(model.generate(ModelClient.chat(QUESTION)).text()).isEqualTo("Paris");
        }

        // calls 3, 6, 9 and 12 fail: the retries move the later ones on by one call each
        assertThat(server.calls()).isEqualTo(13);
        assertThat(model.httpClient().stats().throttled()).isEqualTo(4);
    }

    @Test
    void aShareOfCallsFailsTheSameCallsForTheSameSeed() throws Exception {
        List<Integer> first = statuses(FakeModelServer.builder().faultShare(0.3, 42, Fault.serverError(503)));
        List<Integer> again = statuses(FakeModelServer.builder().faultShare(0.3, 42, Fault.serverError(503)));
        List<Integer> other = statuses(FakeModelServer.builder().faultShare(0.3, 43, Fault.serverError(503)));

        assertThat(first).isEqualTo(again).isNotEqualTo(other);
        long failed = first.stream().filter(s -> s == 503).count();
        assertThat(failed).isBetween(6L, 18L); // 30% of 40, give or take
        assertThat(first).containsOnly(200, 503);
    }

    private static List<Integer> statuses(FakeModelServer.Builder builder) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (FakeModelServer s = builder.start()) {
            for (int i = 0; i < 40; i++) {
                out.add(Http.post(
                                s,
                                "/v1/chat/completions",
                                "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\"," + "\"content\":\"hi\"}]}")
                        .statusCode());
            }
        }
        return out;
    }

    @Test
    void aLatencyLongerThanTheTimeoutIsATimeoutForThatCallOnly() {
        start(FakeModelServer.builder().latency(r -> r.call() == 1 ? Duration.ofSeconds(10) : Duration.ZERO));
        OpenAiCompatibleGenerator model = client.generator(server, "timeout_seconds", 0.3, "max_retries", 1);

        assertThat(model.generate(ModelClient.chat(QUESTION)).text()).isEqualTo("Paris");
        assertThat(model.httpClient().stats().retries()).isEqualTo(1);
        assertThat(server.calls()).isEqualTo(2);
    }

    @Test
    void aFixedLatencyDelaysEveryAnswer() {
        start(FakeModelServer.builder().latency(Duration.ofSeconds(10)));

        assertThatThrownBy(
                        () -> client.generator(server, "timeout_seconds", 0.2).generate(ModelClient.chat(QUESTION)))
                .hasMessage(chatUrl() + " got no answer within 200 ms (InterruptedIOException: timeout)");
    }
}
