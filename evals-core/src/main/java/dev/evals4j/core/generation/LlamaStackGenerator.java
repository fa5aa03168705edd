package dev.evals4j.core.generation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.TokenLogProbs;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.http.ModelHttpClient;
import dev.evals4j.core.http.ResponseCache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code llama-stack}: calls a Llama Stack server's inference API, passing its sampling strategy (greedy, top_p,
 * top_k) on as given — Llama Stack's own eval dropped everything but {@code max_tokens} and {@code stop};
 * thread-safe once configured.
 *
 * <p>{@code api=openai} (the default) uses the stack's OpenAI-compatible endpoints, {@code <base_url>/v1/chat/completions}
 * and {@code /v1/completions} (from v0.3.0; set {@code openai_prefix} to {@code /v1/openai/v1} for v0.2.x);
 * {@code api=legacy} uses {@code /v1/inference/chat-completion} and {@code /v1/inference/completion} (v0.0.53 to
 * v0.2.23), with {@code sampling_params.strategy} as Llama Stack defines it. Without {@code strategy}, it is
 * top_k when {@code top_k} is given, top_p when a temperature above 0 is, and greedy otherwise.
 */
public final class LlamaStackGenerator implements BaseGenerator, HttpBacked, AutoCloseable {
    /** The plugin id. */
    public static final String ID = "llama-stack";

    private static final List<Parameter> PARAMETERS = EndpointParameters.with(List.of(
            Parameter.required("model", ParamType.STRING, "the model id registered in the stack"),
            Parameter.required("base_url", ParamType.STRING, "the stack's root URL, such as http://127.0.0.1:8321"),
            Parameter.withDefault(
                    "api",
                    ParamType.STRING,
                    "openai (the stack's OpenAI-compatible endpoints) or legacy (/v1/inference/*, up to v0.2.23)",
                    "openai"),
            Parameter.withDefault(
                    "openai_prefix",
                    ParamType.STRING,
                    "path of the OpenAI-compatible endpoints under base_url: /v1, or /v1/openai/v1 for v0.2.x",
                    "/v1"),
            Parameter.optional(
                    "strategy",
                    ParamType.STRING,
                    "greedy, top_p or top_k; inferred from the other parameters when unset"),
            Parameter.optional("temperature", ParamType.NUMBER, "temperature of the top_p strategy (above 0)"),
            Parameter.optional("top_p", ParamType.NUMBER, "nucleus mass of the top_p strategy (default 0.95)"),
            Parameter.optional("top_k", ParamType.INTEGER, "k of the top_k strategy (at least 1)"),
            Parameter.optional("max_tokens", ParamType.INTEGER, "the most tokens to generate"),
            Parameter.optional("repetition_penalty", ParamType.NUMBER, "repetition penalty (1.0 is none)"),
            Parameter.optional("stop", ParamType.STRING_LIST, "strings that end generation"),
            Parameter.withDefault(
                    "logprobs", ParamType.BOOLEAN, "return the generated tokens' log-probabilities", false),
            Parameter.optional(
                    "top_logprobs",
                    ParamType.INTEGER,
                    "how many alternatives per token to return (implies logprobs)")));

    private final Settings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The unconfigured plugin, as {@link java.util.ServiceLoader} creates it. */
    public LlamaStackGenerator() {
        this.settings = null;
    }

    private LlamaStackGenerator(Settings settings) {
        this.settings = settings;
    }

    private record Settings(
            String root,
            boolean legacy,
            String openaiPrefix,
            String model,
            Map<String, Object> strategy,
            Map<String, Object> openaiSampling,
            Map<String, Object> samplingParams,
            Long topLogprobs,
            boolean logprobs,
            boolean deterministic,
            ModelEndpoint endpoint) {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "calls a Llama Stack server (OpenAI-compatible or legacy inference API), sampling strategy included";
    }

    @Override
    public List<Parameter> parameters() {
        return PARAMETERS;
    }

