package dev.evals4j.scorers.braintrust;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A small JSON Schema (draft-07) validator for the keywords that output-format checks use, with Ajv's meaning
 * (autoevals validates with Ajv): {@code type} (one or a list; {@code integer} is a number without a fraction),
 * {@code enum}, {@code const}, {@code properties}, {@code required}, {@code additionalProperties} (boolean or
 * schema), {@code items} (one schema, or a list for tuples), {@code minimum}, {@code maximum},
 * {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code minLength}, {@code maxLength} (in code points),
 * {@code pattern}, {@code minItems}, {@code maxItems}, {@code uniqueItems}, {@code minProperties},
 * {@code maxProperties}, {@code anyOf}, {@code oneOf}, {@code allOf}, {@code not}, and boolean schemas.
 * Annotations ({@code title}, {@code description}, {@code $schema}, {@code $id}, {@code $comment},
 * {@code default}, {@code examples}) are ignored. Any other keyword (such as {@code $ref} or {@code format}) is
 * refused when the schema is compiled, as Ajv's strict mode refuses unknown keywords.
 */
final class JsonSchema {
    static final Set<String> SUPPORTED = new TreeSet<>(List.of(
            "type",
            "enum",
            "const",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "pattern",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minProperties",
            "maxProperties",
            "anyOf",
            "oneOf",
            "allOf",
            "not"));
    static final Set<String> ANNOTATIONS =
            Set.of("title", "description", "$schema", "$id", "$comment", "default", "examples");
    private static final Set<String> TYPES =
            Set.of("null", "boolean", "object", "array", "number", "integer", "string");

    private final Object schema;

    private JsonSchema(Object schema) {
        this.schema = schema;
    }

    /**
     * Checks a schema (in JavaScript types, see {@link JsValues#fromJava}) and returns its validator.
     *
     * @throws IllegalArgumentException for an unsupported keyword or a malformed value, naming it
     */
    static JsonSchema compile(Object schema) {
        check(schema, "#");
        return new JsonSchema(schema);
    }

    /** Whether the instance (in JavaScript types) is valid. */
    boolean validate(Object instance) {
        return valid(schema, instance);
    }

    private static void check(Object schema, String path) {
        if (schema instanceof Boolean) {
            return;
        }
        if (!(schema instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("schema at " + path + " must be an object or a boolean");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object v = e.getValue();
            String at = path + "/" + k;
            if (ANNOTATIONS.contains(k)) {
                continue;
            }
            if (!SUPPORTED.contains(k)) {
                throw new IllegalArgumentException("unsupported JSON Schema keyword '" + k + "' at " + path
                        + "; supported: " + String.join(", ", SUPPORTED));
            }
            switch (k) {
                case "type" -> {
                    List<?> types = v instanceof List<?> l ? l : List.of(v == null ? "" : v);
                    for (Object t : types) {
                        if (!TYPES.contains(t)) {
                            throw new IllegalArgumentException("unknown type " + t + " at " + at);
                        }
                    }
                }
                case "enum" -> requireList(v, at);
                case "properties" -> {
                    if (!(v instanceof Map<?, ?> props)) {
                        throw new IllegalArgumentException(at + " must be an object");
                    }
                    for (Map.Entry<?, ?> p : props.entrySet()) {
                        check(p.getValue(), at + "/" + p.getKey());
                    }
                }
                case "required" -> {
                    for (Object o : requireList(v, at)) {
                        if (!(o instanceof String)) {
                            throw new IllegalArgumentException(at + " must list strings");
                        }
                    }
                }
                case "additionalProperties", "not" -> check(v, at);
                case "items" -> {
                    if (v instanceof List<?> list) {
                        for (int i = 0; i < list.size(); i++) {
                            check(list.get(i), at + "/" + i);
                        }
                    } else {
                        check(v, at);
                    }
                }
                case "anyOf", "oneOf", "allOf" -> {
                    List<?> list = requireList(v, at);
                    if (list.isEmpty()) {
                        throw new IllegalArgumentException(at + " must not be empty");
                    }
                    for (int i = 0; i < list.size(); i++) {
                        check(list.get(i), at + "/" + i);
                    }
                }
                case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> {
                    if (!(v instanceof Double)) {
                        throw new IllegalArgumentException(at + " must be a number");
                    }
                }
                case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties" -> {
                    if (!(v instanceof Double d) || d < 0 || d != Math.rint(d)) {
                        throw new IllegalArgumentException(at + " must be a non-negative integer");
                    }
                }
                case "uniqueItems" -> {
                    if (!(v instanceof Boolean)) {
                        throw new IllegalArgumentException(at + " must be a boolean");
                    }
                }
                case "pattern" -> {
                    if (!(v instanceof String s)) {
                        throw new IllegalArgumentException(at + " must be a string");
                    }
                    Pattern.compile(s);
                }
                default -> {}
            }
        }
    }

