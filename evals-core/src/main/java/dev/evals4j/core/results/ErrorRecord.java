package dev.evals4j.core.results;

import java.util.Objects;

/**
 * What went wrong: the exception's simple class name and its message.
 *
 * @param type such as {@code ModelCallException}
 * @param message the message users read
 */
public record ErrorRecord(String type, String message) {
    public ErrorRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    /** The record of an exception. */
    public static ErrorRecord of(Throwable e) {
        return new ErrorRecord(e.getClass().getSimpleName(), e.getMessage() == null ? e.toString() : e.getMessage());
    }
}
