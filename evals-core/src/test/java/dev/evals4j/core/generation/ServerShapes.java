package dev.evals4j.core.generation;

/**
 * Answers in the shapes real servers send (fields, nulls and order as in the records and sources listed in
 * /work/shared/reference/inference-apis.md and docs/generators.md), shortened to one or two tokens.
 */
public final class ServerShapes {
    private ServerShapes() {}

    /** vLLM chat completion with logprobs (chat_completion/protocol.py fields, extra stop_reason and prompt_logprobs). */
    public static final String VLLM_CHAT =
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

    /** Ollama's /v1/chat/completions (openai/openai.go): no logprobs key unless asked, fp_ollama, plain usage. */
    public static final String OLLAMA_CHAT =
            """
            {"id":"chatcmpl-412","object":"chat.completion","created":1740000000,"model":"llama3.2:1b",
             "system_fingerprint":"fp_ollama",
             "choices":[{"index":0,"message":{"role":"assistant","content":"The capital of France is Paris."},
                         "finish_reason":"stop"}],
             "usage":{"prompt_tokens":32,"completion_tokens":8,"total_tokens":40}}
            """;

    /** llama.cpp's server (to_json_oaicompat_chat): timings and cached_tokens added. */
    public static final String LLAMA_CPP_CHAT =
            """
            {"choices":[{"finish_reason":"length","index":0,"message":{"role":"assistant","content":"Paris is"}}],
             "created":1740000000,"model":"gpt-3.5-turbo","system_fingerprint":"b4500-0a1b2c3d",
             "object":"chat.completion",
             "usage":{"completion_tokens":2,"prompt_tokens":20,"total_tokens":22,
                      "prompt_tokens_details":{"cached_tokens":0}},
             "id":"chatcmpl-zX3vQm","timings":{"prompt_n":20,"prompt_ms":12.3,"predicted_n":2,"predicted_ms":8.1}}
            """;

    /** llama.cpp's /v1/completions with logprobs: chat-shaped {"content":[...]} (to_json_oaicompat). */
    public static final String LLAMA_CPP_COMPLETION =
            """
            {"choices":[{"text":" Paris","index":0,
               "logprobs":{"content":[{"id":12366,"token":" Paris","bytes":[32,80,97,114,105,115],"logprob":-0.0523,
                 "top_logprobs":[{"id":12366,"token":" Paris","bytes":[32,80,97,114,105,115],"logprob":-0.0523},
                                 {"id":279,"token":" the","bytes":[32,116,104,101],"logprob":-3.1}]}]},
               "finish_reason":"stop"}],
             "created":1740000000,"model":"gpt-3.5-turbo","system_fingerprint":"b4500-0a1b2c3d",
             "object":"text_completion","usage":{"completion_tokens":1,"prompt_tokens":6,"total_tokens":7},
             "id":"chatcmpl-Qz1"}
            """;

    /** OpenAI chat completion with n=2 (openapi.yaml example fields). */
    public static final String OPENAI_CHAT_N2 =
            """
            {"id":"chatcmpl-123","object":"chat.completion","created":1702685778,"model":"gpt-4o-mini",
             "choices":[
               {"index":1,"message":{"role":"assistant","content":"Paris.","refusal":null,"annotations":[]},
                "logprobs":null,"finish_reason":"stop"},
               {"index":0,"message":{"role":"assistant","content":"Paris","refusal":null,"annotations":[]},
                "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1117,"completion_tokens":46,"total_tokens":1163,
               "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
               "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,
                 "rejected_prediction_tokens":0}},
             "service_tier":"default","system_fingerprint":"fp_fc9f1d7035"}
            """;

    /**
     * vLLM's echo answer to {"prompt":"The step of boiling water is: ","echo":true,"logprobs":1,"max_tokens":1}
     * (as pasted in llama.cpp PR #15189, top_logprobs cut to the token and one alternative).
     */
    public static final String VLLM_ECHO =
            """
            {"id":"cmpl-8c16f81d43846721","object":"text_completion","created":1772367069,
             "model":"Intel/Qwen3-Coder-Next-int4-AutoRound",
             "choices":[{"index":0,"text":"The step of boiling water is: 1",
               "logprobs":{"text_offset":[0,3,8,11,19,25,28,29,30],
                 "token_logprobs":[null,-8.8187,-1.5526,-13.5599,-2.0115,-2.2331,-8.537,-1.287,-0.4106],
                 "tokens":["The"," step"," of"," boiling"," water"," is",":"," ","1"],
                 "top_logprobs":[null,{" step":-8.8187," is":-0.7875},{" of":-1.5526," is":-0.9},
                   {" boiling":-13.5599," the":-1.2},{" water":-2.0115," point":-1.1},{" is":-2.2331,":":-1.0},
                   {":":-8.537," to":-0.6},{" ":-1.287," \\n":-1.0},{"1":-0.4106,"2":-2.1}]},
               "finish_reason":"length","stop_reason":null,"prompt_logprobs":null}],
             "service_tier":null,"system_fingerprint":null,
             "usage":{"prompt_tokens":8,"total_tokens":9,"completion_tokens":1,"prompt_tokens_details":null},
             "kv_transfer_params":null}
            """;

    /** OpenAI's legacy completion with logprobs (CreateCompletionResponse). */
    public static final String OPENAI_COMPLETION =
            """
            {"id":"cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7","object":"text_completion","created":1589478378,
             "model":"davinci-002",
             "choices":[{"text":" Paris","index":0,
               "logprobs":{"tokens":[" Paris"],"token_logprobs":[-0.25],"top_logprobs":[{" Paris":-0.25}],
                           "text_offset":[27]},
               "finish_reason":"length"}],
             "usage":{"prompt_tokens":7,"completion_tokens":1,"total_tokens":8}}
            """;
}
