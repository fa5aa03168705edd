package dev.evals4j.core.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TimeSource} that never waits: {@code sleep} records the duration and (unless frozen) advances the
 * clock, and can run an action, such as starting a server, on each sleep.
 */
final class FakeTime implements TimeSource {
    private final boolean advanceOnSleep;
    private final List<Duration> sleeps = new ArrayList<>();
    private long nanos;
    private Instant wallStart = Instant.parse("2026-05-04T10:15:30Z");
    private Runnable onSleep = () -> {};

    FakeTime() {
        this(true);
    }

    FakeTime(boolean advanceOnSleep) {
        this.advanceOnSleep = advanceOnSleep;
    }

    FakeTime onSleep(Runnable action) {
        this.onSleep = action;
        return this;
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    synchronized void advance(Duration d) {
        nanos += d.toNanos();
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return wallStart.plusNanos(nanos);
    }

    @Override
    public void sleep(Duration duration) {
        synchronized (this) {
            if (duration.isZero() || duration.isNegative()) {
                return;
            }
            sleeps.add(duration);
            if (advanceOnSleep) {
                nanos += duration.toNanos();
            }
        }
        onSleep.run();
    }
}
