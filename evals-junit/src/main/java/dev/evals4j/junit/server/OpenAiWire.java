package dev.evals4j.junit.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's wire format as the fake server writes it: one record per object of the API reference (field names
 * snake_case, nullable fields written as {@code null} as OpenAI writes them), and the one mapper that reads
 * requests and writes answers. The shapes follow {@code openapi.yaml}'s {@code CreateChatCompletionResponse},
 * {@code CreateCompletionResponse}, {@code CreateEmbeddingResponse}, {@code ListModelsResponse} and
 * {@code ErrorResponse}.
 */
final class OpenAiWire {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private OpenAiWire() {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The body parsed as JSON, or null when it is not JSON. */
    static @Nullable JsonNode read(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- chat completions

    record ChatCompletion(
            String id,
            String object,
            long created,
            String model,
            List<ChatChoice> choices,
            Usage usage,
            String serviceTier,
            String systemFingerprint) {}

    record ChatChoice(int index, ChatMessage message, @Nullable ChatLogprobs logprobs, String finishReason) {}

    record ChatMessage(String role, @Nullable String content, @Nullable String refusal, List<Object> annotations) {}

    record ChatLogprobs(List<TokenLogprob> content, @Nullable Object refusal) {}

    record TokenLogprob(String token, double logprob, List<Integer> bytes, List<TopLogprob> topLogprobs) {}

    record TopLogprob(String token, double logprob, List<Integer> bytes) {}

    record Usage(
            long promptTokens,
            long completionTokens,
            long totalTokens,
            PromptTokensDetails promptTokensDetails,
            CompletionTokensDetails completionTokensDetails) {
        static Usage of(long prompt, long completion) {
            return new Usage(
                    prompt,
                    completion,
                    prompt + completion,
                    new PromptTokensDetails(0, 0),
                    new CompletionTokensDetails(0, 0, 0, 0));
        }
    }

    record PromptTokensDetails(long cachedTokens, long audioTokens) {}

    record CompletionTokensDetails(
            long reasoningTokens, long audioTokens, long acceptedPredictionTokens, long rejectedPredictionTokens) {}

    // ---- chat completions, streamed

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChatChunk(
            String id,
            String object,
            long created,
            String model,
            String systemFingerprint,
            List<ChunkChoice> choices,
            @Nullable JsonNode usage) {}

    record ChunkChoice(int index, Delta delta, @Nullable ChatLogprobs logprobs, @Nullable String finishReason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(@Nullable String role, @Nullable String content, @Nullable JsonNode refusal) {}

    // ---- legacy completions

    record Completion(
            String id,
            String object,
            long created,
            String model,
            List<CompletionChoice> choices,
            @Nullable LegacyUsage usage,
            String systemFingerprint) {}

    /** The legacy endpoint's usage: the three counts, without the chat endpoint's details. */
    record LegacyUsage(long promptTokens, long completionTokens, long totalTokens) {}

    record CompletionChoice(String text, int index, @Nullable LegacyLogprobs logprobs, @Nullable String finishReason) {}

    record LegacyLogprobs(
            List<String> tokens,
            List<@Nullable Double> tokenLogprobs,
            List<@Nullable Map<String, Double>> topLogprobs,
            List<Integer> textOffset) {}

    // ---- embeddings

    record Embeddings(String object, List<Embedding> data, String model, EmbeddingUsage usage) {}

    /** {@code embedding} is a list of floats, or a base64 string with {@code encoding_format: "base64"}. */
    record Embedding(String object, int index, @Nullable Object embedding) {}

    record EmbeddingUsage(long promptTokens, long totalTokens) {}

    // ---- models

    record ModelList(String object, List<Model> data) {}

    record Model(String id, String object, long created, String ownedBy) {}

    // ---- errors

    record ErrorResponse(ErrorDetail error) {
        static ErrorResponse of(String message, String type, @Nullable String param, @Nullable String code) {
            return new ErrorResponse(new ErrorDetail(message, type, param, code));
        }
    }

    /** {@code code} is a string in OpenAI's own errors, the HTTP status as a number in Cloudflare's. */
    record ErrorDetail(String message, String type, @Nullable String param, @Nullable Object code) {}
}
