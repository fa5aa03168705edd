package dev.evals4j.core.generation;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.Message;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.http.ModelHttpClient;
import dev.evals4j.core.http.ResponseCache;
import dev.evals4j.core.run.AsyncGenerator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * {@code openai-compatible}: calls an OpenAI-style {@code /chat/completions} or {@code /completions} endpoint, as
 * served by vLLM, Ollama, llama.cpp's server, TGI, SGLang and OpenAI; thread-safe once configured.
 *
 * <p>A {@link GenerationInput.Choices} (multiple choice by log-likelihood) is one request to {@code /completions}
 * with one prompt per continuation, {@code echo}, {@code logprobs: 1} and {@code max_tokens: 1}, without the sampling
 * parameters; see {@code Loglikelihoods} for how the answer is read.
 *
 * <p>Configure it through {@link dev.evals4j.core.plugins.PluginRegistry#generator} with at least {@code model}
 * and {@code base_url}; {@code docs/generators.md} lists every parameter and which servers accept which. Sampling
 * parameters are sent only when given, so each server applies its own defaults otherwise. The API key is read
 * from the environment variable named by {@code api_key_env} when the generator is configured, and is sent only
 * in the {@code Authorization} header.
 */
public final class OpenAiCompatibleGenerator implements BaseGenerator, AsyncGenerator, HttpBacked, AutoCloseable {
    /** The plugin id. */
    public static final String ID = "openai-compatible";

    private static final List<Parameter> PARAMETERS = EndpointParameters.with(List.of(
            Parameter.required("model", ParamType.STRING, "the model, as the server names it"),
            Parameter.required(
                    "base_url",
                    ParamType.STRING,
                    "the server's OpenAI-compatible root, such as http://127.0.0.1:8000/v1"),
            Parameter.optional(
                    "endpoint",
                    ParamType.STRING,
                    "chat or completions; default chat for chat messages, completions for a prompt"),
            Parameter.optional("temperature", ParamType.NUMBER, "sampling temperature; 0 is greedy")
                    .atLeast(0),
            Parameter.optional("top_p", ParamType.NUMBER, "nucleus sampling mass")
                    .range(0, 1),
            Parameter.optional(
                            "top_k",
                            ParamType.INTEGER,
                            "sample from the k most likely tokens (vLLM, SGLang, llama.cpp; ignored by Ollama's /v1,"
                                    + " absent from OpenAI and TGI)")
                    .atLeast(-1),
            Parameter.optional("max_tokens", ParamType.INTEGER, "the most tokens to generate")
                    .atLeast(1),
            Parameter.withDefault(
                    "use_max_completion_tokens",
                    ParamType.BOOLEAN,
                    "send max_tokens as max_completion_tokens (OpenAI's reasoning models need it)",
                    false),
            Parameter.optional("stop", ParamType.STRING_LIST, "strings that end generation"),
            Parameter.optional("seed", ParamType.INTEGER, "sampling seed; makes a request deterministic for the cache"),
            Parameter.optional("n", ParamType.INTEGER, "how many answers to generate; the others go to additionalTexts")
                    .atLeast(1),
            Parameter.withDefault(
                    "logprobs", ParamType.BOOLEAN, "return the generated tokens' log-probabilities", false),
            Parameter.optional(
                            "top_logprobs",
                            ParamType.INTEGER,
                            "how many alternatives per token to return (implies logprobs)")
                    .atLeast(0),
            Parameter.withDefault(
                    "echo",
                    ParamType.BOOLEAN,
                    "completions only: echo the prompt with its log-probabilities (vLLM, OpenAI's"
                            + " davinci-002/babbage-002, SGLang)",
                    false),
            Parameter.optional(
                    "extra_body",
                    ParamType.JSON,
                    "a JSON object merged into the request last, for server-specific fields (min_p,"
                            + " repetition_penalty, chat_template_kwargs, …)")));

    private final Settings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The unconfigured plugin, as {@link java.util.ServiceLoader} creates it. */
    public OpenAiCompatibleGenerator() {
        this.settings = null;
    }

    private OpenAiCompatibleGenerator(Settings settings) {
        this.settings = settings;
    }

    /** What {@code configure} read from the parameters. */
    private record Settings(
            String baseUrl,
            String model,
            String endpoint,
            Map<String, Object> sampling,
            boolean logprobs,
            Long topLogprobs,
            boolean echo,
            boolean deterministic,
            Map<String, Object> extraBody,
            ModelEndpoint endpointClient) {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "calls an OpenAI-compatible server (vLLM, Ollama, llama.cpp, TGI, SGLang, OpenAI)";
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
    public OpenAiCompatibleGenerator configure(Params params) {
        throw new ConfigurationException(ID + " is configured with an evals4j instance's context:"
                + " evals.context().generator(\"" + ID + "\", params)");
    }

    @Override
    public OpenAiCompatibleGenerator configure(Params params, PluginContext context) {
        Objects.requireNonNull(params, "params");
        String baseUrl = EndpointParameters.baseUrl(ID, params);
        String endpoint = params.string("endpoint").orElse(null);
        if (endpoint != null && !endpoint.equals("chat") && !endpoint.equals("completions")) {
            throw new ConfigurationException(
                    "parameter 'endpoint' of " + ID + " must be chat or completions, was '" + endpoint + "'");
        }
        boolean echo = params.bool("echo", false);
        if (echo && "chat".equals(endpoint)) {
            throw new ConfigurationException("parameter 'echo' of " + ID
                    + " works only with the completions endpoint; chat-completions servers cannot echo the prompt");
        }
        EndpointParameters.requireAtLeast(ID, params, "n", 1);
        EndpointParameters.requireAtLeast(ID, params, "max_tokens", 0);
        EndpointParameters.requireAtLeast(ID, params, "top_logprobs", 0);
        EndpointParameters.requireAtLeast(ID, params, "top_k", -1);
        Map<String, Object> sampling = new LinkedHashMap<>();
        params.get("temperature").ifPresent(v -> sampling.put("temperature", v));
        params.get("top_p").ifPresent(v -> sampling.put("top_p", v));
        params.get("top_k").ifPresent(v -> sampling.put("top_k", v));
        params.get("max_tokens")
                .ifPresent(v -> sampling.put(
                        params.bool("use_max_completion_tokens", false) ? "max_completion_tokens" : "max_tokens", v));
        if (params.has("stop")) {
            sampling.put("stop", params.strings("stop"));
        }
        params.get("seed").ifPresent(v -> sampling.put("seed", v));
        params.get("n").ifPresent(v -> sampling.put("n", v));
        Object extra = params.get("extra_body").orElse(null);
        if (extra != null && !(extra instanceof Map<?, ?>)) {
            throw new ConfigurationException(
                    "parameter 'extra_body' of " + ID + " must be a JSON object, was " + JsonValues.toJson(extra));
        }
        // sorted, so that the body (and its cache key) is the same in every JVM, whatever map the caller used
        @SuppressWarnings("unchecked")
        Map<String, Object> extraBody = extra == null ? Map.of() : (Map<String, Object>) sortedKeys(extra);
        boolean logprobs = params.bool("logprobs", false) || params.has("top_logprobs");
        Long topLogprobs = params.has("top_logprobs") ? params.integer("top_logprobs", 0) : null;
        boolean deterministic = deterministic(params.get("temperature"), params.get("seed"), extraBody);
        sampling.putAll(extraBody);
        ModelEndpoint client = EndpointParameters.endpoint(ID, params, context);
        return new OpenAiCompatibleGenerator(new Settings(
                baseUrl,
                params.string("model").orElseThrow(),
                endpoint,
                Collections.unmodifiableMap(sampling),
                logprobs,
                topLogprobs,
                echo,
                deterministic,
                extraBody,
                client));
    }

    private static Object sortedKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new LinkedHashMap<>();
            new TreeMap<>(map).forEach((k, v) -> sorted.put(String.valueOf(k), sortedKeys(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(OpenAiCompatibleGenerator::sortedKeys).toList();
        }
        return value;
    }

    static boolean deterministic(Optional<Object> temperature, Optional<Object> seed, Map<String, Object> extra) {
        Object t = extra.containsKey("temperature") ? extra.get("temperature") : temperature.orElse(null);
        Object s = extra.containsKey("seed") ? extra.get("seed") : seed.orElse(null);
        return (t instanceof Number n && n.doubleValue() == 0) || s instanceof Number;
    }

    /**
     * This generator sending its requests through another client (to share limiters and stats with other parts
     * of a run, or to use a fake clock); the receiver is not changed.
     *
     * @throws ConfigurationException when this generator is not configured
     */
    public OpenAiCompatibleGenerator withHttpClient(ModelHttpClient client) {
        Objects.requireNonNull(client, "client");
        Settings s = configured();
        return new OpenAiCompatibleGenerator(new Settings(
                s.baseUrl,
                s.model,
                s.endpoint,
                s.sampling,
                s.logprobs,
                s.topLogprobs,
                s.echo,
                s.deterministic,
                s.extraBody,
                s.endpointClient.withHttp(client)));
    }

    /** The HTTP client of this configured generator, whose {@link ModelHttpClient#stats()} a run can show. */
    @Override
    public ModelHttpClient httpClient() {
        return configured().endpointClient.http();
    }

    /** The response cache, unless the {@code cache} parameter is {@code bypass}. */
    @Override
    public Optional<ResponseCache> cache() {
        return configured().endpointClient.cache();
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
        return generate(sample, ModelEndpoint::call);
    }

    @Override
    public boolean sendsAsynchronously() {
        Settings s = configured();
        return s.endpointClient.http().sendsAsynchronously(s.baseUrl + "/chat/completions");
    }

    @Override
    public CompletableFuture<GenerationResponse> generateAsync(PreprocessedSample sample, Executor executor) {
        return generate(
                sample,
                (endpoint, url, model, body, epoch, deterministic, parse) ->
                        endpoint.callAsync(url, model, body, epoch, deterministic, parse, executor));
    }

    /** How a request goes to the endpoint: waiting for the answer, or not. */
    @FunctionalInterface
    private interface Caller<R> {
        R call(
                ModelEndpoint endpoint,
                String url,
                String model,
                Map<String, Object> body,
                int epoch,
                boolean deterministic,
                BiFunction<String, String, GenerationResponse> parse);
    }

    private <R> R generate(PreprocessedSample sample, Caller<R> caller) {
        Settings s = configured();
        GenerationInput input = sample.input();
        if (input instanceof GenerationInput.Choices choices) {
            return loglikelihoods(s, sample, choices, caller);
        }
        String endpoint =
                s.endpoint != null ? s.endpoint : input instanceof GenerationInput.Chat ? "chat" : "completions";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", s.model);
        if (endpoint.equals("chat")) {
            List<Message> messages = input instanceof GenerationInput.Chat chat
                    ? chat.messages()
                    : List.of(Message.user(((GenerationInput.Completion) input).prompt()));
            if (s.echo) {
                throw new ConfigurationException("parameter 'echo' of " + ID + " works only with the completions"
                        + " endpoint, and this sample has chat messages; use a processor that makes a prompt");
            }
            body.put("messages", OpenAiProtocol.messages(messages));
            if (s.logprobs) {
                body.put("logprobs", true);
                if (s.topLogprobs != null) {
                    body.put("top_logprobs", s.topLogprobs);
                }
            }
            body.putAll(s.sampling); // extra_body last: it may override any field
            return caller.call(
                    s.endpointClient,
                    s.baseUrl + "/chat/completions",
                    s.model,
                    body,
                    sample.epoch(),
                    s.deterministic,
                    OpenAiProtocol::chat);
        }
        if (!(input instanceof GenerationInput.Completion completion)) {
            throw new ConfigurationException("the completions endpoint of " + ID + " needs a prompt, and this"
                    + " sample has chat messages; use endpoint chat, or a processor that makes a prompt");
        }
        String prompt = completion.prompt();
        body.put("prompt", prompt);
        if (s.echo) {
            body.put("echo", true);
        }
        if (s.logprobs) {
            // the legacy endpoint takes the number of alternatives (0-5) in 'logprobs'
            body.put("logprobs", s.topLogprobs != null ? s.topLogprobs : 1L);
        }
        body.putAll(s.sampling); // extra_body last: it may override any field
        return caller.call(
                s.endpointClient,
                s.baseUrl + "/completions",
                s.model,
                body,
                sample.epoch(),
                s.deterministic,
                (where, answer) -> OpenAiProtocol.completion(where, answer, prompt, s.echo));
    }

    /**
     * One request for every continuation: the prompts {@code context + continuation}, echoed with their
     * log-probabilities, and one generated token that is not used, as lm-evaluation-harness asks: {@code max_tokens:
     * 0}, the prompt alone, is what current vLLM answers with echo but older versions refuse, so it is an opt-in through
     * {@code extra_body} (docs/decisions/016). Sampling parameters do not change the
     * prompt's log-probabilities and are not sent; {@code extra_body} is, last.
     */
    private <R> R loglikelihoods(
            Settings s, PreprocessedSample sample, GenerationInput.Choices choices, Caller<R> caller) {
        if ("chat".equals(s.endpoint)) {
            throw new ConfigurationException("parameter 'endpoint' of " + ID + " is chat, and this sample asks for"
                    + " the log-likelihoods of continuations, which only the completions endpoint gives (echo with"
                    + " logprobs); leave endpoint unset or set it to completions");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", s.model);
        List<String> prompts = new java.util.ArrayList<>(choices.continuations().size());
        for (int i = 0; i < choices.continuations().size(); i++) {
            prompts.add(choices.prompt(i));
        }
        body.put("prompt", prompts);
        body.put("echo", true);
        body.put("logprobs", 1L);
        body.put("max_tokens", 1L);
        body.put("temperature", 0L);
        body.putAll(s.extraBody);
        int generated = generatedTokens(body.get("max_tokens"));
        return caller.call(
                s.endpointClient,
                s.baseUrl + "/completions",
                s.model,
                body,
                sample.epoch(),
                true, // the prompt's log-probabilities do not depend on sampling
                (where, answer) -> Loglikelihoods.read(where, answer, choices, generated));
    }

    /** How many tokens a log-likelihood request generates: its {@code max_tokens}, 1, or 0 from {@code extra_body}. */
    private static int generatedTokens(Object maxTokens) {
        if (maxTokens instanceof Number n && n.doubleValue() == 0) {
            return 0;
        }
        if (maxTokens instanceof Number n && n.doubleValue() == 1) {
            return 1;
        }
        throw new ConfigurationException("parameter 'extra_body' of " + ID + " sets max_tokens to "
                + JsonValues.toJson(maxTokens) + "; a log-likelihood request generates 1 token (or 0, where the"
                + " server returns the prompt only), so that the generated tokens can be told from the prompt's");
    }

    @Override
    public String toString() {
        return settings == null
                ? ID + " (not configured)"
                : ID + "[" + settings.model + " at " + settings.baseUrl + "]";
    }
}
