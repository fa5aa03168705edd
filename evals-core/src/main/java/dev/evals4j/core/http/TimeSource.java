package dev.evals4j.core.http;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock and the sleeper of the HTTP layer, replaceable so that tests of retries and rate limits run without
 * waiting: a fake advances its clock when asked to sleep.
 */
public interface TimeSource {

    /** A monotonic time in nanoseconds, for intervals only (as {@link System#nanoTime()}). */
    long nanoTime();

    /** The wall-clock time, for HTTP dates such as a {@code Retry-After} date. */
    Instant now();

    /**
     * Waits for a duration; zero or negative returns at once.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /** The system's clocks and {@link Thread#sleep}. */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}
