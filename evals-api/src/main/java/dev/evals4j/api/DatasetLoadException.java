package dev.evals4j.api;

import org.jspecify.annotations.Nullable;

/** A dataset that cannot be read: a missing file, an unreachable URL, a malformed row, a missing column. */
public class DatasetLoadException extends EvalException {
    public DatasetLoadException(String message) {
        super(message);
    }

    public DatasetLoadException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
