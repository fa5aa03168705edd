package dev.evals4j.core.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket that spaces requests to at most {@code requestsPerSecond}, allowing {@code burst} at once after
 * a quiet spell; thread-safe.
 *
 * <p>A caller reserves its slot under a lock and waits for it outside the lock, so waiting callers queue in
 * order of arrival and the lock is never held while sleeping.
 */
public final class RateLimiter {
    private final double requestsPerSecond;
    private final int burst;
    private final double nanosPerToken;
    private final TimeSource time;
    private double tokens;
    private long lastRefill;

    private RateLimiter(double requestsPerSecond, int burst, TimeSource time) {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be a number above 0, was " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        this.requestsPerSecond = requestsPerSecond;
        this.burst = burst;
        this.nanosPerToken = 1e9 / requestsPerSecond;
        this.time = Objects.requireNonNull(time, "time");
        this.tokens = burst;
        this.lastRefill = time.nanoTime();
    }

    /** At most {@code requestsPerSecond}, one at a time (a burst of 1), on the system clock. */
    public static RateLimiter perSecond(double requestsPerSecond) {
        return new RateLimiter(requestsPerSecond, 1, TimeSource.system());
    }

    /** At most {@code requestsPerSecond}, with up to {@code burst} at once, on the given clock. */
    public static RateLimiter of(double requestsPerSecond, int burst, TimeSource time) {
        return new RateLimiter(requestsPerSecond, burst, time);
    }

    /** The sustained rate. */
    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    /** How many requests may start at once after a quiet spell. */
    public int burst() {
        return burst;
    }

    /**
     * Waits until the caller may send a request, and takes its slot.
     *
     * @return how long the caller waited
     * @throws InterruptedException when interrupted while waiting; the slot is then lost, which only slows others
     */
    public Duration acquire() throws InterruptedException {
        long waitNanos;
        synchronized (this) {
            long now = time.nanoTime();
            tokens = Math.min(burst, tokens + (now - lastRefill) / nanosPerToken);
            lastRefill = now;
            tokens -= 1;
            waitNanos = tokens >= 0 ? 0 : (long) Math.ceil(-tokens * nanosPerToken);
        }
        Duration wait = Duration.ofNanos(waitNanos);
        time.sleep(wait);
        return wait;
    }

    @Override
    public String toString() {
        return "RateLimiter[" + requestsPerSecond + "/s, burst " + burst + "]";
    }
}
