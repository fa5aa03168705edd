package dev.evals4j.core.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret values this process has read — API keys, the Hub token — so that everything evals4j writes or prints
 * can be scrubbed of them: a server may echo a key in an error body or even in an answer, and that text would
 * otherwise reach a log line, a message, the journal, the response cache or a job file. A value is registered
 * where it is read (from an instance's environment or a builder); values shorter than {@link #MIN_LENGTH} are not
 * scrubbed, so that a short test value cannot garble ordinary text. Thread-safe; see
 * {@code docs/decisions/010-secret-scrubbing.md}.
 */
public final class KnownSecrets {
    /** The shortest value scrubbed. */
    public static final int MIN_LENGTH = 8;

    /** What a secret is replaced by. */
    public static final String MASK = "***";

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static volatile List<String> snapshot = List.of();

    private KnownSecrets() {}

    /** Registers a secret value (and, for {@code Bearer <token>}, the token); returns it. */
    public static String add(String secret) {
        String value = secret.strip();
        if (value.length() >= MIN_LENGTH && SECRETS.add(value)) {
            // longest first, so that a secret containing another is replaced whole
            snapshot = SECRETS.stream()
                    .sorted((a, b) -> Integer.compare(b.length(), a.length()))
                    .toList();
        }
        return secret;
    }

    /** The text with every known secret replaced by {@code ***}; the same object when it holds none. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : snapshot) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    /** Whether any secret is registered (writers can skip scrubbing otherwise). */
    public static boolean any() {
        return !snapshot.isEmpty();
    }
}