    private static List<?> requireList(Object v, String at) {
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(at + " must be an array");
        }
        return list;
    }

    private static boolean valid(Object schema, Object x) {
        if (schema instanceof Boolean b) {
            return b;
        }
        Map<?, ?> s = (Map<?, ?>) schema;
        for (Map.Entry<?, ?> e : s.entrySet()) {
            if (!validKeyword(String.valueOf(e.getKey()), e.getValue(), s, x)) {
                return false;
            }
        }
        return true;
    }

    private static boolean validKeyword(String k, Object v, Map<?, ?> s, Object x) {
        switch (k) {
            case "type" -> {
                List<?> types = v instanceof List<?> l ? l : List.of(v);
                for (Object t : types) {
                    if (hasType(x, (String) t)) {
                        return true;
                    }
                }
                return false;
            }
            case "enum" -> {
                for (Object o : (List<?>) v) {
                    if (deepEquals(o, x)) {
                        return true;
                    }
                }
                return false;
            }
            case "const" -> {
                return deepEquals(v, x);
            }
            case "properties" -> {
                if (x instanceof Map<?, ?> obj) {
                    for (Map.Entry<?, ?> p : ((Map<?, ?>) v).entrySet()) {
                        if (obj.containsKey(p.getKey()) && !valid(p.getValue(), obj.get(p.getKey()))) {
                            return false;
                        }
                    }
                }
                return true;
            }
            case "required" -> {
                if (x instanceof Map<?, ?> obj) {
                    for (Object name : (List<?>) v) {
                        if (!obj.containsKey(name)) {
                            return false;
                        }
                    }
                }
                return true;
            }
            case "additionalProperties" -> {
                if (x instanceof Map<?, ?> obj) {
                    Map<?, ?> props = s.get("properties") instanceof Map<?, ?> p ? p : Map.of();
                    for (Map.Entry<?, ?> p : obj.entrySet()) {
                        if (!props.containsKey(p.getKey()) && !valid(v, p.getValue())) {
                            return false;
                        }
                    }
                }
                return true;
            }
            case "items" -> {
                if (x instanceof List<?> arr) {
                    if (v instanceof List<?> tuple) {
                        for (int i = 0; i < Math.min(tuple.size(), arr.size()); i++) {
                            if (!valid(tuple.get(i), arr.get(i))) {
                                return false;
                            }
                        }
                    } else {
                        for (Object item : arr) {
                            if (!valid(v, item)) {
                                return false;
                            }
                        }
                    }
                }
                return true;
            }
            case "minimum" -> {
                return !(x instanceof Double d) || d >= (Double) v;
            }
            case "maximum" -> {
                return !(x instanceof Double d) || d <= (Double) v;
            }
            case "exclusiveMinimum" -> {
                return !(x instanceof Double d) || d > (Double) v;
            }
            case "exclusiveMaximum" -> {
                return !(x instanceof Double d) || d < (Double) v;
            }
            case "minLength" -> {
                return !(x instanceof String str) || str.codePointCount(0, str.length()) >= (Double) v;
            }
            case "maxLength" -> {
                return !(x instanceof String str) || str.codePointCount(0, str.length()) <= (Double) v;
            }
            case "pattern" -> {
                // Ajv compiles patterns with JavaScript's RegExp and the "u" flag; Java's syntax agrees on the
                // common subset
                return !(x instanceof String str)
                        || Pattern.compile((String) v).matcher(str).find();
            }
            case "minItems" -> {
                return !(x instanceof List<?> arr) || arr.size() >= (Double) v;
            }
            case "maxItems" -> {
                return !(x instanceof List<?> arr) || arr.size() <= (Double) v;
            }
            case "uniqueItems" -> {
                if (Boolean.TRUE.equals(v) && x instanceof List<?> arr) {
                    for (int i = 0; i < arr.size(); i++) {
                        for (int j = i + 1; j < arr.size(); j++) {
                            if (deepEquals(arr.get(i), arr.get(j))) {
                                return false;
                            }
                        }
                    }
                }
                return true;
            }
            case "minProperties" -> {
                return !(x instanceof Map<?, ?> obj) || obj.size() >= (Double) v;
            }
            case "maxProperties" -> {
                return !(x instanceof Map<?, ?> obj) || obj.size() <= (Double) v;
            }
            case "anyOf" -> {
                for (Object sub : (List<?>) v) {
                    if (valid(sub, x)) {
                        return true;
                    }
                }
                return false;
            }
            case "oneOf" -> {
                int count = 0;
                for (Object sub : (List<?>) v) {
                    if (valid(sub, x)) {
                        count++;
                    }
                }
                return count == 1;
            }
            case "allOf" -> {
                for (Object sub : (List<?>) v) {
                    if (!valid(sub, x)) {
                        return false;
                    }
                }
                return true;
            }
            case "not" -> {
                return !valid(v, x);
            }
            default -> {
                return true;
            }
        }
    }

    private static boolean hasType(Object x, String type) {
        return switch (type) {
            case "null" -> x == null;
            case "boolean" -> x instanceof Boolean;
            case "object" -> x instanceof Map<?, ?>;
            case "array" -> x instanceof List<?>;
            case "string" -> x instanceof String;
            case "number" -> x instanceof Double d && Double.isFinite(d);
            case "integer" -> x instanceof Double d && Double.isFinite(d) && d == Math.rint(d);
            default -> false;
        };
    }

    /** Structural equality as Ajv's: arrays in order, objects by key set, numbers by value. */
    private static boolean deepEquals(Object a, Object b) {
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!deepEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (!ma.keySet().equals(mb.keySet())) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!deepEquals(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Double da && b instanceof Double db) {
            return da.doubleValue() == db.doubleValue();
        }
        return Objects.equals(a, b);
    }

    static List<String> supportedKeywords() {
        return new ArrayList<>(SUPPORTED);
    }
}
