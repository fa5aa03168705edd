package dev.evals4j.api;

import java.util.Objects;

/** One chat message: a role ({@code system}, {@code user}, {@code assistant}, …) and its text. */
public record Message(String role, String content) {
    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** A {@code system} message. */
    public static Message system(String content) {
        return new Message("system", content);
    }

    /** A {@code user} message. */
    public static Message user(String content) {
        return new Message("user", content);
    }

    /** An {@code assistant} message. */
    public static Message assistant(String content) {
        return new Message("assistant", content);
    }
}
