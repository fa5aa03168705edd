package dev.evals4j.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A model's answer to one request: its text, token log-probabilities when asked for, and token usage. */
public record GenerationResponse(String text, List<TokenLogProbs> logprobs, Optional<Usage> usage) {
    public GenerationResponse {
        Objects.requireNonNull(text, "text");
        logprobs = List.copyOf(logprobs);
        Objects.requireNonNull(usage, "usage");
    }

    /** A response with text only. */
    public static GenerationResponse of(String text) {
        return new GenerationResponse(text, List.of(), Optional.empty());
    }
}
