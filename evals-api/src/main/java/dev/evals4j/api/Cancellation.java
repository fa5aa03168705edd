package dev.evals4j.api;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A flag that asks a run to stop: samples in flight finish and are kept, no new ones start. Thread-safe. */
public final class Cancellation {
    private volatile @Nullable String reason;

    /** Asks the run to stop, saying why. */
    public void cancel(@Nullable String why) {
        if (reason == null) {
            reason = why == null || why.isBlank() ? "cancelled" : why;
        }
    }

    /** Whether the run was asked to stop. */
    public boolean isCancelled() {
        return reason != null;
    }

    /** Why the run was asked to stop, when it was. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}
