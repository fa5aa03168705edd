package dev.evals4j.junit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the shape of an answer with a reference answer of the real API: the same field names at every level,
 * the same JSON types (a reference {@code null} accepts only {@code null}), arrays compared by their first
 * element. The references are quoted from {@code /work/shared/reference/inference-apis.md} (OpenAI's
 * {@code openapi.yaml} examples and a recorded vLLM answer).
 */
final class Shapes {
    private Shapes() {}

    /** OpenAI's chat completion example with log-probabilities (openapi.yaml, {@code CreateChatCompletionResponse}). */
    static final String CHAT =
            """
            {"id":"chatcmpl-123","object":"chat.completion","created":1702685778,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null,"annotations":[]},
               "logprobs":{"content":[{"token":"Hello","logprob":-0.31725305,"bytes":[72,101,108,108,111],
                   "top_logprobs":[{"token":"Hello","logprob":-0.31725305,"bytes":[72,101,108,108,111]},
                                   {"token":"Hi","logprob":-1.3190403,"bytes":[72,105]}]}],"refusal":null},
               "finish_reason":"stop"}],
             "usage":{"prompt_tokens":1117,"completion_tokens":46,"total_tokens":1163,
               "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
               "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
             "service_tier":"default","system_fingerprint":"fp_fc9f1d7035"}""";

    /** The first chunk of a streamed chat answer (openai-python's recording {@code 83b060…bin}). */
    static final String CHAT_CHUNK =
            """
            {"id":"chatcmpl-ABfw","object":"chat.completion.chunk","created":1727346173,"model":"gpt-4o-2024-08-06",
             "system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"role":"assistant","content":"",
             "refusal":null},"logprobs":null,"finish_reason":null}]}""";

    /**
     * A legacy completion with an echoed prompt and log-probabilities (vLLM v0.16.0); its elided "…" parts replaced
     * by the fields openapi.yaml's {@code CreateCompletionResponse} has ({@code usage}, {@code system_fingerprint}).
     */
    static final String COMPLETION_ECHO =
            """
            {"id":"cmpl-8c16f81d43846721","object":"text_completion","created":1772367069,"model":"Intel/Qwen3",
             "choices":[{"index":0,"text":"The step of boiling water is: 1",
              "logprobs":{"text_offset":[0,3,8,11,19,25,28,29,30],
               "token_logprobs":[null,-8.8187,-1.5526,-13.5599,-2.0115,-2.2331,-8.5370,-1.2870,-0.4106],
               "tokens":["The"," step"," of"," boiling"," water"," is",":"," ","1"],
               "top_logprobs":[null,{" step":-8.8187," is":-0.7875}]},
              "finish_reason":"length"}],
             "usage":{"prompt_tokens":8,"completion_tokens":1,"total_tokens":9},"system_fingerprint":"fp_44709d6fcb"}""";

    /** OpenAI's embeddings answer (openapi.yaml, {@code CreateEmbeddingResponse}). */
    static final String EMBEDDINGS =
            """
            {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292]}],
             "model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}""";

    /** OpenAI's model list ({@code ListModelsResponse}). */
    static final String MODELS =
            """
            {"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1686935002,"owned_by":"system"}]}""";

    /** OpenAI's error body, observed for a context overflow. */
    static final String ERROR =
            """
            {"error":{"message":"This model's maximum context length is 4097 tokens.","type":"invalid_request_error",
             "param":"messages","code":"context_length_exceeded"}}""";

    /** Asserts that {@code actual} has the shape of {@code reference}; maps keyed by token are compared as maps. */
    static void assertSameShape(JsonNode actual, String reference) throws Exception {
        List<String> problems = new ArrayList<>();
        compare(actual, Http.json(reference), "$", problems);
        assertThat(problems)
                .as("differences from the reference shape in %s", actual)
                .isEmpty();
    }

    private static void compare(JsonNode actual, JsonNode reference, String path, List<String> problems) {
        if (reference.isNull()) {
            if (!actual.isNull()) {
                problems.add(path + ": expected null, was " + actual.getNodeType());
            }
            return;
        }
        if (reference.getNodeType() != actual.getNodeType() && !(reference.isNumber() && actual.isNumber())) {
            problems.add(path + ": expected " + reference.getNodeType() + ", was " + actual.getNodeType());
            return;
        }
        if (reference.isObject()) {
            if (path.endsWith(".logprobs.top_logprobs[]")) {
                return; // {token: logprob}: keys are tokens, not field names
            }
            Set<String> expected = names(reference);
            Set<String> got = names(actual);
            if (!expected.equals(got)) {
                problems.add(path + ": fields " + got + ", expected " + expected);
                return;
            }
            for (String name : expected) {
                compare(actual.get(name), reference.get(name), path + "." + name, problems);
            }
        } else if (reference.isArray() && !reference.isEmpty() && !actual.isEmpty()) {
            // the first non-null element of each, so that a leading null (an echoed first token) is skipped
            JsonNode ref = firstNonNull(reference);
            JsonNode act = firstNonNull(actual);
            if (ref != null && act != null) {
                compare(act, ref, path + "[]", problems);
            }
        }
    }

    private static JsonNode firstNonNull(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isNull()) {
                return item;
            }
        }
        return null;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