    /**
     * Refuses: this generator reads its API key, cache folder and HTTP pool from an instance's context; configure it
     * through {@code evals.context().generator(id, params)}.
     */
    @Override
    public LlamaStackGenerator configure(Params params) {
        throw new ConfigurationException(ID + " is configured with an evals4j instance's context:"
                + " evals.context().generator(\"" + ID + "\", params)");
    }

    @Override
    public LlamaStackGenerator configure(Params params, PluginContext context) {
        Objects.requireNonNull(params, "params");
        String root = EndpointParameters.baseUrl(ID, params);
        if (root.endsWith("/v1")) {
            root = root.substring(0, root.length() - "/v1".length());
        }
        String api = params.string("api").orElse("openai");
        if (!api.equals("openai") && !api.equals("legacy")) {
            throw new ConfigurationException(
                    "parameter 'api' of " + ID + " must be openai or legacy, was '" + api + "'");
        }
        String prefix = params.string("openai_prefix").orElse("/v1").strip();
        if (!prefix.startsWith("/")) {
            prefix = "/" + prefix;
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        EndpointParameters.requireAtLeast(ID, params, "max_tokens", 0);
        EndpointParameters.requireAtLeast(ID, params, "top_logprobs", 0);
        Map<String, Object> strategy = strategy(params);

        Map<String, Object> openai = new LinkedHashMap<>();
        switch ((String) strategy.get("type")) {
            case "greedy" -> openai.put("temperature", 0);
            case "top_p" -> {
                openai.put("temperature", strategy.get("temperature"));
                openai.put("top_p", strategy.get("top_p"));
            }
            default -> {
                params.get("temperature").ifPresent(t -> openai.put("temperature", t));
                openai.put("top_k", strategy.get("top_k"));
            }
        }
        Map<String, Object> sampling = new LinkedHashMap<>();
        sampling.put("strategy", strategy);
        params.get("max_tokens").ifPresent(v -> {
            sampling.put("max_tokens", v);
            openai.put("max_tokens", v);
        });
        params.get("repetition_penalty").ifPresent(v -> {
            sampling.put("repetition_penalty", v);
            openai.put("repetition_penalty", v); // an extra field, which the stack passes to its provider
        });
        if (params.has("stop")) {
            sampling.put("stop", params.strings("stop"));
            openai.put("stop", params.strings("stop"));
        }
        boolean logprobs = params.bool("logprobs", false) || params.has("top_logprobs");
        Long topLogprobs = params.has("top_logprobs") ? params.integer("top_logprobs", 0) : null;
        ModelEndpoint endpoint = EndpointParameters.endpoint(ID, params, context);
        return new LlamaStackGenerator(new Settings(
                root,
                api.equals("legacy"),
                prefix,
                params.string("model").orElseThrow(),
                Collections.unmodifiableMap(strategy),
                Collections.unmodifiableMap(openai),
                Collections.unmodifiableMap(sampling),
                topLogprobs,
                logprobs,
                strategy.get("type").equals("greedy"),
                endpoint));
    }

    /** Llama Stack's {@code SamplingStrategy}, from {@code strategy} or inferred; checked as the stack checks it. */
    private static Map<String, Object> strategy(Params params) {
        String type = params.string("strategy").orElseGet(() -> {
            if (params.has("top_k")) {
                return "top_k";
            }
            return params.number("temperature", 0) > 0 ? "top_p" : "greedy";
        });
        Map<String, Object> strategy = new LinkedHashMap<>();
        strategy.put("type", type);
        switch (type) {
            case "greedy" -> {
                if (params.number("temperature", 0) != 0 || params.has("top_p") || params.has("top_k")) {
                    throw new ConfigurationException(
                            "the greedy strategy of " + ID + " takes no temperature (other than 0), top_p or top_k");
                }
            }
            case "top_p" -> {
                double t = params.number("temperature", 0);
                if (!(t > 0)) {
                    throw new ConfigurationException("the top_p strategy of " + ID
                            + " needs a temperature above 0, as Llama Stack requires; was "
                            + params.get("temperature").map(String::valueOf).orElse("unset"));
                }
                if (params.has("top_k")) {
                    throw new ConfigurationException("the top_p strategy of " + ID + " takes no top_k");
                }
                strategy.put("temperature", params.get("temperature").orElseThrow());
                strategy.put("top_p", params.get("top_p").orElse(0.95));
            }
            case "top_k" -> {
                if (params.integer("top_k", 0) < 1) {
                    throw new ConfigurationException("the top_k strategy of " + ID + " needs top_k of at least 1, was "
                            + params.get("top_k").map(String::valueOf).orElse("unset"));
                }
                if (params.has("top_p")) {
                    throw new ConfigurationException("the top_k strategy of " + ID + " takes no top_p");
                }
                strategy.put("top_k", params.get("top_k").orElseThrow());
            }
            default -> throw new ConfigurationException(
                    "parameter 'strategy' of " + ID + " must be greedy, top_p or top_k, was '" + type + "'");
        }
        return strategy;
    }

    /** This generator sending its requests through another client; see {@link OpenAiCompatibleGenerator#withHttpClient}. */
    public LlamaStackGenerator withHttpClient(ModelHttpClient client) {
        Objects.requireNonNull(client, "client");
        Settings s = configured();
        return new LlamaStackGenerator(new Settings(
                s.root,
                s.legacy,
                s.openaiPrefix,
                s.model,
                s.strategy,
                s.openaiSampling,
                s.samplingParams,
                s.topLogprobs,
                s.logprobs,
                s.deterministic,
                s.endpoint.withHttp(client)));
    }

    /** The HTTP client of this configured generator, whose {@link ModelHttpClient#stats()} a run can show. */
    @Override
    public ModelHttpClient httpClient() {
        return configured().endpoint.http();
    }

    /** The response cache, unless the {@code cache} parameter is {@code bypass}. */
    @Override
    public Optional<ResponseCache> cache() {
        return configured().endpoint.cache();
    }

    /** Marks this configuration closed; it sends no request afterwards. The shared HTTP pool stays open. */
    @Override
    public void close() {
        closed.set(true);
    }

    private Settings configured() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed: the run that configured it has ended");
        }
        if (settings == null) {
            throw new ConfigurationException(ID + " is not configured; get it from evals.context().generator(\"" + ID
                    + "\", params) with at least model and base_url");
        }
        return settings;
    }

    @Override
    public GenerationResponse generate(PreprocessedSample sample) {
        Settings s = configured();
        if (sample.input() instanceof GenerationInput.Choices) {
            throw new ConfigurationException(ID + " does not score continuations by log-likelihood: whether a stack"
                    + " passes echo and the prompt's log-probabilities on from its provider is not known to evals4j;"
                    + " ask the server behind the stack (vLLM) with " + OpenAiCompatibleGenerator.ID);
        }
        return s.legacy ? legacy(s, sample) : openai(s, sample);
    }

    private GenerationResponse openai(Settings s, PreprocessedSample sample) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", s.model);
        String base = s.root + s.openaiPrefix;
        if (sample.input() instanceof GenerationInput.Chat chat) {
            body.put("messages", OpenAiProtocol.messages(chat.messages()));
            if (s.logprobs) {
                body.put("logprobs", true);
                if (s.topLogprobs != null) {
                    body.put("top_logprobs", s.topLogprobs);
                }
            }
            body.putAll(s.openaiSampling);
            return s.endpoint.call(
                    base + "/chat/completions", s.model, body, sample.epoch(), s.deterministic, OpenAiProtocol::chat);
        }
        String prompt = ((GenerationInput.Completion) sample.input()).prompt();
        body.put("prompt", prompt);
        if (s.logprobs) {
            body.put("logprobs", s.topLogprobs != null ? s.topLogprobs : 1L);
        }
        body.putAll(s.openaiSampling);
        return s.endpoint.call(
                base + "/completions",
                s.model,
                body,
                sample.epoch(),
                s.deterministic,
                (where, answer) -> OpenAiProtocol.completion(where, answer, prompt, false));
    }

    private GenerationResponse legacy(Settings s, PreprocessedSample sample) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_id", s.model);
        String path;
        if (sample.input() instanceof GenerationInput.Chat chat) {
            body.put("messages", legacyMessages(chat.messages()));
            path = "/v1/inference/chat-completion";
        } else {
            body.put("content", ((GenerationInput.Completion) sample.input()).prompt());
            path = "/v1/inference/completion";
        }
        body.put("sampling_params", s.samplingParams);
        body.put("stream", false);
        if (s.logprobs) {
            body.put("logprobs", Map.of("top_k", s.topLogprobs != null ? s.topLogprobs : 1L));
        }
        boolean chat = sample.input() instanceof GenerationInput.Chat;
        return s.endpoint.call(
                s.root + path,
                s.model,
                body,
                sample.epoch(),
                s.deterministic,
                (where, answer) -> legacyResponse(where, answer, chat));
    }

    private static List<Map<String, Object>> legacyMessages(List<Message> messages) {
        List<Map<String, Object>> out = OpenAiProtocol.messages(messages);
        for (Map<String, Object> m : out) {
            if ("assistant".equals(m.get("role"))) {
                m.put("stop_reason", "end_of_turn"); // CompletionMessage requires it
            }
        }
        return out;
    }

    /**
     * {@code {"completion_message":{"content","stop_reason"},"logprobs":[{"logprobs_by_token":{…}}],"metrics":[…]}}
     * for chat, {@code {"content","stop_reason","logprobs","metrics"}} for completion.
     */
    static GenerationResponse legacyResponse(String where, String body, boolean chat) {
        JsonNode root = OpenAiProtocol.read(where, body);
        JsonNode message = chat ? root.get("completion_message") : root;
        if (message == null || !message.isObject() || !message.has("content")) {
            throw new BadAnswer(
                    BadAnswer.UNREADABLE,
                    where + " answered without " + (chat ? "completion_message" : "content") + ": "
                            + OpenAiProtocol.shorten(body),
                    null);
        }
        String text = content(message.get("content"));
        Optional<String> finish = Optional.ofNullable(message.get("stop_reason"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .map(r -> switch (r) {
                    case "end_of_turn", "end_of_message" -> "stop";
                    case "out_of_tokens" -> "length";
                    default -> r;
                });
        List<TokenLogProbs> logprobs = new ArrayList<>();
        JsonNode lp = root.get("logprobs");
        if (lp != null && lp.isArray()) {
            for (JsonNode position : lp) {
                Map<String, Double> byToken = new LinkedHashMap<>();
                position.path("logprobs_by_token")
                        .properties()
                        .forEach(e -> byToken.put(e.getKey(), e.getValue().asDouble()));
                // the stack gives only the top-k tokens per position; the likeliest is taken as the chosen one
                byToken.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .ifPresent(best -> logprobs.add(new TokenLogProbs(best.getKey(), best.getValue(), byToken)));
            }
        }
        return new GenerationResponse(text, logprobs, metrics(root.get("metrics")), finish, List.of(), List.of());
    }

    private static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        // InterleavedContent: {"type":"text","text":…} or a list of such items
        StringBuilder sb = new StringBuilder();
        if (content.isArray()) {
            content.forEach(item -> sb.append(
                    item.isTextual() ? item.asText() : item.path("text").asText("")));
        } else {
            sb.append(content.path("text").asText(""));
        }
        return sb.toString();
    }

    private static Optional<Usage> metrics(JsonNode metrics) {
        if (metrics == null || !metrics.isArray()) {
            return Optional.empty();
        }
        Long prompt = null;
        Long completion = null;
        for (JsonNode m : metrics) {
            switch (m.path("metric").asText("")) {
                case "prompt_tokens" -> prompt = m.path("value").asLong();
                case "completion_tokens" -> completion = m.path("value").asLong();
                default -> {
                    // total_tokens is the sum of the two
                }
            }
        }
        return prompt == null && completion == null
                ? Optional.empty()
                : Optional.of(new Usage(prompt == null ? 0 : prompt, completion == null ? 0 : completion));
    }

    @Override
    public String toString() {
        return settings == null
                ? ID + " (not configured)"
                : ID + "[" + settings.model + " at " + settings.root + (settings.legacy ? ", legacy API" : "") + "]";
    }
}
