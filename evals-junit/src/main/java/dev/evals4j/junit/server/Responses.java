package dev.evals4j.junit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.evals4j.api.Message;
import dev.evals4j.junit.server.OpenAiWire.ChatChoice;
import dev.evals4j.junit.server.OpenAiWire.ChatChunk;
import dev.evals4j.junit.server.OpenAiWire.ChatCompletion;
import dev.evals4j.junit.server.OpenAiWire.ChatLogprobs;
import dev.evals4j.junit.server.OpenAiWire.ChatMessage;
import dev.evals4j.junit.server.OpenAiWire.ChunkChoice;
import dev.evals4j.junit.server.OpenAiWire.Completion;
import dev.evals4j.junit.server.OpenAiWire.CompletionChoice;
import dev.evals4j.junit.server.OpenAiWire.Delta;
import dev.evals4j.junit.server.OpenAiWire.Embedding;
import dev.evals4j.junit.server.OpenAiWire.EmbeddingUsage;
import dev.evals4j.junit.server.OpenAiWire.Embeddings;
import dev.evals4j.junit.server.OpenAiWire.ErrorDetail;
import dev.evals4j.junit.server.OpenAiWire.ErrorResponse;
import dev.evals4j.junit.server.OpenAiWire.LegacyLogprobs;
import dev.evals4j.junit.server.OpenAiWire.LegacyUsage;
import dev.evals4j.junit.server.OpenAiWire.Model;
import dev.evals4j.junit.server.OpenAiWire.ModelList;
import dev.evals4j.junit.server.OpenAiWire.TokenLogprob;
import dev.evals4j.junit.server.OpenAiWire.TopLogprob;
import dev.evals4j.junit.server.OpenAiWire.Usage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns a request and a {@link Reply} into what the fake server sends, in OpenAI's shapes, and refuses requests as
 * OpenAI does (with the messages its API answers). Stateless and thread-safe.
 */
final class Responses {
    /** What a refusal says when a fault asks for {@code content: null} without a text. */
    static final String REFUSAL = "I'm sorry, but I can't help with that.";

    /** OpenAI's default {@code max_tokens} on the legacy completions endpoint. */
    static final long COMPLETIONS_DEFAULT_MAX_TOKENS = 16;

    private static final String FINGERPRINT = "fp_evals4j";
    private static final String ORGANIZATION = "org-evals4jfake";
    private static final String HTML = "<!DOCTYPE html>\n<html>\n<head><title>Sign in</title></head>\n<body><h1>Sign in"
            + " to continue</h1></body>\n</html>\n";

    private final List<String> models;
    private final boolean rejectUnknownModels;
    private final int embeddingDimensions;
    private final long created;
    private final @Nullable String apiKey;
    private final String defaultAnswer;
    private final Likelihood likelihood;

    Responses(
            String defaultAnswer,
            List<String> models,
            boolean rejectUnknownModels,
            int embeddingDimensions,
            long created,
            @Nullable String apiKey,
            Likelihood likelihood) {
        this.defaultAnswer = defaultAnswer;
        this.likelihood = likelihood;
        this.models = List.copyOf(models);
        this.rejectUnknownModels = rejectUnknownModels;
        this.embeddingDimensions = embeddingDimensions;
        this.created = created;
        this.apiKey = apiKey;
    }

    // ---- what is sent

    /** What the server sends for one request. */
    sealed interface Outcome permits Send, Events, Silence, Drop {}

    /** An answer with a status, headers and a body. */
    record Send(int status, Map<String, String> headers, byte[] body) implements Outcome {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A streamed answer: server-sent events, each a JSON object, then {@code data: [DONE]}. */
    record Events(List<String> events) implements Outcome {}

    /** No answer: the connection stays open, and is closed after the time when one is given. */
    record Silence(Optional<Duration> closeAfter) implements Outcome {}

    /** The connection closed without an answer. */
    record Drop() implements Outcome {}

    // ---- refusals

