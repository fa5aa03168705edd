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
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.core.Evals;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenAiCompatibleGeneratorTest {
    private static final String KEY = "sk-proj-7Hq2v9XkLm3Np8Rt";
    private static final String CAPITAL = "What is the capital of France?";

    private final MockWebServer server = new MockWebServer();
    private String baseUrl;

    @TempDir
    Path cacheDir;

    @BeforeEach
    void start() throws IOException {
        server.start();
        baseUrl = server.url("/v1").toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiCompatibleGenerator generator(Map<String, Object> extra) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("model", "Qwen/Qwen2.5-1.5B-Instruct");
        params.put("base_url", baseUrl);
        params.put("max_retries", 0);
        params.put("cache_dir", cacheDir.toString());
        params.putAll(extra);
        return (OpenAiCompatibleGenerator) TestEvals.withEnvironment(Map.of("EVAL_KEY", KEY))
                .context()
                .generator(OpenAiCompatibleGenerator.ID, params);
    }

    private static PreprocessedSample chat(String question) {
        return new PreprocessedSample(
                new DatasetSample(0, Map.of()),
                new GenerationInput.Chat(List.of(Message.system("Answer briefly."), Message.user(question))));
    }

    private static PreprocessedSample prompt(String text) {
        return new PreprocessedSample(new DatasetSample(0, Map.of()), new GenerationInput.Completion(text));
    }

    private void answer(String body) {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build());
    }

    private RecordedRequest take() throws InterruptedException {
        return server.takeRequest();
    }

    @Test
    void anAnswerWithoutContentIsAFailedGenerationNotAnEmptyAnswer() {
        // OpenAI's shape of a refusal (content null, refusal text), and a reasoning model that ran out of tokens
        answer(
                """
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
                 "message":{"role":"assistant","content":null,"refusal":"I can't help with that."},
                 "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":7,
                 "total_tokens":16}}""");
        answer(
                """
                {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"Qwen/QwQ-32B","choices":[{"index":0,
                 "message":{"role":"assistant","content":null,"reasoning_content":"Let me think about France...",
                 "tool_calls":[]},"logprobs":null,"finish_reason":"length","stop_reason":null}],
                 "usage":{"prompt_tokens":9,"completion_tokens":16,"total_tokens":25}}""");
        answer(
                """
                {"id":"chatcmpl-3","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                 "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                 "function":{"name":"capital","arguments":"{\\"country\\":\\"France\\"}"}}]},
                 "finish_reason":"tool_calls"}]}""");
        OpenAiCompatibleGenerator g = generator(Map.of());
        String where = "POST " + baseUrl + "/chat/completions";

        assertThatThrownBy(() -> g.generate(chat(CAPITAL)))
                .isInstanceOf(ModelCallException.class)
                .hasMessage(where + " answered with a refusal instead of content (finish_reason stop): I can't help"
                        + " with that.");
        assertThatThrownBy(() -> g.generate(chat(CAPITAL)))
                .hasMessage(where + " answered without content (finish_reason length), only reasoning; raise"
                        + " max_tokens so that the model can finish its answer");
        assertThat(g.generate(chat(CAPITAL)).text()).startsWith("[{\"id\":\"call_1\"");
    }

    @Test
    void sendsOnlyTheGivenSamplingParametersAndReadsVllmsChatAnswer() throws InterruptedException {
        answer(ServerShapes.VLLM_CHAT);
        OpenAiCompatibleGenerator g = generator(Map.of(
                "temperature",
                0,
                "top_k",
                20,
                "max_tokens",
                16,
                "stop",
                List.of("\n\n"),
                "top_logprobs",
                2,
                "cache",
                "bypass"));

        GenerationResponse r = g.generate(chat(CAPITAL));

        RecordedRequest request = take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(request.getBody().utf8())
                .isEqualTo("{\"model\":\"Qwen/Qwen2.5-1.5B-Instruct\",\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"Answer briefly.\"},"
                        + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}],"
                        + "\"logprobs\":true,\"top_logprobs\":2,\"temperature\":0,\"top_k\":20,\"max_tokens\":16,"
                        + "\"stop\":[\"\\n\\n\"]}");
        assertThat(request.getHeaders().get("Authorization")).isNull();
        assertThat(r)
                .isEqualTo(new GenerationResponse(
                        "Paris",
                        List.of(new TokenLogProbs("Paris", -0.0012, Map.of("Paris", -0.0012, "The", -6.9063))),
                        Optional.of(new Usage(14, 1)),
                        Optional.of("stop"),
                        List.of(),
                        List.of()));
    }

    @Test
    void readsOllamasChatAnswer() {
        answer(ServerShapes.OLLAMA_CHAT);

        GenerationResponse r = generator(Map.of()).generate(chat(CAPITAL));

        assertThat(r)
                .isEqualTo(new GenerationResponse(
                        "The capital of France is Paris.",
                        List.of(),
                        Optional.of(new Usage(32, 8)),
                        Optional.of("stop"),
                        List.of(),
                        List.of()));
    }

    @Test
    void readsLlamaCppsChatAnswer() {
        answer(ServerShapes.LLAMA_CPP_CHAT);

        GenerationResponse r = generator(Map.of()).generate(chat(CAPITAL));

        assertThat(r.text()).isEqualTo("Paris is");
        assertThat(r.finishReason()).contains("length");
        assertThat(r.usage()).contains(new Usage(20, 2));
    }

    @Test
    void readsLlamaCppsChatShapedLogprobsOnTheCompletionsEndpoint() throws InterruptedException {
        answer(ServerShapes.LLAMA_CPP_COMPLETION);

        GenerationResponse r = generator(Map.of("logprobs", true)).generate(prompt("The capital of France is"));

        assertThat(take().getBody().utf8())
                .isEqualTo("{\"model\":\"Qwen/Qwen2.5-1.5B-Instruct\","
                        + "\"prompt\":\"The capital of France is\",\"logprobs\":1}");
        assertThat(r.text()).isEqualTo(" Paris");
        assertThat(r.logprobs())
                .containsExactly(new TokenLogProbs(" Paris", -0.0523, Map.of(" Paris", -0.0523, " the", -3.1)));
    }

    @Test
    void readsOpenAisLegacyCompletionLogprobs() throws InterruptedException {
        answer(ServerShapes.OPENAI_COMPLETION);

        GenerationResponse r =
                generator(Map.of("top_logprobs", 0, "max_tokens", 1)).generate(prompt("The capital of France is"));

        assertThat(take().getBody().utf8())
                .isEqualTo("{\"model\":\"Qwen/Qwen2.5-1.5B-Instruct\","
                        + "\"prompt\":\"The capital of France is\",\"logprobs\":0,\"max_tokens\":1}");
        assertThat(r)
                .isEqualTo(new GenerationResponse(
                        " Paris",
                        List.of(new TokenLogProbs(" Paris", -0.25, Map.of(" Paris", -0.25))),
                        Optional.of(new Usage(7, 1)),
                        Optional.of("length"),
                        List.of(),
                        List.of()));
    }

    @Test
    void severalChoicesAreReadInIndexOrderAndMaxCompletionTokensIsSentWhenAsked() throws InterruptedException {
        answer(ServerShapes.OPENAI_CHAT_N2);

        GenerationResponse r = generator(Map.of("n", 2, "max_tokens", 64, "use_max_completion_tokens", true, "seed", 7))
                .generate(chat(CAPITAL));

        assertThat(take().getBody().utf8()).endsWith("\"max_completion_tokens\":64,\"seed\":7,\"n\":2}");
        assertThat(r.texts()).containsExactly("Paris", "Paris.");
        assertThat(r.usage()).contains(new Usage(1117, 46));
    }

    @Test
    void echoGivesThePromptsLogprobsWithoutTheFirstTokenAndCutsThePromptFromTheText() throws InterruptedException {
        answer(ServerShapes.VLLM_ECHO);

        GenerationResponse r = generator(Map.of("echo", true, "logprobs", true, "max_tokens", 1, "temperature", 0))
                .generate(prompt("The step of boiling water is: "));

        assertThat(take().getBody().utf8())
                .isEqualTo("{\"model\":\"Qwen/Qwen2.5-1.5B-Instruct\","
                        + "\"prompt\":\"The step of boiling water is: \",\"echo\":true,\"logprobs\":1,\"temperature\":0,"
                        + "\"max_tokens\":1}");
        assertThat(r.text()).isEqualTo("1");
        assertThat(r.promptLogprobs())
                .extracting(TokenLogProbs::token)
                .containsExactly(" step", " of", " boiling", " water", " is", ":", " ");
        assertThat(r.promptLogprobs().get(0))
                .isEqualTo(new TokenLogProbs(" step", -8.8187, Map.of(" step", -8.8187, " is", -0.7875)));
        assertThat(r.logprobs()).containsExactly(new TokenLogProbs("1", -0.4106, Map.of("1", -0.4106, "2", -2.1)));
        assertThat(r.finishReason()).contains("length");
    }

    @Test
    void extraBodyIsMergedLastAndMayOverrideAField() throws InterruptedException {
        answer(ServerShapes.VLLM_CHAT);

        generator(Map.of("temperature", 0.5, "extra_body", Map.of("temperature", 0, "min_p", 0.05)))
                .generate(chat(CAPITAL));

        assertThat(take().getBody().utf8()).endsWith("\"temperature\":0,\"min_p\":0.05}");
    }

    @Test
    void aPromptSentToTheChatEndpointIsOneUserMessage() throws InterruptedException {
        answer(ServerShapes.OLLAMA_CHAT);

        generator(Map.of("endpoint", "chat")).generate(prompt(CAPITAL));

        RecordedRequest request = take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(request.getBody().utf8())
                .isEqualTo("{\"model\":\"Qwen/Qwen2.5-1.5B-Instruct\",\"messages\":["
                        + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}");
    }

    @Test
    void chatMessagesCannotGoToTheCompletionsEndpoint() {
        OpenAiCompatibleGenerator g = generator(Map.of("endpoint", "completions"));

        assertThatThrownBy(() -> g.generate(chat(CAPITAL)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the completions endpoint of openai-compatible needs a prompt, and this sample has chat"
                        + " messages; use endpoint chat, or a processor that makes a prompt");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void echoOnTheChatEndpointIsRefusedWhenConfigured() {
        assertThatThrownBy(() -> generator(Map.of("endpoint", "chat", "echo", true)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'echo' of openai-compatible works only with the completions endpoint;"
                        + " chat-completions servers cannot echo the prompt");
    }

    @Test
    void anUnknownEndpointIsRefused() {
        assertThatThrownBy(() -> generator(Map.of("endpoint", "responses")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'endpoint' of openai-compatible must be chat or completions, was 'responses'");
    }

    @Test
    void aServerErrorIsReportedWithTheServersMessage() {
        server.enqueue(new MockResponse.Builder()
                .code(400)
                .addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"This model's maximum context length is 32768 tokens. However, your"
                        + " request has 40000 input tokens. Please reduce the length of the input messages.\","
                        + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}")
                .build());

        assertThatThrownBy(() -> generator(Map.of()).generate(chat(CAPITAL)))
                .isInstanceOfSatisfying(
                        ModelCallException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessage("POST " + baseUrl + "/chat/completions answered 400 Bad Request: This model's maximum"
                        + " context length is 32768 tokens. However, your request has 40000 input tokens. Please"
                        + " reduce the length of the input messages. (BadRequestError)");
    }

    @Test
    void anAnswerWithoutChoicesIsAnError() {
        answer("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}");

        assertThatThrownBy(() -> generator(Map.of()).generate(chat(CAPITAL)))
                .isInstanceOf(ModelCallException.class)
                .hasMessage("POST " + baseUrl + "/chat/completions answered without choices:"
                        + " {\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}");
    }

    @Test
    void aDeterministicRequestIsAnsweredFromTheCacheTheSecondTimeInTheSameEpoch() {
        answer(ServerShapes.VLLM_CHAT);
        answer(ServerShapes.VLLM_CHAT.replace("\"Paris\"", "\"Paris!\""));
        OpenAiCompatibleGenerator g = generator(Map.of("temperature", 0));

        GenerationResponse first = g.generate(chat(CAPITAL));
        GenerationResponse again = generator(Map.of("temperature", 0)).generate(chat(CAPITAL));
        GenerationResponse otherEpoch = g.generate(chat(CAPITAL).withEpoch(1));

        assertThat(again).isEqualTo(first);
        assertThat(otherEpoch.text()).isEqualTo("Paris!");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(g.cache().orElseThrow().stats().writes()).isEqualTo(2);
    }

    @Test
    void theRequestBodyIsTheSameInEveryProcessSoCacheKeysAre() throws InterruptedException {
        answer(ServerShapes.OLLAMA_CHAT);

        generator(Map.of(
                        "extra_body",
                        Map.of("z", 1, "a", 2, "m", Map.of("y", 1, "b", 2)),
                        "top_p",
                        0.9,
                        "temperature",
                        0,
                        "seed",
                        3,
                        "cache",
                        "bypass"))
                .generate(chat("q"));

        // parameters in a fixed order, then extra_body with its keys sorted: Map.of's order varies between JVMs
        assertThat(take().getBody().utf8())
                .isEqualTo("{\"model\":\"Qwen/Qwen2.5-1.5B-Instruct\",\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"Answer briefly.\"},{\"role\":\"user\",\"content\":\"q\"}],"
                        + "\"temperature\":0,\"top_p\":0.9,\"seed\":3,\"a\":2,\"m\":{\"b\":2,\"y\":1},\"z\":1}");
    }

    @Test
    void aFixedSeedMakesARequestCacheable() {
        answer(ServerShapes.OLLAMA_CHAT);
        OpenAiCompatibleGenerator g = generator(Map.of("temperature", 0.8, "seed", 42));

        g.generate(chat(CAPITAL));
        g.generate(chat(CAPITAL));

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aSampledRequestBypassesTheCacheByDefault() throws IOException {
        answer(ServerShapes.OLLAMA_CHAT);
        answer(ServerShapes.OLLAMA_CHAT);
        OpenAiCompatibleGenerator g = generator(Map.of("temperature", 0.8));

        g.generate(chat(CAPITAL));
        g.generate(chat(CAPITAL));

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(files(cacheDir)).isEmpty();
    }

    @Test
    void cacheUseCachesEvenASampledRequest() {
        answer(ServerShapes.OLLAMA_CHAT);
        OpenAiCompatibleGenerator g = generator(Map.of("temperature", 0.8, "cache", "use"));

        g.generate(chat(CAPITAL));
        g.generate(chat(CAPITAL));

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void cacheBypassNeitherReadsNorWrites() throws IOException {
        answer(ServerShapes.OLLAMA_CHAT);
        answer(ServerShapes.OLLAMA_CHAT);
        OpenAiCompatibleGenerator g = generator(Map.of("temperature", 0, "cache", "bypass"));

        g.generate(chat(CAPITAL));
        g.generate(chat(CAPITAL));

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(g.cache()).isEmpty();
        assertThat(files(cacheDir)).isEmpty();
    }

    @Test
    void cacheRefreshAsksAgainAndReplacesTheEntry() {
        answer(ServerShapes.OLLAMA_CHAT);
        answer(ServerShapes.OLLAMA_CHAT.replace("Paris.", "Paris, of course."));
        generator(Map.of("temperature", 0)).generate(chat(CAPITAL));

        GenerationResponse refreshed =
                generator(Map.of("temperature", 0, "cache", "refresh")).generate(chat(CAPITAL));
        GenerationResponse cached = generator(Map.of("temperature", 0)).generate(chat(CAPITAL));

        assertThat(refreshed.text()).isEqualTo("The capital of France is Paris, of course.");
        assertThat(cached).isEqualTo(refreshed);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void theApiKeyGoesOnlyIntoTheAuthorizationHeader() throws Exception {
        answer(ServerShapes.OLLAMA_CHAT);
        server.enqueue(new MockResponse.Builder()
                .code(401)
                .addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\",\"type\":"
                        + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")
                .build());
        OpenAiCompatibleGenerator g = generator(Map.of("api_key_env", "EVAL_KEY", "temperature", 0));

        g.generate(chat(CAPITAL));
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> g.generate(chat("Another question")));

        assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(failure).isInstanceOf(ModelCallException.class);
        assertThat(failure.getMessage()).doesNotContain(KEY).contains("Incorrect API key provided: ***.");
        assertThat(g.toString()).doesNotContain(KEY);
        List<Path> entries = files(cacheDir);
        assertThat(entries).hasSize(1);
        for (Path entry : entries) {
            assertThat(Files.readString(entry))
                    .doesNotContain(KEY)
                    .doesNotContainIgnoringCase("authorization")
                    .doesNotContain("Bearer");
        }
    }

    @Test
    void aMissingKeyVariableIsAConfigurationError() {
        assertThatThrownBy(() -> generator(Map.of("api_key_env", "NO_SUCH_KEY")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'api_key_env' of openai-compatible names the environment variable NO_SUCH_KEY,"
                        + " which is not set");
    }

    @Test
    void numericParametersOutOfTheirRangeAreConfigurationErrors() {
        assertThatThrownBy(() -> generator(Map.of("timeout_seconds", 1e300)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "parameter 'timeout_seconds' of openai-compatible must be from 0.001 to 86400, was 1.0E300");
        assertThatThrownBy(() -> generator(Map.of("requests_per_second", 1e-300)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'requests_per_second' of openai-compatible must be from 0.001 to 1000000, was"
                        + " 1.0E-300");
        assertThatThrownBy(() -> generator(Map.of("top_p", 2)))
                .hasMessage("parameter 'top_p' of openai-compatible must be from 0 to 1, was 2");
        assertThatThrownBy(() -> generator(Map.of("max_concurrency", 0)))
                .hasMessage("parameter 'max_concurrency' of openai-compatible must be from 1 to 100000, was 0");
    }

    @Test
    void anUnconfiguredGeneratorSaysHowToConfigureIt() {
        assertThatThrownBy(() -> new OpenAiCompatibleGenerator().generate(chat(CAPITAL)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("openai-compatible is not configured; get it from"
                        + " evals.context().generator(\"openai-compatible\", params) with at least model and base_url");
    }

    @Test
    void theHttpParametersConfigureTheClient() {
        OpenAiCompatibleGenerator g = generator(Map.of(
                "timeout_seconds",
                2.5,
                "max_retries",
                5,
                "requests_per_second",
                20,
                "adaptive_concurrency",
                true,
                "max_concurrency",
                32));

        assertThat(g.httpClient().timeout()).isEqualTo(java.time.Duration.ofMillis(2500));
        assertThat(g.httpClient().retryPolicy().maxRetries()).isEqualTo(5);
        assertThat(g.httpClient().rateLimiter().orElseThrow().requestsPerSecond())
                .isEqualTo(20.0);
        assertThat(g.httpClient().concurrencyLimiter().orElseThrow().isAdaptive())
                .isTrue();
        assertThat(g.httpClient().stats().concurrencyLimit()).isEqualTo(32);
    }

    @Test
    void worksThroughThePluginRegistry() {
        answer(ServerShapes.OLLAMA_CHAT);
        Evals evals = TestEvals.builder().build();
        PluginRegistry registry = evals.plugins();

        BaseGenerator g = evals.context()
                .generator(
                        "openai-compatible",
                        Map.of(
                                "model",
                                "llama3.2:1b",
                                "base_url",
                                baseUrl,
                                "temperature",
                                0,
                                "cache_dir",
                                cacheDir.toString()));

        assertThat(g).isInstanceOf(OpenAiCompatibleGenerator.class);
        assertThat(g.generate(chat(CAPITAL)).text()).isEqualTo("The capital of France is Paris.");
        assertThat(registry.ids(dev.evals4j.core.plugins.PluginKind.GENERATOR))
                .contains("llama-stack", "openai-compatible");
    }

    @Test
    void theRegistryRefusesAMissingRequiredParameter() {
        assertThatThrownBy(() -> TestEvals.context().generator("openai-compatible", Map.of("model", "m")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("openai-compatible needs the parameter base_url; accepted: model (a string),"
                        + " base_url (a string), endpoint (a string)");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
