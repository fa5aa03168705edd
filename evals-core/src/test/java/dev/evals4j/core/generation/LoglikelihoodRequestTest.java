package dev.evals4j.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.LogLikelihood;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.Usage;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multiple choice by log-likelihood through {@code openai-compatible}: one {@code /completions} request with a prompt
 * per continuation, answered in vLLM's shape (echoed prompt, legacy log-probabilities, one generated token).
 */
class LoglikelihoodRequestTest {
    private static final String MODEL = "meta-llama/Llama-3.2-1B";
    private static final String BOS = "<|begin_of_text|>";
    private static final String CONTEXT = "2 + 2 =\nA. 3\nB. 4\nAnswer:";
    private static final List<String> CONTEXT_TOKENS =
            List.of(BOS, "2", " +", " 2", " =", "\n", "A", ".", " 3", "\n", "B", ".", " 4", "\n", "Answer", ":");
    private static final List<Double> CONTEXT_LOGPROBS =
            List.of(-7.2, -3.1, -0.9, -0.6, -1.3, -4.0, -0.2, -2.5, -0.05, -0.01, -0.002, -0.8, -0.03, -1.9, -0.0004);

    @RegisterExtension
    final MockServer mock = new MockServer();

    private final MockWebServer server = mock.server;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path cacheDir;

    private OpenAiCompatibleGenerator generator(Map<String, Object> extra) {
        return (OpenAiCompatibleGenerator)
                TestEvals.context().generator(OpenAiCompatibleGenerator.ID, mock.params(MODEL, cacheDir, extra));
    }

    private static PreprocessedSample choices(String context, String... continuations) {
        return new PreprocessedSample(
                new DatasetSample(0, Map.of()), new GenerationInput.Choices(context, List.of(continuations)));
    }

    private void answer(String body) {
        mock.answer(body);
    }

    private String where() {
        return "POST " + mock.baseUrl() + "/completions";
    }

    /** A token as a prompt's or a generated one: its text, log-probability, and the likelier token when not greedy. */
    private record Token(String text, double logprob, String better, double betterLogprob) {
        static Token greedy(String text, double logprob) {
            return new Token(text, logprob, null, 0);
        }
    }

    /**
     * One choice as vLLM's {@code _create_completion_logprobs} writes it: {@code text_offset} adds up the decoded
     * tokens' lengths from 0 (a beginning-of-sequence token's text included), the first token has {@code null}
     * log-probabilities, each other position the token and, with {@code logprobs: 1}, the most likely token.
     */
    private static Map<String, Object> vllmChoice(int index, List<Token> tokens, String text) {
        List<Integer> offsets = new ArrayList<>();
        List<Object> logprobs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Object> top = new ArrayList<>();
        int offset = 0;
        for (int j = 0; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            offsets.add(offset);
            offset += t.text().codePointCount(0, t.text().length());
            texts.add(t.text());
            if (j == 0) {
                logprobs.add(null);
                top.add(null);
                continue;
            }
            logprobs.add(t.logprob());
            Map<String, Double> alternatives = new LinkedHashMap<>();
            alternatives.put(t.text(), t.logprob());
            if (t.better() != null) {
                alternatives.put(t.better(), t.betterLogprob());
            }
            top.add(alternatives);
        }
        Map<String, Object> lp = new LinkedHashMap<>();
        lp.put("text_offset", offsets);
        lp.put("token_logprobs", logprobs);
        lp.put("tokens", texts);
        lp.put("top_logprobs", top);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", index);
        choice.put("text", text);
        choice.put("logprobs", lp);
        choice.put("finish_reason", "length");
        choice.put("stop_reason", null);
        choice.put("prompt_logprobs", null);
        return choice;
    }