    /** The error a real server answers before looking at the model's answer: 401, 404, 405, 400; empty when none. */
    Optional<Outcome> refuse(FakeRequest request) {
        if (apiKey != null) {
            Optional<Outcome> unauthorized = checkKey(request);
            if (unauthorized.isPresent()) {
                return unauthorized;
            }
        }
        Endpoint endpoint = request.endpoint();
        if (endpoint == Endpoint.OTHER) {
            return Optional.of(error(
                    404,
                    "Invalid URL (" + request.method() + " " + request.path() + ")",
                    "invalid_request_error",
                    null,
                    null));
        }
        String method = endpoint == Endpoint.MODELS ? "GET" : "POST";
        if (!request.method().equals(method)) {
            return Optional.of(error(
                    405,
                    "Only " + method + " requests are accepted.",
                    "invalid_request_error",
                    null,
                    "method_not_supported"));
        }
        if (endpoint == Endpoint.MODELS) {
            return Optional.empty();
        }
        Optional<JsonNode> parsed = request.body();
        if (parsed.isEmpty()) {
            return Optional.of(error(
                    400,
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your"
                            + " HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was"
                            + " not valid JSON. If you have trouble figuring out how to fix this, please contact us"
                            + " through our help center at help.openai.com.)",
                    "invalid_request_error",
                    null,
                    null));
        }
        JsonNode body = parsed.get();
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            return Optional.of(error(400, "you must provide a model parameter", "invalid_request_error", null, null));
        }
        String required =
                switch (endpoint) {
                    case CHAT_COMPLETIONS -> "messages";
                    case COMPLETIONS -> "prompt";
                    default -> "input";
                };
        JsonNode value = body.get(required);
        if (value == null || value.isNull()) {
            return Optional.of(error(
                    400,
                    "Missing required parameter: '" + required + "'.",
                    "invalid_request_error",
                    required,
                    "missing_required_parameter"));
        }
        if (endpoint == Endpoint.CHAT_COMPLETIONS) {
            if (!value.isArray()) {
                return Optional.of(invalidType("messages", "an array of objects", value));
            }
            if (value.isEmpty()) {
                return Optional.of(error(
                        400,
                        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty"
                                + " array instead.",
                        "invalid_request_error",
                        "messages",
                        "empty_array"));
            }
        }
        Optional<Outcome> range =
                switch (endpoint) {
                    case CHAT_COMPLETIONS -> firstPresent(
                            checkInteger(body, "n", 1, 128),
                            checkInteger(body, "top_logprobs", 0, 20),
                            checkInteger(body, "max_tokens", 1, Integer.MAX_VALUE),
                            checkInteger(body, "max_completion_tokens", 1, Integer.MAX_VALUE));
                    case COMPLETIONS -> firstPresent(
                            checkInteger(body, "n", 1, 128),
                            checkInteger(body, "logprobs", 0, 5),
                            // 0 is allowed with echo: the prompt's log-probabilities alone
                            checkInteger(body, "max_tokens", 0, Integer.MAX_VALUE));
                    default -> firstPresent(checkEncoding(body), checkInteger(body, "dimensions", 1, 65_536));
                };
        if (range.isPresent()) {
            return range;
        }
        if (rejectUnknownModels && !models.contains(model.asText())) {
            return Optional.of(modelNotFound(model.asText()));
        }
        return Optional.empty();
    }

    private Optional<Outcome> checkKey(FakeRequest request) {
        String header = request.header("Authorization").orElse("").strip();
        if (header.isEmpty()) {
            return Optional.of(error(
                    401,
                    "You didn't provide an API key. You need to provide your API key in an Authorization header using"
                            + " Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with"
                            + " blank username) if you're accessing the API from your browser and are prompted for a"
                            + " username and password. You can obtain an API key from"
                            + " https://platform.openai.com/account/api-keys.",
                    "invalid_request_error",
                    null,
                    null));
        }
        String given = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip()
                : header;
        if (given.equals(apiKey)) {
            return Optional.empty();
        }
        return Optional.of(error(
                401,
                "Incorrect API key provided: " + mask(given) + ". You can find your API key at"
                        + " https://platform.openai.com/account/api-keys.",
                "invalid_request_error",
                null,
                "invalid_api_key"));
    }

    /** A key as OpenAI shows it in a 401: its first 8 and last 4 characters, stars between. */
    static String mask(String key) {
        if (key.length() <= 12) {
            return key.substring(0, Math.min(3, key.length())) + "*".repeat(Math.max(0, key.length() - 3));
        }
        return key.substring(0, 8) + "*".repeat(key.length() - 12) + key.substring(key.length() - 4);
    }

