package dev.evals4j.junit.kit.builtin;

/**
 * Answers of the model servers the built-in generators call, in the servers' real shapes. The first four are
 * copied from evals-core's tests ({@code ServerShapes.VLLM_CHAT}, {@code ServerShapes.OPENAI_COMPLETION}, and
 * {@code LlamaStackGeneratorTest}'s legacy and OpenAI-compatible answers), which evals-junit's tests cannot see;
 * the Llama Stack OpenAI-compatible completion follows {@code OpenAICompletion} of
 * {@code llama_stack/apis/inference/inference.py}.
 */
final class ServerAnswers {
    private ServerAnswers() {}

    /** vLLM chat completion with logprobs (chat_completion/protocol.py fields, extra stop_reason and prompt_logprobs). */
    static final String VLLM_CHAT =
            """
            {"id":"chatcmpl-8c16f81d43846721","object":"chat.completion","created":1772367069,
             "model":"Qwen/Qwen2.5-1.5B-Instruct",
             "choices":[{"index":0,
               "message":{"role":"assistant","content":"Paris","refusal":null,"annotations":null,"audio":null,
                          "function_call":null,"tool_calls":[],"reasoning_content":null},
               "logprobs":{"content":[
                  {"token":"Paris","logprob":-0.0012,"bytes":[80,97,114,105,115],
                   "top_logprobs":[{"token":"Paris","logprob":-0.0012,"bytes":[80,97,114,105,115]},
                                   {"token":"The","logprob":-6.9063,"bytes":[84,104,101]}]}]},
               "finish_reason":"stop","stop_reason":null}],
             "service_tier":null,"system_fingerprint":null,
             "usage":{"prompt_tokens":14,"total_tokens":15,"completion_tokens":1,"prompt_tokens_details":null},
             "prompt_logprobs":null,"kv_transfer_params":null}
            """;

    /** OpenAI's legacy completion with logprobs (CreateCompletionResponse). */
    static final String OPENAI_COMPLETION =
            """
            {"id":"cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7","object":"text_completion","created":1589478378,
             "model":"davinci-002",
             "choices":[{"text":" Paris","index":0,
               "logprobs":{"tokens":[" Paris"],"token_logprobs":[-0.25],"top_logprobs":[{" Paris":-0.25}],
                           "text_offset":[27]},
               "finish_reason":"length"}],
             "usage":{"prompt_tokens":7,"completion_tokens":1,"total_tokens":8}}
            """;

    /** Llama Stack's legacy chat-completion answer (apis/inference, router _compute_and_log_token_usage). */
    static final String LLAMA_STACK_LEGACY_CHAT =
            """
            {"metrics":[{"metric":"prompt_tokens","value":24,"unit":null},
                        {"metric":"completion_tokens","value":2,"unit":null},
                        {"metric":"total_tokens","value":26,"unit":null}],
             "completion_message":{"role":"assistant","content":"Sunny","stop_reason":"end_of_turn","tool_calls":[]},
             "logprobs":[{"logprobs_by_token":{"Sunny":-0.12}},{"logprobs_by_token":{"<|eot_id|>":-0.01}}]}
            """;

    /** Llama Stack's legacy completion answer (CompletionResponse). */
    static final String LLAMA_STACK_LEGACY_COMPLETION =
            """
            {"metrics":[{"metric":"prompt_tokens","value":6,"unit":null},
                        {"metric":"completion_tokens","value":50,"unit":null},
                        {"metric":"total_tokens","value":56,"unit":null}],
             "content":" Paris, the city of light","stop_reason":"out_of_tokens","logprobs":null}
            """;

    /** Llama Stack's OpenAI-compatible chat answer (OpenAIChatCompletion). */
    static final String LLAMA_STACK_OPENAI_CHAT =
            """
            {"id":"chatcmpl-5d1f","choices":[{"message":{"role":"assistant","content":"Sunny","name":null,
               "tool_calls":null},"finish_reason":"stop","index":0,"logprobs":null}],
             "object":"chat.completion","created":1750000000,"model":"meta-llama/Llama-3.2-3B-Instruct",
             "usage":{"prompt_tokens":24,"completion_tokens":2,"total_tokens":26}}
            """;

    /** Llama Stack's OpenAI-compatible completion answer (OpenAICompletion, OpenAICompletionChoice). */
    static final String LLAMA_STACK_OPENAI_COMPLETION =
            """
            {"id":"cmpl-7e2a","choices":[{"finish_reason":"stop","text":" Paris","index":0,"logprobs":null}],
             "created":1750000000,"model":"meta-llama/Llama-3.2-3B-Instruct","object":"text_completion"}
            """;

    /** OpenAI's error body for an unknown path, as vLLM and OpenAI answer 404. */
    static final String NOT_FOUND =
            """
            {"error":{"message":"Not Found","type":"invalid_request_error","param":null,"code":null}}
            """;
}
