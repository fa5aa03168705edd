package dev.evals4j.core.generation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.TokenLogProbs;
import dev.evals4j.api.Usage;
import dev.evals4j.core.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the answers of OpenAI-style chat-completions and completions endpoints, in every server's dialect. */
final class OpenAiProtocol {
    private OpenAiProtocol() {}

    static List<Map<String, Object>> messages(List<Message> messages) {
        List<Map<String, Object>> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("role", m.role());
            json.put("content", m.content());
            out.add(json);
        }
        return out;
    }

    static JsonNode read(String where, String body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                throw new BadAnswer(
                        BadAnswer.UNREADABLE,
                        where + " answered with something else than a JSON object: " + shorten(body),
                        null);
            }
            return root;
        } catch (IOException e) {
            throw new BadAnswer(
                    BadAnswer.UNREADABLE, where + " answered with a body that is not JSON: " + shorten(body), e);
        }
    }

    /** The answer of {@code /chat/completions}. */
    static GenerationResponse chat(String where, String body) {
        JsonNode root = read(where, body);
        List<JsonNode> choices = choices(where, root, body);
        JsonNode first = choices.get(0);
        List<String> more = new ArrayList<>();
        for (JsonNode c : choices.subList(1, choices.size())) {
            more.add(chatText(c));
        }
        requireContent(where, first);
        return new GenerationResponse(
                chatText(first),
                chatLogprobs(first.get("logprobs")),
                usage(root),
                finishReason(first),
                more,
                List.of());
    }

    /**
     * The answer of {@code /completions}; with {@code echo}, the prompt is cut from the text and its tokens go to
     * {@link GenerationResponse#promptLogprobs()}, without the first token (which has no log-probability).
     */
    static GenerationResponse completion(String where, String body, String prompt, boolean echo) {
        JsonNode root = read(where, body);
        List<JsonNode> choices = choices(where, root, body);
        JsonNode first = choices.get(0);
        List<String> more = new ArrayList<>();
        for (JsonNode c : choices.subList(1, choices.size())) {
            more.add(completionText(c, prompt, echo));
        }
        String text = completionText(first, prompt, echo);
        JsonNode lp = first.get("logprobs");
        List<TokenLogProbs> generated;
        List<TokenLogProbs> promptTokens = List.of();
        if (lp != null && lp.isObject() && lp.has("content")) {
            generated = chatLogprobs(lp); // llama.cpp answers /completions with chat-shaped logprobs
        } else if (lp != null && lp.isObject()) {
            List<TokenLogProbs> all = legacyLogprobs(lp);
            if (echo) {
                int n = promptTokenCount(lp, prompt, all);
                List<TokenLogProbs> inPrompt = all.subList(0, n);
                if (!inPrompt.isEmpty() && Double.isNaN(inPrompt.get(0).logprob())) {
                    inPrompt = inPrompt.subList(1, inPrompt.size());
                }
                promptTokens = inPrompt;
                generated = all.subList(n, all.size());
            } else {
                generated = all;
            }
        } else {
            generated = List.of();
        }
        return new GenerationResponse(text, generated, usage(root), finishReason(first), more, promptTokens);
    }

    private static List<JsonNode> choices(String where, JsonNode root, String body) {
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new BadAnswer(BadAnswer.UNREADABLE, where + " answered without choices: " + shorten(body), null);
        }
        List<JsonNode> list = new ArrayList<>();
        choices.forEach(list::add);
        list.sort(Comparator.comparingInt(c -> c.path("index").asInt(0)));
        return list;
    }

    /**
     * Fails the call when the (first) answer has no content: a refusal, or a reasoning model that spent its tokens
     * thinking. An answer with tool calls instead of content is their JSON.
     */
    private static void requireContent(String where, JsonNode choice) {
        JsonNode message = choice.path("message");
        JsonNode content = message.get("content");
        if (content != null && !content.isNull()) {
            return;
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null && calls.isArray() && !calls.isEmpty()) {
            return;
        }
        JsonNode refusal = message.get("refusal");
        String reason =
                finishReason(choice).map(r -> " (finish_reason " + r + ")").orElse("");
        if (refusal != null && refusal.isTextual() && !refusal.asText().isBlank()) {
            throw new BadAnswer(
                    BadAnswer.REFUSAL,
                    where + " answered with a refusal instead of content" + reason + ": " + shorten(refusal.asText()),
                    null);
        }
        JsonNode reasoning =
                message.has("reasoning_content") ? message.get("reasoning_content") : message.get("reasoning");
        boolean thought = reasoning != null
                && reasoning.isTextual()
                && !reasoning.asText().isBlank();
        throw new BadAnswer(
                BadAnswer.NO_CONTENT,
                where + " answered without content" + reason
                        + (thought ? ", only reasoning; raise max_tokens so that the model can finish its answer" : ""),
                null);
    }

    private static String chatText(JsonNode choice) {
        JsonNode message = choice.path("message");
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            JsonNode calls = message.get("tool_calls");
            return calls != null && calls.isArray() && !calls.isEmpty() ? calls.toString() : "";
        }
        if (content.isArray()) {
            // content parts, as some servers answer: [{"type":"text","text":"..."}]
            StringBuilder sb = new StringBuilder();
            content.forEach(part -> sb.append(part.path("text").asText("")));
            return sb.toString();
        }
        return content.asText();
    }

    private static String completionText(JsonNode choice, String prompt, boolean echo) {
        String text = choice.path("text").asText("");
        return echo && text.startsWith(prompt) ? text.substring(prompt.length()) : text;
    }

    static Optional<String> finishReason(JsonNode choice) {
        JsonNode reason = choice.get("finish_reason");
        return reason == null || reason.isNull() ? Optional.empty() : Optional.of(reason.asText());
    }

    static Optional<Usage> usage(JsonNode root) {
        JsonNode usage = root.get("usage");
        if (usage == null || !usage.isObject() || !usage.has("prompt_tokens")) {
            return Optional.empty();
        }
        return Optional.of(new Usage(
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0)));
    }

    /** {@code {"content":[{"token","logprob","top_logprobs":[{"token","logprob"}]}]}}. */
    static List<TokenLogProbs> chatLogprobs(JsonNode logprobs) {
        if (logprobs == null || !logprobs.isObject()) {
            return List.of();
        }
        JsonNode content = logprobs.get("content");
        if (content == null || !content.isArray()) {
            return List.of();
        }
        List<TokenLogProbs> out = new ArrayList<>(content.size());
        for (JsonNode t : content) {
            Map<String, Double> top = new LinkedHashMap<>();
            JsonNode alternatives = t.get("top_logprobs");
            if (alternatives != null && alternatives.isArray()) {
                // two alternatives can decode to one string (parts of one UTF-8 character): keep the first
                alternatives.forEach(a -> top.putIfAbsent(a.path("token").asText(""), number(a.get("logprob"))));
            }
            out.add(new TokenLogProbs(t.path("token").asText(""), number(t.get("logprob")), top));
        }
        return out;
    }

    /** {@code {"tokens":[…],"token_logprobs":[…],"top_logprobs":[{token: logprob} | null],"text_offset":[…]}}. */
    private static List<TokenLogProbs> legacyLogprobs(JsonNode lp) {
        JsonNode tokens = lp.path("tokens");
        JsonNode logprobs = lp.path("token_logprobs");
        JsonNode top = lp.path("top_logprobs");
        List<TokenLogProbs> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Map<String, Double> alternatives = new LinkedHashMap<>();
            JsonNode at = top.get(i);
            if (at != null && at.isObject()) {
                at.properties().forEach(e -> alternatives.put(e.getKey(), number(e.getValue())));
            }
            out.add(new TokenLogProbs(tokens.get(i).asText(""), number(logprobs.get(i)), alternatives));
        }
        return out;
    }

    /** How many of the echoed tokens belong to the prompt: by {@code text_offset}, else by their lengths. */
    private static int promptTokenCount(JsonNode lp, String prompt, List<TokenLogProbs> tokens) {
        JsonNode offsets = lp.get("text_offset");
        if (offsets != null && offsets.isArray() && offsets.size() == tokens.size()) {
            // offsets count characters as Python does, in code points
            int promptLength = prompt.codePointCount(0, prompt.length());
            int n = 0;
            while (n < offsets.size() && offsets.get(n).asInt() < promptLength) {
                n++;
            }
            return n;
        }
        int length = 0;
        int n = 0;
        while (n < tokens.size() && length < prompt.length()) {
            length += tokens.get(n).token().length();
            n++;
        }
        return n;
    }

    private static double number(JsonNode node) {
        return node == null || !node.isNumber() ? Double.NaN : node.asDouble();
    }

    static String shorten(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
