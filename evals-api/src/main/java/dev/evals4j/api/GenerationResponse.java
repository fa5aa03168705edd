package dev.evals4j.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's answer to one request: its text, the token log-probabilities when asked for, token usage, why it
 * stopped, the other answers when several were asked for ({@code n > 1}), the prompt's token
 * log-probabilities when the server echoed the prompt, and the continuations' log-likelihoods when the request was a
 * {@link GenerationInput.Choices}.
 *
 * @param text the (first) answer's text
 * @param logprobs the answer's tokens with their log-probabilities; empty unless asked for
 * @param usage token counts, when the server reported them
 * @param finishReason why generation stopped ({@code stop}, {@code length}, …), when reported
 * @param additionalTexts the texts of the second and later choices when {@code n > 1}
 * @param promptLogprobs the prompt's tokens with their log-probabilities (completions with {@code echo}); the first
 *     token has none and is left out
 * @param loglikelihoods one per continuation of a {@link GenerationInput.Choices}, in its order; empty for other
 *     requests (the text is then empty)
 */
public record GenerationResponse(
        String text,
        List<TokenLogProbs> logprobs,
        Optional<Usage> usage,
        Optional<String> finishReason,
        List<String> additionalTexts,
        List<TokenLogProbs> promptLogprobs,
        List<LogLikelihood> loglikelihoods) {
    public GenerationResponse {
        Objects.requireNonNull(text, "text");
        logprobs = List.copyOf(logprobs);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(finishReason, "finishReason");
        additionalTexts = List.copyOf(additionalTexts);
        promptLogprobs = List.copyOf(promptLogprobs);
        loglikelihoods = List.copyOf(loglikelihoods);
    }

    /** A response to a generation request (chat messages or a prompt): no log-likelihoods. */
    public GenerationResponse(
            String text,
            List<TokenLogProbs> logprobs,
            Optional<Usage> usage,
            Optional<String> finishReason,
            List<String> additionalTexts,
            List<TokenLogProbs> promptLogprobs) {
        this(text, logprobs, usage, finishReason, additionalTexts, promptLogprobs, List.of());
    }

    /** A response with text, log-probabilities and usage only. */
    public GenerationResponse(String text, List<TokenLogProbs> logprobs, Optional<Usage> usage) {
        this(text, logprobs, usage, Optional.empty(), List.of(), List.of());
    }

    /** A response with text only. */
    public static GenerationResponse of(String text) {
        return new GenerationResponse(text, List.of(), Optional.empty());
    }

    /**
     * The answer to a {@link GenerationInput.Choices}: one log-likelihood per continuation, in the input's order, and
     * no text.
     */
    public static GenerationResponse ofLoglikelihoods(List<LogLikelihood> loglikelihoods, Optional<Usage> usage) {
        if (loglikelihoods.isEmpty()) {
            throw new IllegalArgumentException("a response to a choices input needs at least one log-likelihood");
        }
        return new GenerationResponse("", List.of(), usage, Optional.empty(), List.of(), List.of(), loglikelihoods);
    }

    /** Every answer's text: the first one, then the additional ones. */
    public List<String> texts() {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(1 + additionalTexts.size());
        all.add(text);
        all.addAll(additionalTexts);
        return List.copyOf(all);
    }
}
