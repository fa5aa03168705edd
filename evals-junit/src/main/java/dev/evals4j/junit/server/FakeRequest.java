package dev.evals4j.junit.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One request the fake server received, as it was sent: the method, path, headers and body, with accessors for
 * what an answer function usually needs ({@link #userText()}, {@link #model()}, {@link #messages()}). Immutable.
 */
public final class FakeRequest {
    private final long call;
    private final String method;
    private final String path;
    private final Endpoint endpoint;
    private final Map<String, List<String>> headers;
    private final String bodyText;
    private final @Nullable JsonNode body;
    private final List<Message> messages;
    private final List<String> prompts;
    private final String userText;

    FakeRequest(
            long call,
            String method,
            String path,
            Map<String, List<String>> headers,
            String bodyText,
            @Nullable JsonNode body) {
        this.call = call;
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.endpoint = Endpoint.of(path);
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .addAll(values));
        Map<String, List<String>> copied = new LinkedHashMap<>();
        lower.forEach((name, values) -> copied.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copied);
        this.bodyText = Objects.requireNonNull(bodyText, "bodyText");
        this.body = body == null || !body.isObject() ? null : body;
        this.messages = readMessages(this.body);
        this.prompts = readPrompts(this.body, endpoint);
        this.userText = readUserText(messages, prompts);
    }

    private FakeRequest(FakeRequest from, String userText) {
        this.call = from.call;
        this.method = from.method;
        this.path = from.path;
        this.endpoint = from.endpoint;
        this.headers = from.headers;
        this.bodyText = from.bodyText;
        this.body = from.body;
        this.messages = from.messages;
        this.prompts = from.prompts;
        this.userText = userText;
    }

    /** This request as responders see it for one prompt of a batch: {@link #userText()} is that prompt. */
    FakeRequest withUserText(String text) {
        return new FakeRequest(this, text);
    }

    /** Its number among the requests the server received, from 1, in the order they arrived. */
    public long call() {
        return call;
    }

    /** The HTTP method, such as {@code POST}. */
    public String method() {
        return method;
    }

    /** The path, without the query, such as {@code /v1/chat/completions}. */
    public String path() {
        return path;
    }

    /** Which endpoint the path is. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The headers, names in lower case, values in the order sent. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, the name in any case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as text (UTF-8); empty when there was none. */
    public String bodyText() {
        return bodyText;
    }

    /** The body parsed as a JSON object (a copy), or empty when it is not one. */
    public Optional<JsonNode> body() {
        return body == null ? Optional.empty() : Optional.of(body.deepCopy());
    }

    /** The {@code model} of the body, when it is a string. */
    public Optional<String> model() {
        return body != null && body.path("model").isTextual()
                ? Optional.of(body.get("model").asText())
                : Optional.empty();
    }

    /**
     * The chat messages of the body, each with its text: a string content as it is, a list of content parts as
     * their texts joined by newlines, no content (an assistant turn with tool calls) as an empty text.
     */
    public List<Message> messages() {
        return messages;
    }

    /**
     * The prompts of a completions request ({@code prompt}: a string or a list of them; token ids are written as
     * numbers separated by spaces) or the inputs of an embeddings request ({@code input}); empty for other requests.
     */
    public List<String> prompts() {
        return prompts;
    }

    /**
     * The text a model would answer: the last user message of a chat request, the prompt of a completions request
     * (for a batch, the prompt being answered), the first input of an embeddings request; empty when there is none.
     */
    public String userText() {
        return userText;
    }

    /** How many choices the request asks for ({@code n}), 1 when not given. */
    public int n() {
        return body != null && body.path("n").canConvertToInt() ? body.get("n").asInt() : 1;
    }

    /** {@code max_completion_tokens}, else {@code max_tokens}, when given. */
    public OptionalLong maxTokens() {
        if (body == null) {
            return OptionalLong.empty();
        }
        for (String name : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = body.get(name);
            if (value != null && value.canConvertToLong()) {
                return OptionalLong.of(value.asLong());
            }
        }
        return OptionalLong.empty();
    }

    /** The {@code stop} sequences (a string or a list of them); empty when not given. */
    public List<String> stop() {
        JsonNode stop = body == null ? null : body.get("stop");
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        List<String> out = new ArrayList<>();
        stop.forEach(s -> {
            if (s.isTextual()) {
                out.add(s.asText());
            }
        });
        return List.copyOf(out);
    }

    /** Whether the request asks for a streamed answer ({@code "stream": true}). */
    public boolean stream() {
        return body != null && body.path("stream").asBoolean(false);
    }

    @Override
    public String toString() {
        return "#" + call + " " + method + " " + path + (bodyText.isEmpty() ? "" : " " + shorten(bodyText));
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }

    private static List<Message> readMessages(@Nullable JsonNode body) {
        JsonNode messages = body == null ? null : body.get("messages");
        if (messages == null || !messages.isArray()) {
            return List.of();
        }
        List<Message> out = new ArrayList<>();
        for (JsonNode m : messages) {
            if (m.isObject()) {
                out.add(new Message(m.path("role").asText(""), text(m.get("content"))));
            }
        }
        return List.copyOf(out);
    }

    /** A content: a string, or parts {@code [{"type": "text", "text": …}]} joined by newlines. */
    static String text(@Nullable JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            content.forEach(part -> {
                if (part.isTextual()) {
                    parts.add(part.asText());
                } else if (part.path("text").isTextual()) {
                    parts.add(part.get("text").asText());
                }
            });
            return String.join("\n", parts);
        }
        return content.toString();
    }

    private static List<String> readPrompts(@Nullable JsonNode body, Endpoint endpoint) {
        if (body == null) {
            return List.of();
        }
        JsonNode value = endpoint == Endpoint.COMPLETIONS
                ? body.get("prompt")
                : endpoint == Endpoint.EMBEDDINGS ? body.get("input") : null;
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        if (!value.isArray()) {
            return List.of(value.toString());
        }
        if (!value.isEmpty() && value.get(0).isNumber()) {
            return List.of(tokenIds(value)); // one prompt of token ids
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            out.add(item.isTextual() ? item.asText() : item.isArray() ? tokenIds(item) : item.toString());
        }
        return List.copyOf(out);
    }

    private static String tokenIds(JsonNode ids) {
        List<String> parts = new ArrayList<>();
        ids.forEach(id -> parts.add(id.asText()));
        return String.join(" ", parts);
    }

    private static String readUserText(List<Message> messages, List<String> prompts) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return prompts.isEmpty() ? "" : prompts.get(0);
    }
}
