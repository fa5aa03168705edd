package dev.evals4j.api.spi;

import dev.evals4j.api.JsonValues;
import java.util.Objects;
import java.util.Optional;

/**
 * One parameter a plugin accepts: its name (snake_case, as in Llama Stack's parameter objects), its type, what
 * it does, and its default when it has one.
 */
public record Parameter(
        String name, ParamType type, String description, Optional<Object> defaultValue, boolean required) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        defaultValue = defaultValue.map(JsonValues::copyValue);
        if (required && defaultValue.isPresent()) {
            throw new IllegalArgumentException("parameter '" + name + "' cannot be both required and defaulted");
        }
        defaultValue.ifPresent(v -> {
            if (!type.accepts(v)) {
                throw new IllegalArgumentException(
                        "default of parameter '" + name + "' must be " + type.description() + ", was " + v);
            }
        });
    }

    /** An optional parameter without a default. */
    public static Parameter optional(String name, ParamType type, String description) {
        return new Parameter(name, type, description, Optional.empty(), false);
    }

    /** An optional parameter with a default value. */
    public static Parameter withDefault(String name, ParamType type, String description, Object defaultValue) {
        return new Parameter(name, type, description, Optional.of(defaultValue), false);
    }

    /** A parameter that must be given. */
    public static Parameter required(String name, ParamType type, String description) {
        return new Parameter(name, type, description, Optional.empty(), true);
    }
}
