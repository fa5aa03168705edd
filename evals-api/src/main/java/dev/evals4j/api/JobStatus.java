package dev.evals4j.api;

import java.util.Locale;

/** Where a background run is, with Llama Stack's status names. */
public enum JobStatus {
    SCHEDULED,
    IN_PROGRESS,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** The name on the wire and on disk, such as {@code in_progress}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status for a wire name. */
    public static JobStatus fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Whether the job will not change any more (unless resumed). */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
