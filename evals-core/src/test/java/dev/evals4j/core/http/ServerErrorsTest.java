package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Error bodies as each server sends them (docs/generators.md lists the envelopes and their sources). */
class ServerErrorsTest {
    @Test
    void openAi() {
        assertThat(ServerErrors.message("{\"error\":{\"message\":\"This model's maximum context length is 4097"
                        + " tokens. However, your messages resulted in 4294 tokens. Please reduce the length of the"
                        + " messages.\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
                        + "\"code\":\"context_length_exceeded\"}}"))
                .isEqualTo("This model's maximum context length is 4097 tokens. However, your messages resulted in"
                        + " 4294 tokens. Please reduce the length of the messages. (invalid_request_error,"
                        + " context_length_exceeded, param messages)");
    }

    @Test
    void vllmFromVersion0_10_1WithItsIntegerCode() {
        assertThat(ServerErrors.message("{\"error\":{\"message\":\"Requested sample logprobs of 21, which is"
                        + " greater than max allowed: 20\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}"))
                .isEqualTo("Requested sample logprobs of 21, which is greater than max allowed: 20 (BadRequestError)");
    }

    @Test
    void vllmBefore0_10_1AndSglangFlat() {
        assertThat(ServerErrors.message("{\"object\":\"error\",\"message\":\"This model's maximum context length"
                        + " is 2048 tokens. However, you requested 2723 tokens (1699 in the messages, 1024 in the"
                        + " completion). Please reduce the length of the messages or completion.\","
                        + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"))
                .isEqualTo("This model's maximum context length is 2048 tokens. However, you requested 2723 tokens"
                        + " (1699 in the messages, 1024 in the completion). Please reduce the length of the messages"
                        + " or completion. (BadRequestError)");
    }

    @Test
    void ollama() {
        assertThat(ServerErrors.message("{\"error\":{\"message\":\"model \\\"llama9\\\" not found, try pulling it"
                        + " first\",\"type\":\"not_found_error\",\"param\":null,\"code\":null}}"))
                .isEqualTo("model \"llama9\" not found, try pulling it first (not_found_error)");
        assertThat(ServerErrors.message("{\"error\":\"model 'llama9' not found\"}"))
                .isEqualTo("model 'llama9' not found");
    }

    @Test
    void llamaCpp() {
        assertThat(ServerErrors.message("{\"error\":{\"code\":400,\"message\":\"request (13392 tokens) exceeds the"
                        + " available context size (8192 tokens), try increasing it\",\"type\":\"exceed_context_size_error\","
                        + "\"n_prompt_tokens\":13392,\"n_ctx\":8192}}"))
                .isEqualTo("request (13392 tokens) exceeds the available context size (8192 tokens), try increasing"
                        + " it (exceed_context_size_error)");
    }

    @Test
    void tgiFlat() {
        assertThat(
                        ServerErrors.message(
                                "{\"error\":\"Input validation error: `inputs` tokens + `max_new_tokens`"
                                        + " must be <= 4096. Given: 4000 `inputs` tokens and 200 `max_new_tokens`\",\"error_type\":\"validation\"}"))
                .isEqualTo("Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000"
                        + " `inputs` tokens and 200 `max_new_tokens` (validation)");
    }

    @Test
    void llamaStackDetailUpToVersion0_5() {
        assertThat(ServerErrors.message("{\"error\":{\"detail\":\"Model 'llama-9b' not found. Use"
                        + " client.models.list() to list available models.\"}}"))
                .isEqualTo("Model 'llama-9b' not found. Use client.models.list() to list available models.");
        assertThat(ServerErrors.message("{\"error\":{\"detail\":{\"errors\":[{\"loc\":[\"body\",\"model_id\"],"
                        + "\"msg\":\"Field required\",\"type\":\"missing\"}]}}}"))
                .isEqualTo("body.model_id: Field required");
    }

    @Test
    void fastApiDefaultAndTextBodies() {
        assertThat(ServerErrors.message("{\"detail\":\"Not Found\"}")).isEqualTo("Not Found");
        assertThat(ServerErrors.message("404 page not found\n")).isEqualTo("404 page not found");
        assertThat(ServerErrors.message("<html>\n<body>Bad gateway</body>\n</html>"))
                .isEqualTo("<html> <body>Bad gateway</body> </html>");
        assertThat(ServerErrors.message("")).isEmpty();
        assertThat(ServerErrors.message("x".repeat(600))).hasSize(501).endsWith("x…");
    }
}
