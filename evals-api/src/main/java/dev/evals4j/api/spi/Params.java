package dev.evals4j.api.spi;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The immutable parameters of one use of a plugin, already checked against the plugin's {@link Parameter}s and
 * completed with their defaults.
 */
public record Params(Map<String, @Nullable Object> values) {
    /** No parameters. */
    public static final Params EMPTY = new Params(Map.of());

    public Params {
        values = JsonValues.copyRow(Objects.requireNonNull(values, "values"));
    }

    /**
     * Checks the given values against a plugin's parameters and fills in the defaults.
     *
     * @throws ConfigurationException for an unknown name, a value of the wrong type or out of its range, or a
     *     missing required value; the message names the plugin and the parameter and lists the accepted ones
     */
    public static Params resolve(
            String pluginId, List<Parameter> accepted, Map<String, ? extends @Nullable Object> given) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : accepted) {
            byName.put(p.name(), p);
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            Parameter p = byName.get(e.getKey());
            if (p == null) {
                throw new ConfigurationException(
                        "unknown parameter '" + e.getKey() + "' for " + pluginId + "; " + acceptedList(accepted));
            }
            Object value = e.getValue();
            if (!p.type().accepts(value)) {
                throw new ConfigurationException("parameter '" + p.name() + "' of " + pluginId + " must be "
                        + p.type().description() + ", was " + ParamType.describe(value) + " ("
                        + JsonValues.toJson(value) + "); " + acceptedList(accepted));
            }
            if (p.range().isPresent() && !p.range().get().contains(((Number) value).doubleValue())) {
                throw new ConfigurationException("parameter '" + p.name() + "' of " + pluginId + " must be "
                        + p.range().get().describe() + ", was " + JsonValues.toJson(value));
            }
            resolved.put(p.name(), value);
        }
        List<String> missing = new ArrayList<>();
        for (Parameter p : accepted) {
            if (!resolved.containsKey(p.name())) {
                if (p.required()) {
                    missing.add(p.name());
                } else {
                    p.defaultValue().ifPresent(v -> resolved.put(p.name(), v));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException(pluginId + " needs the parameter" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; " + acceptedList(accepted));
        }
        return new Params(resolved);
    }

    private static String acceptedList(List<Parameter> accepted) {
        if (accepted.isEmpty()) {
            return "it accepts no parameters";
        }
        List<String> names = new ArrayList<>();
        for (Parameter p : accepted) {
            names.add(p.name() + " (" + p.type().description() + ")");
        }
        return "accepted: " + String.join(", ", names);
    }

    /** Whether a value is set, by the caller or by a default. */
    public boolean has(String name) {
        return values.containsKey(name) && values.get(name) != null;
    }

    /** The raw value. */
    public Optional<Object> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A string value. */
    public Optional<String> string(String name) {
        return get(name).map(String.class::cast);
    }

    /** A boolean value, or the fallback when unset. */
    public boolean bool(String name, boolean fallback) {
        return get(name).map(Boolean.class::cast).orElse(fallback);
    }

    /** A numeric value, or the fallback when unset. */
    public double number(String name, double fallback) {
        return get(name).map(v -> ((Number) v).doubleValue()).orElse(fallback);
    }

    /** An integer value, or the fallback when unset. */
    public long integer(String name, long fallback) {
        return get(name).map(v -> ((Number) v).longValue()).orElse(fallback);
    }

    /** A list of strings, or an empty list when unset. */
    public List<String> strings(String name) {
        return get(name)
                .map(v -> {
                    List<String> out = new ArrayList<>();
                    for (Object o : (List<?>) v) {
                        out.add((String) o);
                    }
                    return List.copyOf(out);
                })
                .orElse(List.of());
    }
}
