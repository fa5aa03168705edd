package dev.evals4j.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
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
        if (row instanceof FrozenRow frozen) {
            return frozen;
        }
        if (row.isEmpty()) {
            return Map.of();
        }
        return FrozenRow.copy(row, true);
    }

    /**
     * Returns an unmodifiable row of {@code values} under {@code columns}, in their order, as {@link #copyRow} would
     * make it from a map of them. Rows made one after another with the same list of columns (the rows of one file,
     * say) share one copy of the names and their index.
     *
     * @throws IllegalArgumentException when the lengths differ, a name is null or appears twice
     */
    public static Map<String, @Nullable Object> row(List<String> columns, @Nullable Object[] values) {
        if (columns.size() != values.length) {
            throw new IllegalArgumentException(
                    "a row of " + columns.size() + " columns was given " + values.length + " values");
        }
        Columns names = Columns.of(columns);
        Object[] copy = new Object[values.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = copyValue(values[i]);
        }
        return new FrozenRow(names, copy);
    }

    /** Returns an unmodifiable deep copy of a JSON value; strings, numbers, booleans and null are returned as is. */
    public static @Nullable Object copyValue(@Nullable Object value) {
        if (value instanceof FrozenRow || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? Map.of() : FrozenRow.copy(map, false);
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

    /**
     * The names of a row's columns, in order, with their positions. The last ones made for a list of columns (or
     * found equal to a row's keys) are kept, since a dataset's rows mostly have the same columns.
     */
    private static final class Columns {
        /** Above this many columns a name is found by hashing; below, by comparing it with each. */
        private static final int SCAN = 8;

        private static volatile @Nullable Columns last;

        private final String[] names;
        private final @Nullable List<String> source;
        private final @Nullable Map<String, Integer> index;

        private Columns(String[] names, @Nullable List<String> source) {
            this.names = names;
            this.source = source;
            if (names.length > SCAN) {
                Map<String, Integer> positions = new java.util.HashMap<>(names.length * 2);
                for (int i = 0; i < names.length; i++) {
                    if (positions.put(names[i], i) != null) {
                        throw new IllegalArgumentException("a row has the column '" + names[i] + "' twice");
                    }
                }
                this.index = positions;
            } else {
                this.index = null;
                for (int i = 0; i < names.length; i++) {
                    for (int j = 0; j < i; j++) {
                        if (names[j].equals(names[i])) {
                            throw new IllegalArgumentException("a row has the column '" + names[i] + "' twice");
                        }
                    }
                }
            }
        }

        /** The columns of a list of names, the same object for the same list as last time. */
        static Columns of(List<String> columns) {
            Columns known = last;
            if (known != null && known.source == columns) {
                return known;
            }
            String[] names = new String[columns.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = checkedName(columns.get(i));
            }
            Columns made = new Columns(names, columns);
            last = made;
            return made;
        }

        /** The columns of these names, those of the last row when its names were the same. */
        static Columns of(String[] names, boolean remember) {
            Columns known = last;
            if (known != null && Arrays.equals(known.names, names)) {
                return known;
            }
            Columns made = new Columns(names, null);
            if (remember) {
                last = made;
            }
            return made;
        }

        int find(@Nullable Object name) {
            if (index != null) {
                Integer at = index.get(name);
                return at == null ? -1 : at;
            }
            for (int i = 0; i < names.length; i++) {
                if (names[i] == name) {
                    return i;
                }
            }
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static String checkedName(@Nullable Object name) {
        if (name == null) {
            throw new IllegalArgumentException("a row has a column without a name");
        }
        return name.toString();
    }

    /**
     * A deeply immutable map made by this class, which later copies return as is: the values in an array, the names in
     * a {@link Columns} that the rows of a dataset share.
     */
    private static final class FrozenRow extends AbstractMap<String, Object> {
        private final Columns columns;
        private final @Nullable Object[] values;

        FrozenRow(Columns columns, @Nullable Object[] values) {
            this.columns = columns;
            this.values = values;
        }

        /** A copy of a map; {@code row}: its names are a row's, likely those of the rows before and after it. */
        static FrozenRow copy(Map<?, ?> map, boolean row) {
            String[] names = new String[map.size()];
            Object[] values = new Object[names.length];
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                names[i] = row ? checkedName(e.getKey()) : String.valueOf(e.getKey());
                values[i] = copyValue(e.getValue());
                i++;
            }
            return new FrozenRow(Columns.of(names, row), values);
        }

        @Override
        public @Nullable Object get(@Nullable Object key) {
            int at = columns.find(key);
            return at < 0 ? null : values[at];
        }

        @Override
        public boolean containsKey(@Nullable Object key) {
            return columns.find(key) >= 0;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super @Nullable Object> action) {
            String[] names = columns.names;
            for (int i = 0; i < values.length; i++) {
                action.accept(names[i], values[i]);
            }
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < values.length;
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            if (next >= values.length) {
                                throw new NoSuchElementException();
                            }
                            int at = next++;
                            return new AbstractMap.SimpleImmutableEntry<>(columns.names[at], values[at]);
                        }
                    };
                }

                @Override
                public int size() {
                    return values.length;
                }
            };
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
