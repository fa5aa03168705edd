package dev.evals4j.core.http;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how long a {@link Retrier} waits before trying a failed request again (model calls, embeddings, the
 * Hugging Face Hub).
 *
 * <p>Without a delay from the server, the wait before retry {@code n} (from 0) is
 * {@code b = min(initialBackoff * 2^n, maxBackoff)}, of which the share {@code jitter} is random:
 * {@code b * (1 - jitter * r)} with {@code r} uniform in {@code [0, 1)}. A {@code jitter} of 1 is "full jitter"
 * (anything from 0 to {@code b}), which spreads many workers that failed together best; 0 is no jitter. A delay
 * the server asks for ({@link Retrier#serverDelay}) is waited as given when it is at most
 * {@code maxRetryAfter}; a longer one fails the call at once instead of blocking a worker.
 *
 * @param maxRetries how many times a request is sent again after its first attempt (0 = never)
 * @param initialBackoff the wait before the first retry, before jitter
 * @param maxBackoff the longest computed wait, before jitter
 * @param jitter the random share of a computed wait, from 0 (none) to 1 (full jitter)
 * @param maxRetryAfter the longest delay asked for by a server that is honoured
 */
public record RetryPolicy(
        int maxRetries, Duration initialBackoff, Duration maxBackoff, double jitter, Duration maxRetryAfter) {
    /** Three retries, 0.5 s doubling up to 8 s, half of it random, server delays up to 60 s. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(8), 0.5, Duration.ofSeconds(60));

    /** No retries. */
    public static final RetryPolicy NONE = DEFAULT.withMaxRetries(0);

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be at least 0, was " + maxRetries);
        }
        requireNotNegative(Objects.requireNonNull(initialBackoff, "initialBackoff"), "initialBackoff");
        requireNotNegative(Objects.requireNonNull(maxBackoff, "maxBackoff"), "maxBackoff");
        requireNotNegative(Objects.requireNonNull(maxRetryAfter, "maxRetryAfter"), "maxRetryAfter");
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be from 0 to 1, was " + jitter);
        }
    }

    private static void requireNotNegative(Duration d, String name) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }

    /** This policy with another number of retries. */
    public RetryPolicy withMaxRetries(int retries) {
        return new RetryPolicy(retries, initialBackoff, maxBackoff, jitter, maxRetryAfter);
    }

    /** This policy with another random share of the computed wait. */
    public RetryPolicy withJitter(double share) {
        return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, share, maxRetryAfter);
    }

    /** This policy with another cap on the delays servers ask for. */
    public RetryPolicy withMaxRetryAfter(Duration cap) {
        return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, jitter, cap);
    }

    /**
     * The computed wait before retry {@code retry} (from 0).
     *
     * @param random a number in {@code [0, 1)}
     */
    public Duration backoff(int retry, double random) {
        long initial = initialBackoff.toNanos();
        long cap = maxBackoff.toNanos();
        long base = cap;
        if (retry < 62 && initial > 0 && initial <= cap >> Math.min(retry, 62)) {
            base = Math.min(cap, initial << retry);
        } else if (initial == 0) {
            base = 0;
        }
        return Duration.ofNanos((long) (base * (1 - jitter * random)));
    }
}
