package dev.evals4j.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a long task's progress — samples of a run, or bytes of a download — for {@link ProgressListener}s.
 *
 * @param task what is progressing, such as a run's output folder or a file being downloaded
 * @param unit what is counted: {@code samples} or {@code bytes}
 * @param done how many are done
 * @param total how many there are, or -1 when unknown
 * @param errors how many failed (samples), 0 for downloads
 * @param ratePerSecond the recent rate, in units per second
 * @param elapsed the time since the task started
 */
public record Progress(
        String task, String unit, long done, long total, long errors, double ratePerSecond, Duration elapsed) {
    public Progress {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** The estimated time left, when the total is known and the rate is positive. */
    public Optional<Duration> eta() {
        if (total < 0 || ratePerSecond <= 0 || done >= total) {
            return total >= 0 && done >= total ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((total - done) / ratePerSecond * 1000)));
    }
}
