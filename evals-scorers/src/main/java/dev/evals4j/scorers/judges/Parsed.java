package dev.evals4j.scorers.judges;

import java.util.Objects;
import java.util.Optional;

/**
 * What was read from one judge answer: the verdict, or why none could be read.
 *
 * @param value the verdict, when it could be read
 * @param problem why no verdict could be read; empty when there is a value
 */
record Parsed<T>(Optional<T> value, String problem) {
    Parsed {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(problem, "problem");
    }

    static <T> Parsed<T> of(T value) {
        return new Parsed<>(Optional.of(value), "");
    }

    static <T> Parsed<T> failure(String problem) {
        return new Parsed<>(Optional.empty(), problem);
    }
}
