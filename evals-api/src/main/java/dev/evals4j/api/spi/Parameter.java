package dev.evals4j.api.spi;

import dev.evals4j.api.JsonValues;
import java.util.Objects;
import java.util.Optional;

/**
 * One parameter a plugin accepts: its name (snake_case, as in Llama Stack's parameter objects), its type, what
 * it does, its default when it has one, and, for a number, the range it must be in (checked by
 * {@link Params#resolve}, shown by {@code evals list ID}).
 */
public record Parameter(
        String name,
        ParamType type,
        String description,
        Optional<Object> defaultValue,
        boolean required,
        Optional<Range> range) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(range, "range");
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
        if (range.isPresent()) {
            if (type != ParamType.INTEGER && type != ParamType.NUMBER) {
                throw new IllegalArgumentException(
                        "parameter '" + name + "' is " + type.description() + ": only numbers have a range");
            }
            Range r = range.get();
            defaultValue.ifPresent(v -> {
                if (!r.contains(((Number) v).doubleValue())) {
                    throw new IllegalArgumentException(
                            "default of parameter '" + name + "' must be " + r.describe() + ", was " + v);
                }
            });
        }
    }

    /** A parameter without a range. */
    public Parameter(String name, ParamType type, String description, Optional<Object> defaultValue, boolean required) {
        this(name, type, description, defaultValue, required, Optional.empty());
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

    /**
     * This numeric parameter, accepting only values from {@code min} to {@code max}, both included.
     *
     * @throws IllegalArgumentException when the parameter is not a number, or its default is out of the range
     */
    public Parameter range(double min, double max) {
        return new Parameter(name, type, description, defaultValue, required, Optional.of(new Range(min, max)));
    }

    /** This numeric parameter, accepting only values of at least {@code min}; see {@link #range(double, double)}. */
    public Parameter atLeast(double min) {
        return range(min, Double.POSITIVE_INFINITY);
    }

    /**
     * The values a numeric parameter accepts: from {@code min} to {@code max}, both included; an end may be
     * infinite.
     */
    public record Range(double min, double max) {
        public Range {
            if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("a range needs min <= max, was " + min + " to " + max);
            }
        }

        /** Whether a value is in the range (NaN never is). */
        public boolean contains(double value) {
            return value >= min && value <= max;
        }

        /** The range in words: {@code from 1 to 10}, {@code at least 0} or {@code at most 5}. */
        public String describe() {
            if (max == Double.POSITIVE_INFINITY) {
                return min == Double.NEGATIVE_INFINITY ? "a number" : "at least " + number(min);
            }
            if (min == Double.NEGATIVE_INFINITY) {
                return "at most " + number(max);
            }
            return "from " + number(min) + " to " + number(max);
        }

        private static String number(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
