package dev.evals4j.api;

import org.jspecify.annotations.Nullable;

/** The root of every exception that evals4j throws on purpose; its message says what to fix. */
public class EvalException extends RuntimeException {
    public EvalException(String message) {
        super(message);
    }

    public EvalException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
