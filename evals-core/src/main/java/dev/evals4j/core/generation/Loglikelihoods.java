package dev.evals4j.core.generation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.LogLikelihood;
import dev.evals4j.core.text.PyText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the continuations' log-likelihoods of a {@link GenerationInput.Choices} from the answer of
 * {@code /completions} to one request with a list of prompts ({@code context + continuation} each), {@code echo} and
 * {@code logprobs}: one choice per prompt, in {@code index} order, each with the legacy {@code tokens},
 * {@code token_logprobs}, {@code top_logprobs} and {@code text_offset} of the prompt and then of the generated tokens.
 *
 * <p>A continuation's tokens are the prompt's last tokens that cover it, measured back from the end of the prompt:
 * the prompt ends where the first generated token starts (its {@code text_offset}), and the continuation starts as
 * many characters (code points, as Python counts) before that as it has. Measuring from the end, not from
 * {@code text_offset} 0, matters: vLLM counts the text of a beginning-of-sequence token ({@code <s>},
 * {@code <|begin_of_text|>}) in the offsets, which the prompt does not have. The context's trailing whitespace belongs
 * to the continuation, as lm-evaluation-harness moves it there; a token that spans the end of the context and the
 * start of the continuation fails the call, since its log-probability belongs to neither alone.
 */
final class Loglikelihoods {
    private Loglikelihoods() {}

    /** What a server that cannot score continuations is told to be; the end of every such message. */
    static final String NEEDS = "scoring continuations by log-likelihood needs a /completions endpoint that echoes the"
            + " prompt with its log-probabilities (echo with logprobs), as vLLM's does; llama.cpp, Ollama and TGI do"
            + " not, OpenAI only for davinci-002 and babbage-002";

