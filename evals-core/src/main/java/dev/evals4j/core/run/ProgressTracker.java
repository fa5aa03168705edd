package dev.evals4j.core.run;

import dev.evals4j.api.Progress;
import dev.evals4j.api.ProgressListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts finished and failed samples and sends a {@link Progress} snapshot at most every 200 ms, with the rate
 * over the whole run. Thread-safe.
 */
final class ProgressTracker {
    private static final long INTERVAL_NANOS = 200_000_000L;

    private final String task;
    private final ProgressListener listener;
    /** The evaluations of the run, -1 until known (counted while the run starts). */
    private volatile long total;

    private final long start = System.nanoTime();
    private final long alreadyDone;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lastEmit = new AtomicLong(start - INTERVAL_NANOS);

    ProgressTracker(String task, ProgressListener listener, long total, long alreadyDone) {
        this.task = task;
        this.listener = listener;
        this.total = total;
        this.alreadyDone = alreadyDone;
        done.set(alreadyDone);
    }

    /** Sets the number of evaluations, once counted. */
    void total(long evaluations) {
        total = evaluations;
    }

    void finished(boolean failed) {
        done.incrementAndGet();
        if (failed) {
            errors.incrementAndGet();
        }
        long now = System.nanoTime();
        long last = lastEmit.get();
        if (now - last >= INTERVAL_NANOS && lastEmit.compareAndSet(last, now)) {
            emit(now);
        }
    }

    void emitFinal() {
        emit(System.nanoTime());
    }

    private void emit(long now) {
        if (listener == ProgressListener.NONE) {
            return;
        }
        long elapsed = Math.max(1, now - start);
        double rate = (done.get() - alreadyDone) / (elapsed / 1e9);
        listener.onProgress(
                new Progress(task, "samples", done.get(), total, errors.get(), rate, Duration.ofNanos(elapsed)));
    }
}
