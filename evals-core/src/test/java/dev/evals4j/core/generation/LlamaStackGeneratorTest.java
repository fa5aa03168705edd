package dev.evals4j.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.TokenLogProbs;
import dev.evals4j.api.Usage;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaStackGeneratorTest {
    private static final String MODEL = "meta-llama/Llama-3.2-3B-Instruct";
    /** The legacy chat-completion answer (apis/inference, router _compute_and_log_token_usage). */
    private static final String LEGACY_CHAT =
            """
            {"metrics":[{"metric":"prompt_tokens","value":24,"unit":null},
                        {"metric":"completion_tokens","value":2,"unit":null},
                        {"metric":"total_tokens","value":26,"unit":null}],
             "completion_message":{"role":"assistant","content":"Sunny","stop_reason":"end_of_turn","tool_calls":[]},
             "logprobs":[{"logprobs_by_token":{"Sunny":-0.12}},{"logprobs_by_token":{"<|eot_id|>":-0.01}}]}
            """;
    /** The legacy completion answer (CompletionResponse). */
    private static final String LEGACY_COMPLETION =
            """
            {"metrics":[{"metric":"prompt_tokens","value":6,"unit":null},
                        {"metric":"completion_tokens","value":50,"unit":null},
                        {"metric":"total_tokens","value":56,"unit":null}],
             "content":" Paris, the city of light","stop_reason":"out_of_tokens","logprobs":null}
            """;
    /** The stack's OpenAI-compatible answer (OpenAIChatCompletion). */
    private static final String OPENAI_CHAT =
            """
            {"id":"chatcmpl-5d1f","choices":[{"message":{"role":"assistant","content":"Sunny","name":null,
               "tool_calls":null},"finish_reason":"stop","index":0,"logprobs":null}],
             "object":"chat.completion","created":1750000000,"model":"meta-llama/Llama-3.2-3B-Instruct",
             "usage":{"prompt_tokens":24,"completion_tokens":2,"total_tokens":26}}
            """;

    private final MockWebServer server = new MockWebServer();

    @TempDir
    Path cacheDir;

    private String root;

    @BeforeEach
    void start() throws IOException {
        server.start();
        root = server.url("/").toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LlamaStackGenerator generator(Map<String, Object> extra) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("model", MODEL);
        params.put("base_url", root);
        params.put("max_retries", 0);
        params.put("cache", "bypass");
        params.putAll(extra);
        return (LlamaStackGenerator) TestEvals.context().generator(LlamaStackGenerator.ID, params);
    }

    private static PreprocessedSample weather() {
        return new PreprocessedSample(
                new DatasetSample(0, Map.of()),
                new GenerationInput.Chat(List.of(
                        Message.system("Pretend you are a weather assistant."),
                        Message.user("What's the weather like in San Francisco, CA?"))));
    }

    private static final String WEATHER_MESSAGES = "\"messages\":["
            + "{\"role\":\"system\",\"content\":\"Pretend you are a weather assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"What's the weather like in San Francisco, CA?\"}]";

    private void answer(String body) {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build());
    }

    @Test
    void legacyGreedyIsTheDefaultStrategyAndMaxTokensAndStopReachTheServer() throws InterruptedException {
        answer(LEGACY_CHAT);

        GenerationResponse r = generator(
                        Map.of("api", "legacy", "max_tokens", 50, "stop", List.of("1963"), "top_logprobs", 1))
                .generate(weather());

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/inference/chat-completion");
        assertThat(request.getBody().utf8())
                .isEqualTo("{\"model_id\":\"" + MODEL + "\"," + WEATHER_MESSAGES + ","
                        + "\"sampling_params\":{\"strategy\":{\"type\":\"greedy\"},\"max_tokens\":50,\"stop\":[\"1963\"]},"
                        + "\"stream\":false,\"logprobs\":{\"top_k\":1}}");
        assertThat(r)
                .isEqualTo(new GenerationResponse(
                        "Sunny",
                        List.of(
                                new TokenLogProbs("Sunny", -0.12, Map.of("Sunny", -0.12)),
                                new TokenLogProbs("<|eot_id|>", -0.01, Map.of("<|eot_id|>", -0.01))),
                        Optional.of(new Usage(24, 2)),
                        Optional.of("stop"),
                        List.of(),
                        List.of()));
    }

    @Test
    void legacyTopPTakesTheTemperatureTopPAndRepetitionPenaltyAsGiven() throws InterruptedException {
        answer(LEGACY_CHAT);

        generator(Map.of(
                        "api",
                        "legacy",
                        "temperature",
                        0.7,
                        "top_p",
                        0.9,
                        "max_tokens",
                        50,
                        "repetition_penalty",
                        1.1,
                        "stop",
                        List.of("1963")))
                .generate(weather());

        assertThat(server.takeRequest().getBody().utf8())
                .contains("\"sampling_params\":{\"strategy\":"
                        + "{\"type\":\"top_p\",\"temperature\":0.7,\"top_p\":0.9},\"max_tokens\":50,\"repetition_penalty\":1.1,"
                        + "\"stop\":[\"1963\"]},\"stream\":false}");
    }

    @Test
    void legacyTopPWithoutTopPUsesLlamaStacksDefaultOf0_95() throws InterruptedException {
        answer(LEGACY_CHAT);

        generator(Map.of("api", "legacy", "strategy", "top_p", "temperature", 0.7))
                .generate(weather());

        assertThat(server.takeRequest().getBody().utf8())
                .contains("\"sampling_params\":{\"strategy\":"
                        + "{\"type\":\"top_p\",\"temperature\":0.7,\"top_p\":0.95}}");
    }

    @Test
    void legacyTopKIsSentAsItsOwnStrategy() throws InterruptedException {
        answer(LEGACY_CHAT);

        generator(Map.of("api", "legacy", "top_k", 40)).generate(weather());

        assertThat(server.takeRequest().getBody().utf8())
                .contains("\"sampling_params\":{\"strategy\":{\"type\":\"top_k\",\"top_k\":40}},\"stream\":false}");
    }

    @Test
    void legacyCompletionSendsThePromptAsContent() throws InterruptedException {
        answer(LEGACY_COMPLETION);

        GenerationResponse r = generator(Map.of("api", "legacy", "max_tokens", 50))
                .generate(new PreprocessedSample(
                        new DatasetSample(0, Map.of()), new GenerationInput.Completion("The capital of France is")));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/inference/completion");
        assertThat(request.getBody().utf8())
                .isEqualTo("{\"model_id\":\"" + MODEL + "\",\"content\":\"The capital of"
                        + " France is\",\"sampling_params\":{\"strategy\":{\"type\":\"greedy\"},\"max_tokens\":50},"
                        + "\"stream\":false}");
        assertThat(r)
                .isEqualTo(new GenerationResponse(
                        " Paris, the city of light",
                        List.of(),
                        Optional.of(new Usage(6, 50)),
                        Optional.of("length"),
                        List.of(),
                        List.of()));
    }

    @Test
    void legacyAssistantTurnsCarryTheStopReasonTheStackRequires() throws InterruptedException {
        answer(LEGACY_CHAT);

        generator(Map.of("api", "legacy"))
                .generate(new PreprocessedSample(
                        new DatasetSample(0, Map.of()),
                        new GenerationInput.Chat(
                                List.of(Message.user("2+2?"), Message.assistant("4"), Message.user("3+3?")))));

        assertThat(server.takeRequest().getBody().utf8())
                .contains("\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"2+2?\"},{\"role\":\"assistant\",\"content\":\"4\",\"stop_reason\":\"end_of_turn\"},"
                        + "{\"role\":\"user\",\"content\":\"3+3?\"}]");
    }

    @Test
    void legacyErrorsWithADetailAreReportedWithIt() {
        server.enqueue(new MockResponse.Builder()
                .code(400)
                .addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"detail\":{\"errors\":[{\"loc\":[\"body\",\"sampling_params\",\"strategy\","
                        + "\"top_p\",\"temperature\"],\"msg\":\"Input should be greater than 0\","
                        + "\"type\":\"greater_than\"}]}}}")
                .build());

        assertThatThrownBy(() -> generator(Map.of("api", "legacy")).generate(weather()))
                .isInstanceOf(ModelCallException.class)
                .hasMessage("POST " + root + "v1/inference/chat-completion answered 400 Bad Request:"
                        + " body.sampling_params.strategy.top_p.temperature: Input should be greater than 0");
    }

    @Test
    void openAiGreedyIsTemperatureZeroOnTheStacksV1Endpoint() throws InterruptedException {
        answer(OPENAI_CHAT);

        GenerationResponse r =
                generator(Map.of("max_tokens", 50, "stop", List.of("1963"))).generate(weather());

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(request.getBody().utf8())
                .isEqualTo("{\"model\":\"" + MODEL + "\"," + WEATHER_MESSAGES
                        + ",\"temperature\":0,\"max_tokens\":50,\"stop\":[\"1963\"]}");
        assertThat(r.text()).isEqualTo("Sunny");
        assertThat(r.usage()).contains(new Usage(24, 2));
    }

    @Test
    void openAiTopKAndRepetitionPenaltyGoAsExtraFieldsWhichTheStackPassesOn() throws InterruptedException {
        answer(OPENAI_CHAT);

        generator(Map.of("top_k", 40, "temperature", 0.6, "repetition_penalty", 1.2))
                .generate(weather());

        assertThat(server.takeRequest().getBody().utf8())
                .endsWith(WEATHER_MESSAGES + ",\"temperature\":0.6,\"top_k\":40,\"repetition_penalty\":1.2}");
    }

    @Test
    void openAiTopPOnTheV0_2PrefixAndABaseUrlEndingInV1() throws InterruptedException {
        answer(OPENAI_CHAT);

        generator(Map.of("base_url", root + "v1/", "openai_prefix", "/v1/openai/v1", "temperature", 0.7))
                .generate(weather());

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/openai/v1/chat/completions");
        assertThat(request.getBody().utf8()).endsWith(",\"temperature\":0.7,\"top_p\":0.95}");
    }

    @Test
    void greedyAnswersAreCachedAndSampledOnesAreNot() {
        answer(OPENAI_CHAT);
        answer(OPENAI_CHAT);
        answer(OPENAI_CHAT);
        LlamaStackGenerator greedy = generator(Map.of("cache", "auto", "cache_dir", cacheDir.toString()));
        LlamaStackGenerator sampled =
                generator(Map.of("cache", "auto", "cache_dir", cacheDir.toString(), "temperature", 0.7));

        greedy.generate(weather());
        greedy.generate(weather());
        sampled.generate(weather());
        sampled.generate(weather());

        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void theStrategyIsCheckedAsLlamaStackChecksIt() {
        assertThatThrownBy(() -> generator(Map.of("strategy", "top_p")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the top_p strategy of llama-stack needs a temperature above 0, as Llama Stack requires;"
                        + " was unset");
        assertThatThrownBy(() -> generator(Map.of("strategy", "greedy", "temperature", 0.5)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the greedy strategy of llama-stack takes no temperature (other than 0), top_p or top_k");
        assertThatThrownBy(() -> generator(Map.of("strategy", "top_k", "top_k", 0)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the top_k strategy of llama-stack needs top_k of at least 1, was 0");
        assertThatThrownBy(() -> generator(Map.of("strategy", "beam")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'strategy' of llama-stack must be greedy, top_p or top_k, was 'beam'");
        assertThatThrownBy(() -> generator(Map.of("api", "native")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'api' of llama-stack must be openai or legacy, was 'native'");
    }
}
