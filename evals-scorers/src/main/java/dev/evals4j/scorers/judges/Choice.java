package dev.evals4j.scorers.judges;

import java.util.List;
import java.util.Objects;

/**
 * One answer a judge may choose, such as {@code A} or {@code Y}, with the words that mean it ({@code YES},
 * {@code CORRECT}); aliases are written in upper case with {@code _} between words.
 */
record Choice(String key, List<String> aliases) {
    Choice {
        Objects.requireNonNull(key, "key");
        aliases = List.copyOf(aliases);
    }

    static Choice of(String key, String... aliases) {
        return new Choice(key, List.of(aliases));
    }
}
