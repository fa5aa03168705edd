package dev.evals4j.server.internal;

import dev.evals4j.api.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A JSON object of a request, read field by field: a missing or mistyped field is a 400 whose message names the
 * field by its path in the request ({@code benchmark_config.eval_candidate.model}).
 */
public final class Body {
    private final Map<String, @Nullable Object> map;
    private final String path;

    private Body(Map<String, @Nullable Object> map, String path) {
        this.map = map;
        this.path = path;
    }

    /** The request body itself. */
    public static Body of(Map<String, @Nullable Object> map) {
        return new Body(map, "");
    }

    /** An object found at {@code path} in a request. */
    public static Body of(Map<String, @Nullable Object> map, String path) {
        return new Body(map, path.isEmpty() ? "" : path + ".");
    }

    /** The fields as read. */
    public Map<String, @Nullable Object> map() {
        return map;
    }

    /** The path of a field, for messages. */
    public String pathOf(String name) {
        return path + name;
    }

    /** Whether the field is present and not null. */
    public boolean has(String name) {
        return map.get(name) != null;
    }

    /** The field's value, when present and not null. */
    public Optional<Object> get(String name) {
        return Optional.ofNullable(map.get(name));
    }

    /** A string field that must be present and not blank. */
    public String string(String name) {
        return optString(name)
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiException.badRequest("the request needs '" + pathOf(name) + "' (a string)"));
    }

    /** A string field, when present. */
    public Optional<String> optString(String name) {
        Object v = map.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw wrongType(name, "a string", v);
        }
        return Optional.of(s);
    }

    /** A whole number, when present. */
    public Optional<Long> optLong(String name) {
        Object v = map.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Optional.of(n.longValue());
        }
        throw wrongType(name, "a whole number", v);
    }

    /** A number, when present. */
    public Optional<Double> optNumber(String name) {
        Object v = map.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        throw wrongType(name, "a number", v);
    }

    /** A boolean, when present. */
    public Optional<Boolean> optBoolean(String name) {
        Object v = map.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        throw wrongType(name, "true or false", v);
    }

    /** An object field that must be present. */
    public Body object(String name) {
        return optObject(name)
                .orElseThrow(() -> ApiException.badRequest("the request needs '" + pathOf(name) + "' (an object)"));
    }

    /** An object field, when present. */
    @SuppressWarnings("unchecked")
    public Optional<Body> optObject(String name) {
        Object v = map.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw wrongType(name, "an object", v);
        }
        return Optional.of(new Body((Map<String, @Nullable Object>) m, pathOf(name) + "."));
    }

    /** A list of objects (rows) that must be present. */
    public List<Map<String, @Nullable Object>> rows(String name) {
        Object v = map.get(name);
        if (v == null) {
            throw ApiException.badRequest("the request needs '" + pathOf(name) + "' (a list of objects)");
        }
        if (!(v instanceof List<?> list)) {
            throw wrongType(name, "a list of objects", v);
        }
        List<Map<String, @Nullable Object>> rows = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw ApiException.badRequest(
                        "'" + pathOf(name) + "[" + i + "]' must be an object, was " + JsonValues.toJson(list.get(i)));
            }
            Map<String, @Nullable Object> row = new LinkedHashMap<>();
            m.forEach((k, val) -> row.put(String.valueOf(k), val));
            rows.add(row);
        }
        return rows;
    }

    /** A list of strings, when present. */
    public Optional<List<String>> optStrings(String name) {
        Object v = map.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof List<?> list)) {
            throw wrongType(name, "a list of strings", v);
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw ApiException.badRequest(
                        "'" + pathOf(name) + "[" + i + "]' must be a string, was " + JsonValues.toJson(list.get(i)));
            }
            out.add(s);
        }
        return Optional.of(out);
    }

    /** A list of strings that must be present. */
    public List<String> strings(String name) {
        return optStrings(name)
                .orElseThrow(
                        () -> ApiException.badRequest("the request needs '" + pathOf(name) + "' (a list of strings)"));
    }

    /** A JSON object of free-form values, when present. */
    public Map<String, @Nullable Object> optMap(String name) {
        return optObject(name).map(Body::map).orElse(Map.of());
    }

    private ApiException wrongType(String name, String expected, Object value) {
        String shown = JsonValues.toJson(value);
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "…";
        }
        return ApiException.badRequest("'" + pathOf(name) + "' must be " + expected + ", was " + shown);
    }
}
