package dev.evals4j.api;

import org.jspecify.annotations.Nullable;

/** A call to a model server that failed; {@link #retriable()} says whether trying again may help. */
public class ModelCallException extends EvalException {
    private final boolean retriable;
    private final int statusCode;

    /**
     * Creates the exception.
     *
     * @param statusCode the HTTP status, or 0 when no response was received
     */
    public ModelCallException(String message, boolean retriable, int statusCode, @Nullable Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
        this.statusCode = statusCode;
    }

    /** Whether the same request may succeed when sent again (timeouts, 408, 429, 5xx, connection errors). */
    public boolean retriable() {
        return retriable;
    }

    /** The HTTP status of the failed response, or 0 when there was none. */
    public int statusCode() {
        return statusCode;
    }
}
