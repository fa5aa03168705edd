package dev.evals4j.api.spi;

import java.util.Objects;

/**
 * One named protocol of a task, such as MMLU-Pro's {@code published} (the authors' scorer) or {@code harness}
 * (lm-evaluation-harness's), with one line that says what it does.
 */
public record TaskVariant(String name, String description) {
    public TaskVariant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z0-9][a-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "a variant name is lower case letters, digits and '_', such as published; was '" + name + "'");
        }
    }
}
