package dev.evals4j.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A flag that asks a run to stop: no new samples start, those in flight finish and are kept. A run that is
 * {@linkplain #interrupt interrupted} (the process is asked to end, by SIGINT or SIGTERM) waits for them only for a
 * grace period, and ends with the status {@code interrupted}. Thread-safe.
 */
public final class Cancellation {
    private volatile @Nullable String reason;
    private volatile @Nullable Duration grace;

    /** Asks the run to stop, saying why. */
    public void cancel(@Nullable String why) {
        stop(why, null);
    }

    /**
     * Asks the run to stop because the process is ending: samples in flight get at most {@code grace} to finish;
     * those still running then are left out (a resume runs them again).
     */
    public void interrupt(@Nullable String why, Duration grace) {
        stop(why, Objects.requireNonNull(grace, "grace"));
    }

    private synchronized void stop(@Nullable String why, @Nullable Duration within) {
        if (reason == null) {
            grace = within;
            reason = why == null || why.isBlank() ? "cancelled" : why;
        }
    }

    /** Whether the run was asked to stop. */
    public boolean isCancelled() {
        return reason != null;
    }

    /** Whether the run was asked to stop because the process is ending. */
    public boolean isInterrupted() {
        return reason != null && grace != null;
    }

    /** How long samples in flight may take to finish, when the run was interrupted. */
    public Optional<Duration> grace() {
        return Optional.ofNullable(grace);
    }

    /** Why the run was asked to stop, when it was. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}
