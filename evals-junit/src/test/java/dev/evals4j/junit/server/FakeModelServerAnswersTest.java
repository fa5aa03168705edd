package dev.evals4j.junit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.LogLikelihood;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.generation.OpenAiCompatibleGenerator;
import dev.evals4j.junit.SameAnswerScorer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each answer source, as evals4j's {@code openai-compatible} generator sees it. */
class FakeModelServerAnswersTest {
    @TempDir
    Path dir;

    private ModelClient client;

    @BeforeEach
    void client() {
        client = new ModelClient(dir.resolve("cache"));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void answersFromADatasetByTheLastUserMessage() {
        try (FakeModelServer server = FakeModelServer.builder()
                .answersFrom(DatasetAnswers.fromFile(DatasetAnswersTest.CAPITALS))
                .start()) {
            OpenAiCompatibleGenerator model = client.generator(server);

            assertThat(model.generate(ModelClient.chat("What is the capital of Kenya?"))
                            .text())
                    .isEqualTo("Nairobi");
            assertThat(model.generate(ModelClient.chat("What is the capital of Peru?"))
                            .text())
                    .isEqualTo("I don't know.");
        }
    }

    @Test
    void answersFromADatasetByThePromptOnTheCompletionsEndpoint() {
        try (FakeModelServer server = FakeModelServer.builder()
                .answersFrom(DatasetAnswers.fromFile(DatasetAnswersTest.CAPITALS))
                .start()) {
            GenerationResponse answer = client.generator(server, "logprobs", true)
                    .generate(ModelClient.prompt("Q: What is the capital of Egypt?\nA:"));

            assertThat(answer.text()).isEqualTo("Cairo");
            assertThat(answer.logprobs()).hasSize(1);
            assertThat(answer.logprobs().get(0).token()).isEqualTo("Cairo");
            assertThat(server.requests(Endpoint.COMPLETIONS)).hasSize(1);
        }
    }

    @Test
    void aRunAgainstTheServerScoresTheShareOfRightAnswersItWasGiven() {
        // the example of docs/testing.md
        try (FakeModelServer server = FakeModelServer.builder()
                .answersFrom(DatasetAnswers.builder()
                        .file(DatasetAnswersTest.CAPITALS)
                        .wrongShare(0.25)
                        .seed(1)
                        .build())
                .script(Fault.rateLimited())
                .start()) {
            EvalResult result = client.evals()
                    .evals()
                    .runEvalTask(
                            EvalRequest.builder()
                                    .dataset(
                                            DatasetDefinition.ofUri("capitals", DatasetAnswersTest.CAPITALS.toString()))
                                    .processor(new PluginSpec(
                                            "template",
                                            Map.of(
                                                    "system",
                                                    "Answer with the name of the city only.",
                                                    "prompt_template",
                                                    "{input_query}")))
                                    .generator(new PluginSpec(
                                            "openai-compatible",
                                            Map.of("base_url", server.baseUrl(), "model", "fake", "temperature", 0)))
                                    .scorer(new SameAnswerScorer())
                                    .outputDir(dir.resolve("run"))
                                    .build(),
                            RunOptions.builder().concurrency(4).build());

            assertThat(result.numErrors()).isZero();
            assertThat(result.score("test::same").metric("accuracy", "accuracy"))
                    .hasValue(0.75);
            assertThat(server.calls(Endpoint.CHAT_COMPLETIONS)).isEqualTo(13); // 12 questions and one retry
        }
    }

    @Test
    void answersFromAFunctionOfTheRequestNullMeaningTheDefault() {
        try (FakeModelServer server = FakeModelServer.builder()
                .answerWith(r ->
                        r.userText().contains("France") ? "Paris (" + r.model().orElse("?") + ")" : null)
                .defaultAnswer("No idea.")
                .start()) {
            OpenAiCompatibleGenerator model = client.generator(server);

            assertThat(model.generate(ModelClient.chat("Capital of France?")).text())
                    .isEqualTo("Paris (fake)");
            assertThat(model.generate(ModelClient.chat("Capital of Mars?")).text())
                    .isEqualTo("No idea.");
        }
    }

    @Test
    void respondersAreAskedInTheOrderTheyWereAdded() {
        try (FakeModelServer server = FakeModelServer.builder()
                .answersFrom(DatasetAnswers.fromFile(DatasetAnswersTest.CAPITALS))
                .answer("Somewhere.")
                .answer("never asked")
                .start()) {
            OpenAiCompatibleGenerator model = client.generator(server);

            assertThat(model.generate(ModelClient.chat("What is the capital of Turkey?"))
                            .text())
                    .isEqualTo("Ankara");
            assertThat(model.generate(ModelClient.chat("What is the capital of Peru?"))
                            .text())
                    .isEqualTo("Somewhere.");
        }
    }

    @Test
    void aScriptIsConsumedInOrderThenTheOtherSourcesAnswer() {
        try (FakeModelServer server = FakeModelServer.builder()
                .script(Reply.answer("first"), Reply.answers("second", "other"))
                .answer("afterwards")
                .start()) {
            OpenAiCompatibleGenerator model = client.generator(server, "n", 2);

            assertThat(model.generate(ModelClient.chat("a")).text()).isEqualTo("first");
            GenerationResponse second = model.generate(ModelClient.chat("b"));
            assertThat(second.text()).isEqualTo("second");
            assertThat(second.additionalTexts()).containsExactly("other");
            assertThat(server.scriptLeft()).isZero();
            assertThat(model.generate(ModelClient.chat("c")).text()).isEqualTo("afterwards");

            server.enqueue(Reply.answer("enqueued").withFinishReason("length"));
            GenerationResponse enqueued = model.generate(ModelClient.chat("d"));
            assertThat(enqueued.text()).isEqualTo("enqueued");
            assertThat(enqueued.finishReason()).hasValue("length");
            assertThat(model.generate(ModelClient.chat("e")).text()).isEqualTo("afterwards");
        }
    }

    @Test
    void aReplyFunctionCanRefuseOrFailPerRequest() {
        try (FakeModelServer server = FakeModelServer.builder()
                .replyWith(r -> r.userText().equals("refuse")
                        ? Reply.refusal("I can't help with that.")
                        : r.userText().equals("fail") ? Fault.serverError(500) : null)
                .start()) {
            OpenAiCompatibleGenerator model = client.generator(server);
            String where = "POST " + server.baseUrl() + "/chat/completions";

            assertThatThrownBy(() -> model.generate(ModelClient.chat("refuse")))
                    .isInstanceOf(ModelCallException.class)
                    .hasMessage(where + " answered with a refusal instead of content (finish_reason stop): I can't"
                            + " help with that.");
            assertThatThrownBy(() -> model.generate(ModelClient.chat("fail")))
                    .hasMessage(where + " answered 500 Internal Server Error: The server had an error while processing"
                            + " your request. Sorry about that! (server_error)");
            assertThat(model.generate(ModelClient.chat("other")).text()).isEqualTo("I don't know.");
        }
    }

    @Test
    void aResponderThatThrowsIsA500ThatSaysSo() {
        try (FakeModelServer server = FakeModelServer.builder()
                .answerWith(r -> {
                    throw new IllegalStateException("no answers today");
                })
                .start()) {
            assertThatThrownBy(() -> client.generator(server).generate(ModelClient.chat("a")))
                    .isInstanceOf(ModelCallException.class)
                    .hasMessage("POST " + server.baseUrl() + "/chat/completions answered 500 Internal Server Error: The"
                            + " fake server's responder failed: java.lang.IllegalStateException: no answers today"
                            + " (server_error)");
        }
    }

    @Test
    void echoedPromptsComeBackWithTheirLogprobs() {
        try (FakeModelServer server = FakeModelServer.builder().answer(" Paris").start()) {
            GenerationResponse answer = client.generator(server, "echo", true, "logprobs", true, "max_tokens", 1)
                    .generate(ModelClient.prompt("The capital of France is"));

            assertThat(answer.text()).isEqualTo(" Paris");
            assertThat(answer.promptLogprobs())
                    .extracting(t -> t.token())
                    .containsExactly(" capital", " of", " France", " is");
            assertThat(answer.logprobs()).extracting(t -> t.token()).containsExactly(" Paris");
            assertThat(answer.usage().orElseThrow().promptTokens()).isEqualTo(5);
        }
    }

    @Test
    void continuationsAreScoredByTheLikelihoodOfTheirTokens() {
        try (FakeModelServer server = FakeModelServer.builder()
                .likelihood((before, token) -> before.endsWith("Answer:")
                        ? OptionalDouble.of(token.equals(" B") ? -0.25 : -2.5)
                        : OptionalDouble.empty())
                .start()) {
            GenerationResponse answer = client.generator(server)
                    .generate(new PreprocessedSample(
                            new DatasetSample(0, Map.of()),
                            new GenerationInput.Choices("2 + 2 =\nA. 3\nB. 4\nAnswer:", List.of(" A", " B"))));

            assertThat(answer.loglikelihoods())
                    .containsExactly(
                            new LogLikelihood(-2.5, 1, Optional.of(true)),
                            new LogLikelihood(-0.25, 1, Optional.of(true)));
            JsonNode body = server.requests(Endpoint.COMPLETIONS).get(0).body().orElseThrow();
            assertThat(body.get("prompt").size()).isEqualTo(2);
            assertThat(server.requests(Endpoint.COMPLETIONS).get(0).prompts())
                    .containsExactly("2 + 2 =\nA. 3\nB. 4\nAnswer: A", "2 + 2 =\nA. 3\nB. 4\nAnswer: B");
        }
    }

    @Test
    void requestsAreRecordedWithMethodPathHeadersAndParsedBody() {
        try (FakeModelServer server =
                FakeModelServer.builder().requireApiKey(ModelClient.KEY).start()) {
            client.generator(server, "api_key_env", "FAKE_API_KEY", "temperature", 0)
                    .generate(ModelClient.chat("What is the capital of France?"));

            List<FakeRequest> requests = server.requests();
            assertThat(requests).hasSize(1);
            FakeRequest request = requests.get(0);
            assertThat(request.call()).isEqualTo(1);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS);
            assertThat(request.header("authorization")).hasValue("Bearer " + ModelClient.KEY);
            assertThat(request.header("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(request.model()).hasValue("fake");
            assertThat(request.body().orElseThrow().get("temperature").asInt()).isZero();
            assertThat(request.messages())
                    .extracting(m -> m.role() + ": " + m.content())
                    .containsExactly(
                            "system: Answer with the name of the city only.", "user: What is the capital of France?");
            assertThat(request.userText()).isEqualTo("What is the capital of France?");
        }
    }
}
