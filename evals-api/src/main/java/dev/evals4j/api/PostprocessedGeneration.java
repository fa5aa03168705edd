package dev.evals4j.api;

import java.util.List;
import java.util.Objects;

/** The model's full answer as the scorers see it beside the extracted {@code generated_answer}. */
public record PostprocessedGeneration(String completionMessage, List<TokenLogProbs> logprobs) {
    public PostprocessedGeneration {
        Objects.requireNonNull(completionMessage, "completionMessage");
        logprobs = List.copyOf(logprobs);
    }
}
