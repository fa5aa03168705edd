package dev.evals4j.scorers.judges;

import dev.evals4j.api.JsonValues;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** A judge on loopback answering as an OpenAI-compatible chat-completions server does. */
final class JudgeServer implements AutoCloseable {
    static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";

    final MockWebServer server = new MockWebServer();

    JudgeServer() throws IOException {
        server.start();
    }

    /** The base URL, such as {@code http://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return server.url("/v1").toString();
    }

    /** The parameters that point a judge scorer here, without retries or a shared cache. */
    Map<String, Object> params(Path cacheDir, Map<String, Object> judgeParams) {
        Map<String, Object> generator = new LinkedHashMap<>();
        generator.put("max_retries", 0);
        generator.put("cache", "bypass");
        generator.put("cache_dir", cacheDir.toString());
        generator.putAll(judgeParams);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("judge_model", MODEL);
        params.put("judge_base_url", baseUrl());
        params.put("judge_params", generator);
        return params;
    }

    /** A scorer configured against this server through the generators of an instance with an empty environment. */
    <S extends BaseScorer> BaseScorer configure(S scorer, Map<String, Object> params) {
        return scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), params), Contexts.empty());
    }

    /** Answers the next request with a chat completion whose message content is this text. */
    void answer(String content) {
        answer(content, 120, 8);
    }

    void answer(String content, int promptTokens, int completionTokens) {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(completion(content, promptTokens, completionTokens))
                .build());
    }

    /** The body of a chat completion, in OpenAI's shape. */
    static String completion(String content, int promptTokens, int completionTokens) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", "stop");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-9xJudge");
        body.put("object", "chat.completion");
        body.put("created", 1727346173);
        body.put("model", MODEL);
        body.put("choices", List.of(choice));
        body.put(
                "usage",
                Map.of(
                        "prompt_tokens",
                        promptTokens,
                        "completion_tokens",
                        completionTokens,
                        "total_tokens",
                        promptTokens + completionTokens));
        body.put("system_fingerprint", "fp_judge");
        return JsonValues.toJson(body);
    }

    /** Answers the next request with an error in OpenAI's shape. */
    void fail(int status, String message, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"" + message + "\",\"type\":\"server_error\",\"param\":null,"
                        + "\"code\":null}}");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        server.enqueue(b.build());
    }

    @Override
    public void close() {
        server.close();
    }
}
