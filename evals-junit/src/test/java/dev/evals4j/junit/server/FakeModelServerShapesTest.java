package dev.evals4j.junit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The answers and errors on the wire, parsed with Jackson and compared with the real APIs' shapes. */
class FakeModelServerShapesTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String QUESTION =
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"system\",\"content\":\"Answer briefly.\"},"
                    + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]";

    private FakeModelServer server =
            FakeModelServer.builder().answer("Paris is the capital.").start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aChatAnswerHasOpenAisShapeWithRoughTokenCounts() throws Exception {
        HttpResponse<String> response = Http.post(server, CHAT, QUESTION + ",\"logprobs\":true,\"top_logprobs\":2}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-request-id"))
                .get()
                .asString()
                .matches("req_[0-9a-f]{32}");
        JsonNode answer = Http.json(response);
        Shapes.assertSameShape(answer, Shapes.CHAT);
        assertThat(answer.get("id").asText()).matches("chatcmpl-[A-Za-z0-9]{29}");
        assertThat(answer.get("object").asText()).isEqualTo("chat.completion");
        assertThat(answer.get("model").asText()).isEqualTo("fake");
        assertThat(answer.get("created").asLong()).isGreaterThan(1_700_000_000L);
        JsonNode message = answer.at("/choices/0/message");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("content").asText()).isEqualTo("Paris is the capital.");
        assertThat(message.get("refusal").isNull()).isTrue();
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        // whitespace-separated words: "Answer briefly." + "What is the capital of France?" = 2 + 6
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(8);
        assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(4);
        assertThat(answer.at("/usage/total_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void logprobsAreOnePerTokenWithTheChosenTokenFirstAmongTheAlternatives() throws Exception {
        JsonNode answer = Http.json(Http.post(server, CHAT, QUESTION + ",\"logprobs\":true,\"top_logprobs\":3}"));

        JsonNode tokens = answer.at("/choices/0/logprobs/content");
        List<String> texts = new ArrayList<>();
        tokens.forEach(t -> texts.add(t.get("token").asText()));
        assertThat(texts).containsExactly("Paris", " is", " the", " capital.");
        for (JsonNode t : tokens) {
            double logprob = t.get("logprob").asDouble();
            assertThat(logprob).isLessThan(0).isGreaterThanOrEqualTo(-2.5001);
            JsonNode top = t.get("top_logprobs");
            assertThat(top).hasSize(3);
            assertThat(top.get(0).get("token").asText())
                    .isEqualTo(t.get("token").asText());
            assertThat(top.get(0).get("logprob").asDouble()).isEqualTo(logprob);
            assertThat(top.get(1).get("logprob").asDouble()).isLessThan(logprob);
            assertThat(top.get(2).get("logprob").asDouble())
                    .isLessThan(top.get(1).get("logprob").asDouble());
        }
        assertThat(tokens.get(1).get("bytes").toString()).isEqualTo("[32,105,115]");
    }

    @Test
    void withoutLogprobsTheFieldIsNull() throws Exception {
        JsonNode answer = Http.json(Http.post(server, CHAT, QUESTION + "}"));

        assertThat(answer.at("/choices/0").has("logprobs")).isTrue();
        assertThat(answer.at("/choices/0/logprobs").isNull()).isTrue();
    }

    @Test
    void nChoicesAreIndexedAndCountedInTheUsage() throws Exception {
        server.close();
        server = FakeModelServer.builder()
                .replyWith(r -> Reply.answers("Paris", "Lyon"))
                .start();

        JsonNode answer = Http.json(Http.post(server, CHAT, QUESTION + ",\"n\":3}"));

        assertThat(answer.get("choices")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(answer.at("/choices/" + i + "/index").asInt()).isEqualTo(i);
        }
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("Paris");
        assertThat(answer.at("/choices/1/message/content").asText()).isEqualTo("Lyon");
        assertThat(answer.at("/choices/2/message/content").asText()).isEqualTo("Paris");
        assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void maxTokensAndStopCutTheAnswerAsAModelWould() throws Exception {
        JsonNode cut = Http.json(Http.post(server, CHAT, QUESTION + ",\"max_tokens\":2}"));
        JsonNode stopped = Http.json(Http.post(server, CHAT, QUESTION + ",\"stop\":[\" the\"]}"));
        JsonNode newer = Http.json(Http.post(server, CHAT, QUESTION + ",\"max_completion_tokens\":3}"));

        assertThat(cut.at("/choices/0/message/content").asText()).isEqualTo("Paris is");
        assertThat(cut.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(cut.at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(stopped.at("/choices/0/message/content").asText()).isEqualTo("Paris is");
        assertThat(stopped.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(newer.at("/choices/0/message/content").asText()).isEqualTo("Paris is the");
        assertThat(newer.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void aRefusalHasNullContentAndTheRefusalText() throws Exception {
        server.close();
        server = FakeModelServer.builder()
                .replyWith(r -> Reply.refusal("I can't help with that."))
                .start();

        JsonNode answer = Http.json(Http.post(server, CHAT, QUESTION + "}"));

        Shapes.assertSameShape(
                answer.at("/choices/0/message"),
                "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"…\",\"annotations\":[]}");
        assertThat(answer.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(answer.at("/choices/0/message/refusal").asText()).isEqualTo("I can't help with that.");
    }

    @Test
    void aStreamedChatAnswerIsServerSentEventsEndingWithDone() throws Exception {
        HttpResponse<String> response =
                Http.post(server, CHAT, QUESTION + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        List<String> events = new ArrayList<>();
        for (String block : response.body().split("\n\n")) {
            assertThat(block).startsWith("data: ");
            events.add(block.substring("data: ".length()));
        }
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        JsonNode first = Http.json(events.get(0));
        // usage: null in every chunk until the last, with include_usage
        Shapes.assertSameShape(
                ((com.fasterxml.jackson.databind.node.ObjectNode) first.deepCopy()).without("usage"),
                Shapes.CHAT_CHUNK);
        assertThat(first.get("usage").isNull()).isTrue();
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(1, events.size() - 3)) {
            text.append(Http.json(event).at("/choices/0/delta/content").asText());
        }
        assertThat(text).hasToString("Paris is the capital.");
        JsonNode finish = Http.json(events.get(events.size() - 3));
        assertThat(finish.at("/choices/0/delta").toString()).isEqualTo("{}");
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = Http.json(events.get(events.size() - 2));
        assertThat(usage.get("choices").isEmpty()).isTrue();
        assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void aCompletionWithEchoAndLogprobsHasTheLegacyShapeWithANullFirstToken() throws Exception {
        String prompt = "The capital of France is";
        JsonNode answer = Http.json(Http.post(
                server,
                "/v1/completions",
                "{\"model\":\"fake\",\"prompt\":\"" + prompt + "\",\"echo\":true,\"logprobs\":2,\"max_tokens\":1}"));

        Shapes.assertSameShape(answer, Shapes.COMPLETION_ECHO);
        assertThat(answer.get("id").asText()).matches("cmpl-[A-Za-z0-9]{29}");
        assertThat(answer.get("object").asText()).isEqualTo("text_completion");
        assertThat(answer.at("/choices/0/text").asText()).isEqualTo(prompt + "Paris");
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        JsonNode lp = answer.at("/choices/0/logprobs");
        assertThat(lp.get("tokens").toString())
                .isEqualTo("[\"The\",\" capital\",\" of\",\" France\",\" is\",\"Paris\"]");
        assertThat(lp.get("text_offset").toString()).isEqualTo("[0,3,11,14,21,24]");
        assertThat(lp.at("/token_logprobs/0").isNull()).isTrue();
        assertThat(lp.at("/top_logprobs/0").isNull()).isTrue();
        assertThat(lp.at("/top_logprobs/5")).hasSize(2);
        assertThat(lp.at("/top_logprobs/5/Paris").asDouble())
                .isEqualTo(lp.at("/token_logprobs/5").asDouble());
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
        assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(1);
    }

    @Test
    void completionsStopAtSixteenTokensByDefaultAsOpenAisDo() throws Exception {
        server.close();
        server = FakeModelServer.builder()
                .answer("one two three four five six seven eight nine ten eleven twelve"
                        + " thirteen fourteen fifteen sixteen seventeen eighteen")
                .start();

        JsonNode answer = Http.json(Http.post(server, "/v1/completions", "{\"model\":\"fake\",\"prompt\":\"Count\"}"));

        assertThat(answer.at("/choices/0/text").asText()).endsWith(" sixteen");
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(answer.at("/choices/0/logprobs").isNull()).isTrue();
    }

    @Test
    void aBatchOfPromptsIsAnsweredPromptByPromptInIndexOrder() throws Exception {
        server.close();
        server = FakeModelServer.builder()
                .answerWith(r -> r.userText().toUpperCase(java.util.Locale.ROOT))
                .start();

        JsonNode answer = Http.json(
                Http.post(server, "/v1/completions", "{\"model\":\"fake\",\"prompt\":[\"a\",\"b\"],\"n\":2}"));

        List<String> texts = new ArrayList<>();
        for (JsonNode c : answer.get("choices")) {
            texts.add(c.get("index").asInt() + ":" + c.get("text").asText());
        }
        assertThat(texts).containsExactly("0:A", "1:A", "2:B", "3:B");
    }

    @Test
    void embeddingsHaveOpenAisShapeInFloatsAndInBase64() throws Exception {
        JsonNode floats = Http.json(Http.post(
                server,
                "/v1/embeddings",
                "{\"model\":\"fake\",\"input\":[\"Paris is in France\",\"France has Paris\",\"cats purr\"]}"));
        JsonNode base64 = Http.json(
                Http.post(
                        server,
                        "/v1/embeddings",
                        "{\"model\":\"fake\",\"input\":\"Paris is in France\",\"encoding_format\":\"base64\",\"dimensions\":8}"));

        Shapes.assertSameShape(floats, Shapes.EMBEDDINGS);
        assertThat(floats.at("/data/0/embedding")).hasSize(64);
        assertThat(floats.at("/usage/prompt_tokens").asInt()).isEqualTo(9);
        double similar = cosine(floats.at("/data/0/embedding"), floats.at("/data/1/embedding"));
        double unrelated = cosine(floats.at("/data/0/embedding"), floats.at("/data/2/embedding"));
        assertThat(similar).isGreaterThan(unrelated);
        assertThat(cosine(floats.at("/data/0/embedding"), floats.at("/data/0/embedding")))
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        byte[] raw = Base64.getDecoder().decode(base64.at("/data/0/embedding").asText());
        assertThat(raw).hasSize(8 * 4);
        float first = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(first).isEqualTo(Words.embedding("Paris is in France", 8)[0]);
    }

    @Test
    void theModelsAreListedAndEachCanBeRead() throws Exception {
        server.close();
        server = FakeModelServer.builder().models("fake", "fake-large").start();

        JsonNode list = Http.json(Http.get(server, "/v1/models"));
        HttpResponse<String> one = Http.get(server, "/v1/models/fake-large");
        HttpResponse<String> none = Http.get(server, "/v1/models/gpt-5");

        Shapes.assertSameShape(list, Shapes.MODELS);
        assertThat(list.at("/data/1/id").asText()).isEqualTo("fake-large");
        assertThat(Http.json(one).get("id").asText()).isEqualTo("fake-large");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body())
                .isEqualTo("{\"error\":{\"message\":\"The model `gpt-5` does not exist or you do not have access to"
                        + " it.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}");
    }

    @Test
    void requestsARealServerRefusesAreRefusedInOpenAisErrorShape() throws Exception {
        HttpResponse<String> noModel =
                Http.post(server, CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        HttpResponse<String> noMessages = Http.post(server, CHAT, "{\"model\":\"fake\"}");
        HttpResponse<String> noMessagesAtAll = Http.post(server, CHAT, "{\"model\":\"fake\",\"messages\":[]}");
        HttpResponse<String> notJson = Http.post(server, CHAT, "{\"model\": \"fake\",");
        HttpResponse<String> tooMany = Http.post(
                server, CHAT, "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":129}");
        HttpResponse<String> noPrompt = Http.post(server, "/v1/completions", "{\"model\":\"fake\"}");
        HttpResponse<String> negative = Http.post(
                server,
                CHAT,
                "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":-3}");

        for (HttpResponse<String> r :
                List.of(noModel, noMessages, noMessagesAtAll, notJson, tooMany, noPrompt, negative)) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertErrorShape(Http.json(r));
        }
        assertThat(noModel.body())
                .isEqualTo("{\"error\":{\"message\":\"you must provide a model parameter\",\"type\":"
                        + "\"invalid_request_error\",\"param\":null,\"code\":null}}");
        assertThat(noMessages.body())
                .isEqualTo("{\"error\":{\"message\":\"Missing required parameter: 'messages'.\",\"type\":"
                        + "\"invalid_request_error\",\"param\":\"messages\",\"code\":\"missing_required_parameter\"}}");
        assertThat(Http.json(noMessagesAtAll).at("/error/message").asText())
                .isEqualTo("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an"
                        + " empty array instead.");
        assertThat(Http.json(noMessagesAtAll).at("/error/code").asText()).isEqualTo("empty_array");
        assertThat(Http.json(notJson).at("/error/message").asText())
                .startsWith("We could not parse the JSON body of your request. (HINT: This likely means you aren't"
                        + " using your HTTP library correctly.");
        assertThat(Http.json(tooMany).at("/error/message").asText())
                .isEqualTo("Invalid 'n': integer above maximum value. Expected a value <= 128, but got 129 instead.");
        assertThat(Http.json(noPrompt).at("/error/message").asText())
                .isEqualTo("Missing required parameter: 'prompt'.");
        assertThat(Http.json(negative).at("/error/message").asText())
                .isEqualTo("Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got -3"
                        + " instead.");
    }

    @Test
    void anotherPathIs404AndAnotherMethod405() throws Exception {
        HttpResponse<String> wrongPath = Http.post(server, "/v1/responses", "{}");
        HttpResponse<String> wrongMethod = Http.get(server, CHAT);

        assertThat(wrongPath.statusCode()).isEqualTo(404);
        assertThat(wrongPath.body())
                .isEqualTo("{\"error\":{\"message\":\"Invalid URL (POST /v1/responses)\",\"type\":"
                        + "\"invalid_request_error\",\"param\":null,\"code\":null}}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Http.json(wrongMethod).at("/error/message").asText()).isEqualTo("Only POST requests are accepted.");
    }

    @Test
    void withAKeyRequiredAMissingOrWrongKeyIsA401AsOpenAiWordsIt() throws Exception {
        server.close();
        server = FakeModelServer.builder()
                .requireApiKey("sk-proj-7Hq2v9XkLm3Np8Rt")
                .start();

        HttpResponse<String> missing = Http.post(server, CHAT, QUESTION + "}");
        HttpResponse<String> wrong =
                Http.post(server, CHAT, QUESTION + "}", "Authorization", "Bearer sk-proj-WRONGWRONGWRONG1234");
        HttpResponse<String> right =
                Http.post(server, CHAT, QUESTION + "}", "Authorization", "Bearer sk-proj-7Hq2v9XkLm3Np8Rt");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(Http.json(missing).at("/error/message").asText())
                .startsWith("You didn't provide an API key. You need to provide your API key in an Authorization"
                        + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body())
                .isEqualTo("{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-***************1234. You can"
                        + " find your API key at https://platform.openai.com/account/api-keys.\",\"type\":"
                        + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
        assertThat(right.statusCode()).isEqualTo(200);
    }

    @Test
    void unknownModelsCanBeRefusedAsOpenAiRefusesThem() throws Exception {
        server.close();
        server = FakeModelServer.builder().rejectUnknownModels().start();

        HttpResponse<String> other = Http.post(server, CHAT, QUESTION.replace("\"fake\"", "\"gpt-4o\"") + "}");
        HttpResponse<String> listed = Http.post(server, CHAT, QUESTION + "}");

        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(Http.json(other).at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(listed.statusCode()).isEqualTo(200);
    }

    /** OpenAI's error: message and type strings, param and code strings or null (openapi.yaml, {@code Error}). */
    private static void assertErrorShape(JsonNode body) throws Exception {
        JsonNode error = body.get("error");
        assertThat(body.size()).isEqualTo(1);
        Shapes.assertSameShape(
                body,
                Shapes.ERROR
                        .replace("\"messages\"", error.get("param").isNull() ? "null" : "\"p\"")
                        .replace(
                                "\"context_length_exceeded\"", error.get("code").isNull() ? "null" : "\"c\""));
    }

    @Test
    void loadingTheServerSwitchesOnTcpNoDelayForTheJdkServerUnlessSetOtherwise() {
        // set in FakeModelServer's static initializer (docs/decisions/012-fake-model-server.md); this class started
        // a server, so the initializer ran
        assertThat(server.port()).isPositive();
        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    }

    private static double cosine(JsonNode a, JsonNode b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i).asDouble() * b.get(i).asDouble();
            na += a.get(i).asDouble() * a.get(i).asDouble();
            nb += b.get(i).asDouble() * b.get(i).asDouble();
        }
        return dot / Math.sqrt(na * nb);
    }
}
