package dev.evals4j.junit.server;

import java.util.OptionalDouble;

/**
 * The log-probability the fake model gives a token after a text, for the log-probabilities of completions
 * ({@code logprobs} on {@code /v1/completions}): the tokens of an echoed prompt and the generated ones. Lets a test
 * decide which continuation a log-likelihood task finds likeliest. Called from many threads at once: implementations
 * must be thread-safe.
 *
 * <pre>{@code
 * FakeModelServer.builder()
 *         .likelihood((before, token) -> before.endsWith("Answer:")
 *                 ? OptionalDouble.of(token.equals(" B") ? -0.2 : -2.5)
 *                 : OptionalDouble.empty())
 *         .start();
 * }</pre>
 *
 * <p>The token is reported as the most likely at its position (first in {@code top_logprobs}), whatever its
 * log-probability.
 */
@FunctionalInterface
public interface Likelihood {
    /** Says nothing: every token gets the server's made-up log-probability. */
    Likelihood NONE = (before, token) -> OptionalDouble.empty();

    /**
     * The log-probability of {@code token} after {@code before} (the text the server has seen before it: the echoed
     * prompt's start, or the prompt and the tokens generated so far), or empty for the made-up default.
     */
    OptionalDouble logprob(String before, String token);
}