    private String vllmBody(List<Map<String, Object>> choices, int promptTokens, int completionTokens)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "cmpl-3f1c2a9be07d4c55");
        body.put("object", "text_completion");
        body.put("created", 1772367069);
        body.put("model", MODEL);
        body.put("choices", choices);
        body.put("service_tier", null);
        body.put("system_fingerprint", null);
        body.put(
                "usage",
                Map.of(
                        "prompt_tokens",
                        promptTokens,
                        "total_tokens",
                        promptTokens + completionTokens,
                        "completion_tokens",
                        completionTokens));
        body.put("kv_transfer_params", null);
        return json.writeValueAsString(body);
    }

    /** The context's tokens (vLLM's, with the BOS token), then these. */
    private static List<Token> withContext(Token... after) {
        List<Token> out = new ArrayList<>();
        out.add(Token.greedy(BOS, 0));
        for (int j = 1; j < CONTEXT_TOKENS.size(); j++) {
            out.add(Token.greedy(CONTEXT_TOKENS.get(j), CONTEXT_LOGPROBS.get(j - 1)));
        }
        out.addAll(List.of(after));
        return out;
    }

    private String letters() throws IOException {
        return vllmBody(
                List.of(
                        vllmChoice(
                                0,
                                withContext(new Token(" A", -2.1, " B", -0.15), Token.greedy("\n", -0.7)),
                                CONTEXT + " A\n"),
                        vllmChoice(
                                1, withContext(Token.greedy(" B", -0.15), Token.greedy("\n", -0.5)), CONTEXT + " B\n")),
                34,
                2);
    }

    @Test
    void sendsOnePromptPerContinuationEchoedWithLogprobsAndNoSamplingParameters() throws Exception {
        answer(letters());
        OpenAiCompatibleGenerator g = generator(Map.of(
                "temperature",
                0.7,
                "max_tokens",
                256,
                "n",
                3,
                "stop",
                List.of("\n"),
                "extra_body",
                Map.of("priority", 1)));

        GenerationResponse r = g.generate(choices(CONTEXT, " A", " B"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/completions");
        assertThat(request.getBody().utf8())
                .isEqualTo("{\"model\":\"meta-llama/Llama-3.2-1B\",\"prompt\":[\"2 + 2 =\\nA. 3\\nB. 4\\nAnswer: A\","
                        + "\"2 + 2 =\\nA. 3\\nB. 4\\nAnswer: B\"],\"echo\":true,\"logprobs\":1,\"max_tokens\":1,"
                        + "\"temperature\":0,\"priority\":1}");
        assertThat(r.text()).isEmpty();
        assertThat(r.usage()).contains(new Usage(34, 2));
        assertThat(r.loglikelihoods())
                .containsExactly(
                        new LogLikelihood(-2.1, 1, Optional.of(false)), new LogLikelihood(-0.15, 1, Optional.of(true)));
    }

    @Test
    void aBeginningOfSequenceTokenDoesNotShiftTheContinuation() throws Exception {
        // vLLM's text_offset counts "<|begin_of_text|>" (17 characters) that the prompt does not have: counted from
        // offset 0, len(context) = 25 would fall on the context's "A"; counted back from the generated token, the
        // continuation starts at 42, its own token
        answer(letters());

        GenerationResponse r = generator(Map.of()).generate(choices(CONTEXT, " A", " B"));

        assertThat(r.loglikelihoods()).extracting(LogLikelihood::tokens).containsExactly(1, 1);
        assertThat(r.loglikelihoods()).extracting(LogLikelihood::logprob).containsExactly(-2.1, -0.15);
    }

    @Test
    void sumsEveryTokenOfALongerContinuationAndReadsChoicesInIndexOrder() throws Exception {
        List<Map<String, Object>> choices = List.of(
                vllmChoice(
                        1,
                        List.of(
                                Token.greedy("The", 0),
                                Token.greedy(" city", -6.0),
                                Token.greedy(" is", -1.0),
                                new Token(" Los", -3.5, " New", -1.2),
                                Token.greedy(" Angeles", -0.01),
                                Token.greedy(".", -1.0)),
                        "The city is Los Angeles."),
                vllmChoice(
                        0,
                        List.of(
                                Token.greedy("The", 0),
                                Token.greedy(" city", -6.0),
                                Token.greedy(" is", -1.0),
                                Token.greedy(" New", -1.2),
                                Token.greedy(" York", -0.5),
                                Token.greedy(".", -0.9)),
                        "The city is New York."));
        answer(vllmBody(choices, 10, 2));

        GenerationResponse r = generator(Map.of()).generate(choices("The city is", " New York", " Los Angeles"));

        assertThat(r.loglikelihoods()).extracting(LogLikelihood::tokens).containsExactly(2, 2);
        assertThat(r.loglikelihoods().get(0).logprob()).isCloseTo(-1.7, Offset.offset(1e-12));
        assertThat(r.loglikelihoods().get(0).greedy()).contains(true);
        assertThat(r.loglikelihoods().get(1).logprob()).isCloseTo(-3.51, Offset.offset(1e-12));
        assertThat(r.loglikelihoods().get(1).greedy()).contains(false);
    }

    @Test
    void readsVllmsRealEchoAnswerAndScoresTheContextsTrailingSpaceWithTheContinuation() {
        // vLLM v0.16.0's answer to "The step of boiling water is: " with echo, logprobs 5, max_tokens 1; "1" is the
        // generated token. The context ends with a space, which goes with the continuation, as the harness moves it
        answer(ServerShapes.VLLM_ECHO);

        GenerationResponse r = generator(Map.of()).generate(choices("The step of boiling water ", "is: "));

        LogLikelihood l = r.loglikelihoods().get(0);
        assertThat(l.tokens()).isEqualTo(3);
        assertThat(l.logprob()).isCloseTo(-2.2331 - 8.537 - 1.287, Offset.offset(1e-12));
        assertThat(l.greedy()).contains(false);
    }

    @Test
    void aServerThatReturnsThePromptOnlyIsReadWithMaxTokensZeroFromExtraBody() throws Exception {
        List<Map<String, Object>> choices = List.of(
                vllmChoice(0, withContext(new Token(" A", -2.1, " B", -0.15)), CONTEXT + " A"),
                vllmChoice(1, withContext(Token.greedy(" B", -0.15)), CONTEXT + " B"));
        answer(vllmBody(choices, 34, 0));

        GenerationResponse r =
                generator(Map.of("extra_body", Map.of("max_tokens", 0))).generate(choices(CONTEXT, " A", " B"));

        assertThat(server.takeRequest().getBody().utf8()).contains("\"max_tokens\":0");
        assertThat(r.loglikelihoods()).extracting(LogLikelihood::logprob).containsExactly(-2.1, -0.15);
    }

    @Test
    void extraBodyMayNotAskForMoreGeneratedTokens() {
        OpenAiCompatibleGenerator g = generator(Map.of("extra_body", Map.of("max_tokens", 5)));

        assertThatThrownBy(() -> g.generate(choices(CONTEXT, " A", " B")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'extra_body' of openai-compatible sets max_tokens to 5; a log-likelihood"
                        + " request generates 1 token (or 0, where the server returns the prompt only), so that the"
                        + " generated tokens can be told from the prompt's");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theChatEndpointCannotScoreContinuations() {
        OpenAiCompatibleGenerator g = generator(Map.of("endpoint", "chat"));

        assertThatThrownBy(() -> g.generate(choices(CONTEXT, " A", " B")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'endpoint' of openai-compatible is chat, and this sample asks for the"
                        + " log-likelihoods of continuations, which only the completions endpoint gives (echo with"
                        + " logprobs); leave endpoint unset or set it to completions");
    }

    @Test
    void aServerWithoutPromptLogprobsFailsTheCallSayingWhatIsMissing() {
        // TGI: the completions endpoint has no echo and always answers "logprobs": null
        answer(
                """
                {"object":"text_completion","id":"","created":1772367069,"model":"meta-llama/Llama-3.2-1B",
                 "system_fingerprint":"3.3.6-native","choices":[
                  {"index":0,"text":"\\n","logprobs":null,"finish_reason":"length"},
                  {"index":1,"text":"\\n","logprobs":null,"finish_reason":"length"}],
                 "usage":{"prompt_tokens":34,"completion_tokens":2,"total_tokens":36}}""");
        OpenAiCompatibleGenerator g = generator(Map.of());

        assertThatThrownBy(() -> g.generate(choices(CONTEXT, " A", " B")))
                .isInstanceOfSatisfying(
                        ModelCallException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessage(where() + " answered without the prompt's log-probabilities (choice 0 has no logprobs);"
                        + " scoring continuations by log-likelihood needs a /completions endpoint that echoes the"
                        + " prompt with its log-probabilities (echo with logprobs), as vLLM's does; llama.cpp, Ollama"
                        + " and TGI do not, OpenAI only for davinci-002 and babbage-002");
        assertThat(g.httpClient().stats().failures()).containsEntry("no_prompt_logprobs", 1L);
    }

    @Test
    void aServerThatDoesNotEchoThePromptFailsTheCall() {
        // OpenAI's gpt-3.5-turbo-instruct ignores echo with logprobs: the generated token's log-probability only
        answer(
                """
                {"id":"cmpl-9","object":"text_completion","created":1772367069,"model":"gpt-3.5-turbo-instruct",
                 "choices":[
                  {"text":"\\n","index":0,"logprobs":{"tokens":["\\n"],"token_logprobs":[-0.7],
                    "top_logprobs":[{"\\n":-0.7}],"text_offset":[27]},"finish_reason":"length"},
                  {"text":"\\n","index":1,"logprobs":{"tokens":["\\n"],"token_logprobs":[-0.5],
                    "top_logprobs":[{"\\n":-0.5}],"text_offset":[27]},"finish_reason":"length"}],
                 "usage":{"prompt_tokens":34,"completion_tokens":2,"total_tokens":36}}""");

        assertThatThrownBy(() -> generator(Map.of()).generate(choices(CONTEXT, " A", " B")))
                .isInstanceOf(ModelCallException.class)
                .hasMessageStartingWith(where() + " answered without the prompt's log-probabilities (choice 0 has"
                        + " log-probabilities for 1 token, and generated 1: the prompt was not echoed); scoring"
                        + " continuations by log-likelihood needs");
    }

    @Test
    void oneChoiceForSeveralPromptsFailsTheCall() {
        answer(ServerShapes.VLLM_ECHO);

        assertThatThrownBy(() -> generator(Map.of()).generate(choices(CONTEXT, " A", " B")))
                .isInstanceOf(ModelCallException.class)
                .hasMessageStartingWith(where() + " answered 1 choice to 2 prompts (one per continuation); scoring"
                        + " continuations by log-likelihood needs a /completions endpoint")
                .hasMessageEndingWith(", and one choice per prompt of a list");
    }

    @Test
    void aTokenSpanningTheContextAndTheContinuationFailsTheCall() throws Exception {
        // "Answer:" and " A" tokenized as one token ":A" would give the log-likelihood of other text
        List<Map<String, Object>> choices = List.of(vllmChoice(
                0,
                List.of(Token.greedy("Answer", 0), Token.greedy(":A", -3.0), Token.greedy("\n", -0.2)),
                "Answer:A\n"));
        answer(vllmBody(choices, 2, 1));

        assertThatThrownBy(() -> generator(Map.of()).generate(choices("Answer:", "A")))
                .isInstanceOf(ModelCallException.class)
                .hasMessage(where() + " answered choice 0 with tokens that do not divide the context from"
                        + " continuation 0 ('A'): the token ':A' spans them; its log-likelihood would be that of"
                        + " other text");
    }

    @Test
    void aChoiceThatEchoesAnotherPromptFailsTheCall() throws Exception {
        // the offsets divide context and continuation where they should, but choice 0 echoes the prompt of " B"
        List<Map<String, Object>> choices = List.of(
                vllmChoice(0, withContext(Token.greedy(" B", -0.15), Token.greedy("\n", -0.5)), CONTEXT + " B\n"),
                vllmChoice(
                        1,
                        withContext(new Token(" A", -2.1, " B", -0.15), Token.greedy("\n", -0.7)),
                        CONTEXT + " A\n"));
        answer(vllmBody(choices, 34, 2));

        assertThatThrownBy(() -> generator(Map.of()).generate(choices(CONTEXT, " A", " B")))
                .isInstanceOf(ModelCallException.class)
                .hasMessage(where() + " answered choice 0 with the tokens ' B' where continuation 0 is ' A'; its"
                        + " log-likelihood would be that of other text");
    }

    @Test
    void theAnswerIsCachedSinceThePromptsLogprobsDoNotDependOnSampling() throws Exception {
        answer(letters());
        OpenAiCompatibleGenerator g = generator(Map.of("temperature", 1.0));

        GenerationResponse first = g.generate(choices(CONTEXT, " A", " B"));
        GenerationResponse second = g.generate(choices(CONTEXT, " A", " B"));

        assertThat(second).isEqualTo(first);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void llamaStackRefusesAChoicesInput() {
        LlamaStackGenerator g = (LlamaStackGenerator) TestEvals.context()
                .generator(
                        LlamaStackGenerator.ID,
                        Map.of("model", MODEL, "base_url", server.url("/").toString(), "cache", "bypass"));

        assertThatThrownBy(() -> g.generate(choices(CONTEXT, " A", " B")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("llama-stack does not score continuations by log-likelihood: whether a stack passes echo"
                        + " and the prompt's log-probabilities on from its provider is not known to evals4j; ask the"
                        + " server behind the stack (vLLM) with openai-compatible");
        assertThat(server.getRequestCount()).isZero();
    }
}
