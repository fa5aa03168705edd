package dev.evals4j.api.spi;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The JSON type of a plugin parameter's value. */
public enum ParamType {
    STRING("a string"),
    BOOLEAN("a boolean"),
    INTEGER("an integer"),
    NUMBER("a number"),
    STRING_LIST("a list of strings"),
    JSON("any JSON value");

    private final String description;

    ParamType(String description) {
        this.description = description;
    }

    /** How the type reads in a message, such as {@code a boolean}. */
    public String description() {
        return description;
    }

    /** Whether a value (already in its JSON type) is of this type. */
    public boolean accepts(@Nullable Object value) {
        return switch (this) {
            case STRING -> value instanceof String;
            case BOOLEAN -> value instanceof Boolean;
            case INTEGER -> value instanceof Integer
                    || value instanceof Long
                    || value instanceof Short
                    || value instanceof java.math.BigInteger;
            case NUMBER -> value instanceof Number;
            case STRING_LIST -> value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
            case JSON -> value == null
                    || value instanceof String
                    || value instanceof Number
                    || value instanceof Boolean
                    || value instanceof List<?>
                    || value instanceof Map<?, ?>;
        };
    }

    /** How a value's type reads in a message, such as {@code a string}. */
    public static String describe(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
