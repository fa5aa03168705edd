package dev.evals4j.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The log-likelihood of one continuation of a {@link GenerationInput.Choices}: the sum of the log-probabilities of its
 * tokens after the context, as lm-evaluation-harness's {@code loglikelihood} returns it.
 *
 * @param logprob the sum of the continuation's token log-probabilities (natural logarithm; 0 or below)
 * @param tokens how many tokens the continuation had in the model's tokenization; at least 1
 * @param greedy whether each of those tokens was the model's most likely token at its position (the harness's
 *     {@code is_greedy}); empty when the server did not say
 */
public record LogLikelihood(double logprob, int tokens, Optional<Boolean> greedy) {
    public LogLikelihood {
        if (Double.isNaN(logprob)) {
            throw new IllegalArgumentException("logprob must be a number, was NaN");
        }
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be at least 1, was " + tokens);
        }
        Objects.requireNonNull(greedy, "greedy");
    }
}
