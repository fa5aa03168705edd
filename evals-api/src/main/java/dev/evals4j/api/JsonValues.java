package dev.evals4j.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Helpers for the JSON-typed values that rows and details hold: {@code null}, {@link String}, {@link Number},
 * {@link Boolean}, {@link List} and {@link Map} with string keys.
 */
public final class JsonValues {
    private JsonValues() {}

    /**
     * Returns an unmodifiable deep copy of a row, keeping the column order and {@code null} values (which
     * {@link Map#copyOf} would refuse).
     */
    public static Map<String, @Nullable Object> copyRow(Map<String, ? extends @Nullable Object> row) {
        if (row instanceof FrozenMap frozen) {
            return frozen;
        }
        if (row.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (row.size() / 0.75f) + 1));
        for (Map.Entry<String, ?> e : row.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("a row has a column without a name");
            }
            copy.put(e.getKey(), copyValue(e.getValue()));
        }
        return new FrozenMap(copy);
    }

    /** Returns an unmodifiable deep copy of a JSON value; strings, numbers, booleans and null are returned as is. */
    public static @Nullable Object copyValue(@Nullable Object value) {
        if (value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(String.valueOf(e.getKey()), copyValue(e.getValue()));
            }
            return new FrozenMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(copyValue(o));
            }
            return new FrozenList(copy);
        }
        return value;
    }

    /** A deeply immutable map made by this class, which later copies can return as is. */
    private static final class FrozenMap extends java.util.AbstractMap<String, Object> {
        private final Map<String, Object> map;

        FrozenMap(Map<String, Object> map) {
            this.map = Collections.unmodifiableMap(map);
        }

        @Override
        public java.util.Set<Map.Entry<String, Object>> entrySet() {
            return map.entrySet();
        }

        @Override
        public Object get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    /** A deeply immutable list made by this class, which later copies can return as is. */
    private static final class FrozenList extends java.util.AbstractList<Object> implements java.util.RandomAccess {
        private final List<Object> list;

        FrozenList(List<Object> list) {
            this.list = list;
        }

        @Override
        public Object get(int index) {
            return list.get(index);
        }

        @Override
        public int size() {
            return list.size();
        }
    }

    /**
     * Returns the text of a value as a model's answer would read: a string as is, anything else as JSON
     * ({@code 26}, {@code true}, {@code ["a","b"]}), and {@code null} for null.
     */
    public static @Nullable String text(@Nullable Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        return toJson(value);
    }

    /** Writes a JSON value as compact JSON text. */
    public static String toJson(@Nullable Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            quote(sb, s);
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            sb.append("null");
        } else if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            sb.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, list.get(i));
            }
            sb.append(']');
        } else {
            quote(sb, value.toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