    /**
     * The answer's log-likelihoods.
     *
     * @param generated how many tokens the server generated after each prompt (the request's {@code max_tokens}, 0
     *     or 1), which follow the prompt's tokens in each choice
     */
    static GenerationResponse read(String where, String body, GenerationInput.Choices input, int generated) {
        JsonNode root = OpenAiProtocol.read(where, body);
        JsonNode array = root.get("choices");
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new BadAnswer(
                    BadAnswer.UNREADABLE, where + " answered without choices: " + OpenAiProtocol.shorten(body), null);
        }
        int n = input.continuations().size();
        if (array.size() != n) {
            throw new BadAnswer(
                    BadAnswer.NO_PROMPT_LOGPROBS,
                    where + " answered " + array.size() + (array.size() == 1 ? " choice" : " choices") + " to " + n
                            + " prompts (one per continuation); " + NEEDS + ", and one choice per prompt of a list",
                    null);
        }
        List<JsonNode> choices = new ArrayList<>();
        array.forEach(choices::add);
        choices.sort(Comparator.comparingInt(c -> c.path("index").asInt(-1)));
        List<LogLikelihood> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode choice = choices.get(i);
            if (choice.path("index").asInt(-1) != i) {
                throw new BadAnswer(
                        BadAnswer.UNREADABLE,
                        where + " answered " + n + " choices whose indexes are not 0 to " + (n - 1) + ": "
                                + OpenAiProtocol.shorten(body),
                        null);
            }
            out.add(continuation(where, input, i, choice, generated));
        }
        return GenerationResponse.ofLoglikelihoods(out, OpenAiProtocol.usage(root));
    }

    private static LogLikelihood continuation(
            String where, GenerationInput.Choices input, int i, JsonNode choice, int generated) {
        JsonNode lp = choice.get("logprobs");
        JsonNode tokens = lp == null ? null : lp.get("tokens");
        JsonNode logprobs = lp == null ? null : lp.get("token_logprobs");
        if (tokens == null || !tokens.isArray() || logprobs == null || !logprobs.isArray()) {
            String what = lp == null || lp.isNull()
                    ? "no logprobs"
                    : lp.has("content")
                            ? "log-probabilities of the generated tokens only (logprobs.content)"
                            : "no logprobs.tokens and logprobs.token_logprobs";
            throw new BadAnswer(
                    BadAnswer.NO_PROMPT_LOGPROBS,
                    where + " answered without the prompt's log-probabilities (choice " + i + " has " + what + "); "
                            + NEEDS,
                    null);
        }
        int count = tokens.size();
        if (logprobs.size() != count) {
            throw new BadAnswer(
                    BadAnswer.UNREADABLE,
                    where + " answered choice " + i + " with " + count + " logprobs.tokens but " + logprobs.size()
                            + " logprobs.token_logprobs",
                    null);
        }
        int promptTokens = count - generated;
        if (promptTokens < 2) {
            throw new BadAnswer(
                    BadAnswer.NO_PROMPT_LOGPROBS,
                    where + " answered without the prompt's log-probabilities (choice " + i + " has log-probabilities"
                            + " for " + count + (count == 1 ? " token" : " tokens") + ", and generated " + generated
                            + ": the prompt was not echoed); " + NEEDS,
                    null);
        }
        long[] start = starts(lp, tokens);
        String prompt = input.prompt(i);
        String scored = prompt.substring(PyText.rstrip(input.context()).length());
        long from = start[promptTokens] - scored.codePointCount(0, scored.length());
        int first = -1;
        for (int j = promptTokens - 1; j >= 0 && start[j] >= from; j--) {
            if (start[j] == from) {
                first = j;
            }
        }
        if (first < 1) {
            String spanning = "";
            for (int j = 0; j < promptTokens; j++) {
                if (start[j] < from && from < start[j + 1]) {
                    spanning = "the token " + quote(tokens.get(j).asText("")) + " spans them";
                }
            }
            throw new BadAnswer(
                    BadAnswer.UNREADABLE,
                    where + " answered choice " + i + " with tokens that do not divide the context from continuation "
                            + i + " (" + quote(input.continuations().get(i)) + ")"
                            + (spanning.isEmpty() ? "" : ": " + spanning)
                            + "; its log-likelihood would be that of other text",
                    null);
        }
        StringBuilder spelled = new StringBuilder();
        for (int j = first; j < promptTokens; j++) {
            spelled.append(tokens.get(j).asText(""));
        }
        if (!spelled.toString().equals(scored)) {
            // the offsets line up but the tokens are other text: a generated token the answer left out, or a
            // tokenizer whose tokens do not decode one by one
            throw new BadAnswer(
                    BadAnswer.UNREADABLE,
                    where + " answered choice " + i + " with the tokens " + quote(spelled.toString())
                            + " where continuation " + i + " is " + quote(scored)
                            + "; its log-likelihood would be that of other text",
                    null);
        }
        JsonNode top = lp.get("top_logprobs");
        boolean knowsGreedy = top != null && top.isArray() && top.size() == count;
        boolean greedy = true;
        double sum = 0;
        for (int j = first; j < promptTokens; j++) {
            JsonNode value = logprobs.get(j);
            if (value == null || !value.isNumber()) {
                throw new BadAnswer(
                        BadAnswer.NO_PROMPT_LOGPROBS,
                        where + " answered choice " + i + " without a log-probability for the prompt's token "
                                + quote(tokens.get(j).asText("")) + " (position " + j + "); " + NEEDS,
                        null);
            }
            double logprob = value.asDouble();
            sum += logprob;
            if (knowsGreedy) {
                JsonNode alternatives = top.get(j);
                if (alternatives == null || !alternatives.isObject() || alternatives.isEmpty()) {
                    knowsGreedy = false;
                } else {
                    double best = Double.NEGATIVE_INFINITY;
                    for (JsonNode a : alternatives) {
                        best = Math.max(best, a.asDouble(Double.NEGATIVE_INFINITY));
                    }
                    greedy &= logprob == best;
                }
            }
        }
        return new LogLikelihood(sum, promptTokens - first, knowsGreedy ? Optional.of(greedy) : Optional.empty());
    }

    /**
     * Where each token starts, and after the last where the text ends: the answer's {@code text_offset} when it has
     * one per token, else the tokens' lengths added up.
     */
    private static long[] starts(JsonNode lp, JsonNode tokens) {
        int count = tokens.size();
        long[] start = new long[count + 1];
        JsonNode offsets = lp.get("text_offset");
        boolean given = offsets != null && offsets.isArray() && offsets.size() == count;
        for (int j = 0; j < count; j++) {
            if (given) {
                start[j] = offsets.get(j).asLong();
            } else if (j > 0) {
                start[j] = start[j - 1] + codePoints(tokens.get(j - 1));
            }
        }
        if (count > 0) {
            start[count] = start[count - 1] + codePoints(tokens.get(count - 1));
        }
        return start;
    }

    /** A token's length as Python counts it, in code points. */
    private static int codePoints(JsonNode token) {
        String text = token.asText("");
        return text.codePointCount(0, text.length());
    }

    private static String quote(String token) {
        return "'" + token.replace("\n", "\\n") + "'";
    }
}