    private static Optional<Outcome> checkInteger(JsonNode body, String name, int min, int max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber()) {
            return Optional.of(invalidType(name, "an integer", value));
        }
        long n = value.asLong();
        if (n < min) {
            return Optional.of(error(
                    400,
                    "Invalid '" + name + "': integer below minimum value. Expected a value >= " + min + ", but got " + n
                            + " instead.",
                    "invalid_request_error",
                    name,
                    "integer_below_min_value"));
        }
        if (n > max) {
            return Optional.of(error(
                    400,
                    "Invalid '" + name + "': integer above maximum value. Expected a value <= " + max + ", but got " + n
                            + " instead.",
                    "invalid_request_error",
                    name,
                    "integer_above_max_value"));
        }
        return Optional.empty();
    }

    private static Optional<Outcome> checkEncoding(JsonNode body) {
        JsonNode format = body.get("encoding_format");
        if (format == null || format.isNull()) {
            return Optional.empty();
        }
        String value = format.asText();
        if (value.equals("float") || value.equals("base64")) {
            return Optional.empty();
        }
        // Ollama's /v1 words it so; OpenAI's own wording is not documented
        return Optional.of(error(
                400,
                "Invalid value for 'encoding_format' = " + value + ". Supported values: ['float', 'base64'].",
                "invalid_request_error",
                "encoding_format",
                null));
    }

    private static Outcome invalidType(String name, String expected, JsonNode value) {
        return error(
                400,
                "Invalid type for '" + name + "': expected " + expected + ", but got " + jsonType(value) + " instead.",
                "invalid_request_error",
                name,
                "invalid_type");
    }

    private static String jsonType(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isIntegralNumber()) {
            return "an integer";
        }
        if (value.isNumber()) {
            return "a decimal";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "an object";
        }
        return "null";
    }

    @SafeVarargs
    private static Optional<Outcome> firstPresent(Optional<Outcome>... checks) {
        for (Optional<Outcome> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    private static Outcome modelNotFound(String model) {
        return error(
                404,
                "The model `" + model + "` does not exist or you do not have access to it.",
                "invalid_request_error",
                null,
                "model_not_found");
    }

    // ---- models

    /** {@code GET /v1/models} and {@code GET /v1/models/{id}}. */
    Outcome models(FakeRequest request) {
        String prefix = Endpoint.MODELS.path() + "/";
        if (request.path().startsWith(prefix)) {
            String id = request.path().substring(prefix.length());
            if (!models.contains(id)) {
                return modelNotFound(id);
            }
            return json(200, model(id));
        }
        return json(200, new ModelList("list", models.stream().map(this::model).toList()));
    }

    private Model model(String id) {
        return new Model(id, "model", created, "evals4j");
    }

    // ---- answers

    /**
     * The answer to a request to a model endpoint. {@code fixed} is a reply for the whole request (scripted, or a
     * fault rule's); without it, {@code decide} gives the reply for each prompt (the request itself for chat; each
     * prompt of a completions batch).
     */
    Outcome answer(FakeRequest request, @Nullable Reply fixed, Function<FakeRequest, Reply> decide) {
        JsonNode body = request.body().orElseThrow();
        String model = body.get("model").asText();
        if (request.endpoint() == Endpoint.EMBEDDINGS) {
            Reply reply = fixed != null ? fixed : decide.apply(request);
            return embeddings(request, body, model, reply);
        }
        if (request.endpoint() == Endpoint.CHAT_COMPLETIONS) {
            Reply reply = fixed != null ? fixed : decide.apply(request);
            return chat(request, body, model, reply, decide);
        }
        List<String> prompts = request.prompts();
        List<Reply> replies = new ArrayList<>();
        for (String prompt : prompts) {
            Reply reply = fixed != null ? fixed : decide.apply(request.withUserText(prompt));
            if (reply instanceof Fault) {
                return completions(request, body, model, List.of(prompt), List.of(reply), decide);
            }
            replies.add(reply);
        }
        return completions(request, body, model, prompts, replies, decide);
    }

    /** An answer function that failed: a 500 that says so, for the test to see. */
    Outcome failedResponder(RuntimeException e) {
        return error(500, "The fake server's responder failed: " + e, "server_error", null, null);
    }

    /** What a malformed body is made from: the answer the request would have had. */
    private Reply.Answer normalAnswer(FakeRequest request, Function<FakeRequest, Reply> decide) {
        Reply reply = decide.apply(request);
        return reply instanceof Reply.Answer answer ? answer : Reply.answer(defaultAnswer);
    }

    private Outcome chat(
            FakeRequest request, JsonNode body, String model, Reply reply, Function<FakeRequest, Reply> decide) {
        if (reply instanceof Fault fault) {
            Optional<Outcome> failed = fault(fault, model);
            if (failed.isPresent()) {
                return failed.get();
            }
            Fault.Malformed kind = ((Fault.MalformedBody) fault).kind();
            if (kind == Fault.Malformed.NULL_CONTENT) {
                return chat(request, body, model, Reply.refusal(REFUSAL), decide);
            }
            ChatCompletion whole = chatCompletion(request, body, model, normalAnswer(request, decide));
            if (kind == Fault.Malformed.EMPTY_CHOICES) {
                return json(200, withChoices(whole, List.of()));
            }
            return truncated(OpenAiWire.write(whole));
        }
        if (request.stream()) {
            return chatStream(request, body, model, reply);
        }
        return json(200, chatCompletion(request, body, model, reply));
    }

    private static ChatCompletion withChoices(ChatCompletion c, List<ChatChoice> choices) {
        return new ChatCompletion(
                c.id(), c.object(), c.created(), c.model(), choices, c.usage(), c.serviceTier(), c.systemFingerprint());
    }

    private ChatCompletion chatCompletion(FakeRequest request, JsonNode body, String model, Reply reply) {
        boolean logprobs = body.path("logprobs").asBoolean(false);
        int top = body.path("top_logprobs").asInt(0);
        List<ChatChoice> choices = new ArrayList<>();
        long completionTokens = 0;
        for (int i = 0; i < request.n(); i++) {
            if (reply instanceof Reply.Refusal refusal) {
                choices.add(new ChatChoice(
                        i,
                        new ChatMessage("assistant", null, refusal.refusal(), List.of()),
                        logprobs ? new ChatLogprobs(List.of(), null) : null,
                        "stop"));
                completionTokens += Words.count(refusal.refusal());
            } else {
                Cut cut = cut((Reply.Answer) reply, i, request.maxTokens(), request.stop());
                choices.add(new ChatChoice(
                        i,
                        new ChatMessage("assistant", cut.text, null, List.of()),
                        logprobs ? new ChatLogprobs(chatLogprobs(cut.text, top), null) : null,
                        cut.finishReason));
                completionTokens += Words.count(cut.text);
            }
        }
        return new ChatCompletion(
                id("chatcmpl-"),
                "chat.completion",
                now(),
                model,
                choices,
                Usage.of(promptTokens(request.messages()), completionTokens),
                "default",
                FINGERPRINT);
    }

    private static List<TokenLogprob> chatLogprobs(String text, int top) {
        List<TokenLogprob> out = new ArrayList<>();
        List<String> tokens = Words.tokens(text);
        for (int p = 0; p < tokens.size(); p++) {
            String token = tokens.get(p);
            List<TopLogprob> alternatives = Words.top(token, p, top).stream()
                    .map(a -> new TopLogprob(a.token(), a.logprob(), Words.bytes(a.token())))
                    .toList();
            out.add(new TokenLogprob(token, Words.logprob(token, p), Words.bytes(token), alternatives));
        }
        return out;
    }

    private Outcome chatStream(FakeRequest request, JsonNode body, String model, Reply reply) {
        boolean logprobs = body.path("logprobs").asBoolean(false);
        int top = body.path("top_logprobs").asInt(0);
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        JsonNode usageField = includeUsage ? NullNode.getInstance() : null;
        String id = id("chatcmpl-");
        long created = now();
        List<String> events = new ArrayList<>();
        long completionTokens = 0;
        for (int i = 0; i < request.n(); i++) {
            events.add(chunk(
                    id,
                    created,
                    model,
                    usageField,
                    new ChunkChoice(i, new Delta("assistant", "", NullNode.getInstance()), null, null)));
            String finish;
            if (reply instanceof Reply.Refusal refusal) {
                events.add(chunk(
                        id,
                        created,
                        model,
                        usageField,
                        new ChunkChoice(
                                i,
                                new Delta(
                                        null,
                                        null,
                                        OpenAiWire.MAPPER.getNodeFactory().textNode(refusal.refusal())),
                                null,
                                null)));
                completionTokens += Words.count(refusal.refusal());
                finish = "stop";
            } else {
                Cut cut = cut((Reply.Answer) reply, i, request.maxTokens(), request.stop());
                List<String> tokens = Words.tokens(cut.text);
                List<TokenLogprob> all = logprobs ? chatLogprobs(cut.text, top) : List.of();
                for (int p = 0; p < tokens.size(); p++) {
                    ChatLogprobs lp = logprobs ? new ChatLogprobs(List.of(all.get(p)), null) : null;
                    events.add(chunk(
                            id,
                            created,
                            model,
                            usageField,
                            new ChunkChoice(i, new Delta(null, tokens.get(p), null), lp, null)));
                }
                completionTokens += tokens.size();
                finish = cut.finishReason;
            }
            events.add(chunk(
                    id, created, model, usageField, new ChunkChoice(i, new Delta(null, null, null), null, finish)));
        }
        if (includeUsage) {
            Usage usage = Usage.of(promptTokens(request.messages()), completionTokens);
            events.add(OpenAiWire.writeString(new ChatChunk(
                    id,
                    "chat.completion.chunk",
                    created,
                    model,
                    FINGERPRINT,
                    List.of(),
                    OpenAiWire.MAPPER.valueToTree(usage))));
        }
        return new Events(events);
    }

    private static String chunk(String id, long created, String model, @Nullable JsonNode usage, ChunkChoice choice) {
        return OpenAiWire.writeString(
                new ChatChunk(id, "chat.completion.chunk", created, model, FINGERPRINT, List.of(choice), usage));
    }

    private Outcome completions(
            FakeRequest request,
            JsonNode body,
            String model,
            List<String> prompts,
            List<Reply> replies,
            Function<FakeRequest, Reply> decide) {
        Reply first = replies.get(0);
        if (first instanceof Fault fault) {
            Optional<Outcome> failed = fault(fault, model);
            if (failed.isPresent()) {
                return failed.get();
            }
            Fault.Malformed kind = ((Fault.MalformedBody) fault).kind();
            if (kind == Fault.Malformed.NULL_CONTENT) {
                return completions(request, body, model, prompts, List.of(Reply.refusal(REFUSAL)), decide);
            }
            Completion whole = completion(
                    request, body, model, prompts, List.of(normalAnswer(request.withUserText(prompts.get(0)), decide)));
            if (kind == Fault.Malformed.EMPTY_CHOICES) {
                return json(
                        200,
                        new Completion(
                                whole.id(),
                                whole.object(),
                                whole.created(),
                                whole.model(),
                                List.of(),
                                whole.usage(),
                                whole.systemFingerprint()));
            }
            return truncated(OpenAiWire.write(whole));
        }
        Completion completion = completion(request, body, model, prompts, replies);
        if (request.stream()) {
            List<String> events = new ArrayList<>();
            for (CompletionChoice c : completion.choices()) {
                for (String token : Words.tokens(c.text())) {
                    events.add(OpenAiWire.writeString(new Completion(
                            completion.id(),
                            "text_completion",
                            completion.created(),
                            model,
                            List.of(new CompletionChoice(token, c.index(), null, null)),
                            null,
                            FINGERPRINT)));
                }
                events.add(OpenAiWire.writeString(new Completion(
                        completion.id(),
                        "text_completion",
                        completion.created(),
                        model,
                        List.of(new CompletionChoice("", c.index(), null, c.finishReason())),
                        null,
                        FINGERPRINT)));
            }
            return new Events(events);
        }
        return json(200, completion);
    }

    private Completion completion(
            FakeRequest request, JsonNode body, String model, List<String> prompts, List<Reply> replies) {
        boolean echo = body.path("echo").asBoolean(false);
        JsonNode logprobsField = body.get("logprobs");
        Integer logprobs = logprobsField != null && logprobsField.isIntegralNumber() ? logprobsField.asInt() : null;
        OptionalLong maxTokens =
                request.maxTokens().isPresent() ? request.maxTokens() : OptionalLong.of(COMPLETIONS_DEFAULT_MAX_TOKENS);
        int n = request.n();
        List<CompletionChoice> choices = new ArrayList<>();
        long promptTokens = 0;
        long completionTokens = 0;
        for (int p = 0; p < prompts.size(); p++) {
            String prompt = prompts.get(p);
            promptTokens += Words.count(prompt);
            Reply reply = replies.size() == 1 ? replies.get(0) : replies.get(p);
            for (int j = 0; j < n; j++) {
                String text;
                String finish;
                if (reply instanceof Reply.Refusal) {
                    text = "";
                    finish = "content_filter";
                } else {
                    Cut cut = cut((Reply.Answer) reply, j, maxTokens, request.stop());
                    text = cut.text;
                    finish = cut.finishReason;
                }
                completionTokens += Words.count(text);
                LegacyLogprobs lp =
                        logprobs == null ? null : legacyLogprobs(echo ? prompt : null, text, prompt, logprobs);
                choices.add(new CompletionChoice(echo ? prompt + text : text, p * n + j, lp, finish));
            }
        }
        return new Completion(
                id("cmpl-"),
                "text_completion",
                now(),
                model,
                choices,
                new LegacyUsage(promptTokens, completionTokens, promptTokens + completionTokens),
                FINGERPRINT);
    }

    /**
     * Legacy log-probabilities: with an echoed prompt, its tokens come first, the very first without a
     * log-probability ({@code null}, as OpenAI and vLLM send it); offsets count characters from the prompt's start.
     * Each token's log-probability is the {@link Likelihood}'s, given the text before the token, else a made-up one.
     */
    private LegacyLogprobs legacyLogprobs(@Nullable String echoed, String text, String prompt, int k) {
        List<String> tokens = new ArrayList<>();
        List<@Nullable Double> logprobs = new ArrayList<>();
        List<@Nullable Map<String, Double>> top = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int offset = echoed == null ? prompt.codePointCount(0, prompt.length()) : 0;
        List<String> all = new ArrayList<>();
        if (echoed != null) {
            all.addAll(Words.tokens(echoed));
        }
        int promptCount = all.size();
        all.addAll(Words.tokens(text));
        StringBuilder before = new StringBuilder(echoed == null ? prompt : "");
        for (int p = 0; p < all.size(); p++) {
            String token = all.get(p);
            tokens.add(token);
            offsets.add(offset);
            offset += token.codePointCount(0, token.length());
            if (p == 0 && promptCount > 0) {
                logprobs.add(null);
                top.add(null);
                before.append(token);
                continue;
            }
            double lp = likelihood.logprob(before.toString(), token).orElse(Words.logprob(token, p));
            before.append(token);
            logprobs.add(lp);
            Map<String, Double> alternatives = new LinkedHashMap<>();
            Words.top(token, p, Math.max(1, k), lp).forEach(a -> alternatives.put(a.token(), a.logprob()));
            top.add(alternatives);
        }
        return new LegacyLogprobs(tokens, logprobs, top, offsets);
    }

    private Outcome embeddings(FakeRequest request, JsonNode body, String model, Reply reply) {
        boolean nullVectors = false;
        boolean empty = false;
        if (reply instanceof Fault fault) {
            Optional<Outcome> failed = fault(fault, model);
            if (failed.isPresent()) {
                return failed.get();
            }
            Fault.Malformed kind = ((Fault.MalformedBody) fault).kind();
            nullVectors = kind == Fault.Malformed.NULL_CONTENT;
            empty = kind == Fault.Malformed.EMPTY_CHOICES;
            if (kind == Fault.Malformed.TRUNCATED_JSON) {
                return truncated(OpenAiWire.write(embeddingsBody(request, body, model, false, false)));
            }
        }
        return json(200, embeddingsBody(request, body, model, nullVectors, empty));
    }

    private Embeddings embeddingsBody(
            FakeRequest request, JsonNode body, String model, boolean nullVectors, boolean empty) {
        int dimensions = body.path("dimensions").canConvertToInt()
                ? body.get("dimensions").asInt()
                : embeddingDimensions;
        boolean base64 = body.path("encoding_format").asText("float").equals("base64");
        List<Embedding> data = new ArrayList<>();
        long tokens = 0;
        List<String> inputs = request.prompts();
        for (int i = 0; i < inputs.size(); i++) {
            tokens += Words.count(inputs.get(i));
            float[] vector = Words.embedding(inputs.get(i), dimensions);
            data.add(new Embedding("embedding", i, nullVectors ? null : base64 ? Words.base64(vector) : vector));
        }
        return new Embeddings("list", empty ? List.of() : data, model, new EmbeddingUsage(tokens, tokens));
    }

    // ---- faults

    /** The outcome of a fault, or empty for a malformed body (which each endpoint writes in its own shape). */
    private Optional<Outcome> fault(Fault fault, String model) {
        if (fault instanceof Fault.RateLimited limited) {
            String seconds = seconds(limited.retryAfter());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Retry-After", seconds);
            headers.put("x-ratelimit-limit-requests", "60");
            headers.put("x-ratelimit-remaining-requests", "0");
            headers.put("x-ratelimit-reset-requests", goDuration(limited.retryAfter()));
            return Optional.of(error(
                    429,
                    headers,
                    new ErrorResponse(new ErrorDetail(
                            "Rate limit reached for " + model + " in organization " + ORGANIZATION + " on requests per"
                                    + " min (RPM): Limit 60, Used 60, Requested 1. Please try again in "
                                    + goDuration(limited.retryAfter()) + ". Visit"
                                    + " https://platform.openai.com/account/rate-limits to learn more.",
                            "requests",
                            null,
                            "rate_limit_exceeded"))));
        }
        if (fault instanceof Fault.ServerError server) {
            return Optional.of(
                    switch (server.status()) {
                        case 500 -> error(
                                500,
                                "The server had an error while processing your request. Sorry about that!",
                                "server_error",
                                null,
                                null);
                            // Cloudflare in front of OpenAI: the status as a number in "code"
                        case 502 -> error(
                                502,
                                Map.of(),
                                new ErrorResponse(new ErrorDetail("Bad gateway.", "cf_bad_gateway", null, 502)));
                        default -> error(
                                503,
                                "That model is currently overloaded with other requests. You can retry your request, or"
                                        + " contact us through our help center at help.openai.com if the error"
                                        + " persists.",
                                "server_error",
                                null,
                                null);
                    });
        }
        if (fault instanceof Fault.Hang hang) {
            return Optional.of(new Silence(hang.closeAfter()));
        }
        if (fault instanceof Fault.ConnectionReset) {
            return Optional.of(new Drop());
        }
        if (fault instanceof Fault.ApiError api) {
            return Optional.of(error(
                    api.status(),
                    api.message(),
                    api.type(),
                    api.param().orElse(null),
                    api.code().orElse(null)));
        }
        Fault.Malformed kind = ((Fault.MalformedBody) fault).kind();
        if (kind == Fault.Malformed.HTML) {
            return Optional.of(new Send(
                    200, Map.of("Content-Type", "text/html; charset=utf-8"), HTML.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /** A Retry-After value: whole seconds as an integer, else seconds with a decimal fraction. */
    static String seconds(Duration d) {
        if (d.toNanosPart() == 0) {
            return Long.toString(d.getSeconds());
        }
        return new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    /** A duration as OpenAI's rate-limit headers and messages write it: {@code 1s}, {@code 250ms}, {@code 6m0s}. */
    static String goDuration(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        long minutes = d.toMinutes();
        String seconds = seconds(d.minusMinutes(minutes)) + "s";
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    // ---- helpers

    private record Cut(String text, String finishReason) {}

    /** Choice {@code i}'s text, cut at the first stop sequence and at {@code maxTokens} tokens. */
    private static Cut cut(Reply.Answer answer, int i, OptionalLong maxTokens, List<String> stop) {
        String text = answer.texts().get(i % answer.texts().size());
        String finish = answer.finishReason();
        int at = -1;
        for (String s : stop) {
            int found = s.isEmpty() ? -1 : text.indexOf(s);
            if (found >= 0 && (at < 0 || found < at)) {
                at = found;
            }
        }
        if (at >= 0) {
            text = text.substring(0, at);
            finish = "stop";
        }
        if (maxTokens.isPresent()) {
            List<String> tokens = Words.tokens(text);
            if (tokens.size() > maxTokens.getAsLong()) {
                text = String.join("", tokens.subList(0, (int) maxTokens.getAsLong()));
                finish = "length";
            }
        }
        return new Cut(text, finish);
    }

    private static long promptTokens(List<Message> messages) {
        long n = 0;
        for (Message m : messages) {
            n += Words.count(m.content());
        }
        return n;
    }

    private static Outcome truncated(byte[] whole) {
        return new Send(200, Map.of("Content-Type", "application/json"), Arrays.copyOf(whole, whole.length / 2));
    }

    private static Send json(int status, Object body) {
        return new Send(status, Map.of("Content-Type", "application/json"), OpenAiWire.write(body));
    }

    static Send error(int status, String message, String type, @Nullable String param, @Nullable String code) {
        return error(status, Map.of(), ErrorResponse.of(message, type, param, code));
    }

    private static Send error(int status, Map<String, String> headers, ErrorResponse body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return new Send(status, all, OpenAiWire.write(body));
    }

    /** An id as OpenAI's look: a prefix and 29 letters and digits. */
    private static String id(String prefix) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(prefix);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 29; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
