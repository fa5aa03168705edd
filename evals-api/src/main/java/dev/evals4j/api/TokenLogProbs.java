package dev.evals4j.api;

import java.util.Map;
import java.util.Objects;

/**
 * The log-probability of one generated token, with the most likely alternatives at that position when the
 * server returned them ({@code top_logprobs}).
 */
public record TokenLogProbs(String token, double logprob, Map<String, Double> topLogprobs) {
    public TokenLogProbs {
        Objects.requireNonNull(token, "token");
        topLogprobs = Map.copyOf(topLogprobs);
    }
}
