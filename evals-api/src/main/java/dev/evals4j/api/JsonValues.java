package dev.evals4j.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
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
     * make it from a map of them. Rows with the same names (the rows of one file, say) mostly share one copy of the
     * names and their index. Neither the list nor the array is kept.
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
     * The names of a row's columns, in order, with their positions. The last few made are kept and given again for the
     * same names, since a dataset's rows mostly have the same columns (and a run's score details the same keys).
     */
    private static final class Columns {
        /** Above this many columns a name is found by hashing; below, by comparing it with each. */
        private static final int SCAN = 8;

        /**
         * The columns made last, in turns. Read and written without locks: a {@code Columns} cannot change (its fields
         * are final), so a thread sees one whole or none, and a miss only costs a new one.
         */
        private static final Columns[] RECENT = new Columns[4];

        private static int next;

        private final String[] names;
        private final @Nullable Map<String, Integer> index;

        /** @throws IllegalArgumentException when a name appears twice */
        private Columns(String[] names) {
            this.names = names;
            if (names.length > SCAN) {
                Map<String, Integer> positions = new java.util.HashMap<>(names.length * 2);
                for (int i = 0; i < names.length; i++) {
                    if (positions.put(names[i], i) != null) {
                        throw twice(names[i]);
                    }
                }
                this.index = positions;
            } else {
                this.index = null;
                for (int i = 0; i < names.length; i++) {
                    for (int j = 0; j < i; j++) {
                        if (names[j].equals(names[i])) {
                            throw twice(names[i]);
                        }
                    }
                }
            }
        }

        private static IllegalArgumentException twice(String name) {
            return new IllegalArgumentException("a row has the column '" + name + "' twice");
        }

        /** The columns of a list of names. */
        static Columns of(List<String> columns) {
            Columns known = recent(columns.size(), columns::get);
            if (known != null) {
                return known;
            }
            String[] names = new String[columns.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = checkedName(columns.get(i));
            }
            return remember(new Columns(names));
        }

        /** The columns of these names (an array the caller no longer changes). */
        static Columns of(String[] names) {
            Columns known = recent(names.length, i -> names[i]);
            return known != null ? known : remember(new Columns(names));
        }

        private static @Nullable Columns recent(int size, java.util.function.IntFunction<String> name) {
            for (Columns c : RECENT) {
                if (c != null && c.names.length == size && c.sameNames(name)) {
                    return c;
                }
            }
            return null;
        }

        private boolean sameNames(java.util.function.IntFunction<String> name) {
            for (int i = 0; i < names.length; i++) {
                String n = name.apply(i);
                if (names[i] != n && !names[i].equals(n)) {
                    return false;
                }
            }
            return true;
        }

        private static Columns remember(Columns made) {
            int at = next;
            RECENT[at] = made;
            next = (at + 1) % RECENT.length;
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

        /**
         * A copy of a map. A row's keys must be distinct names; the keys of a value inside a row are written as text,
         * and when two read the same ({@code 1} and {@code "1"}) the later value is kept at the first one's place, as
         * a {@link java.util.LinkedHashMap} of them would.
         */
        static FrozenRow copy(Map<?, ?> map, boolean row) {
            Object[] entries = map.entrySet().toArray(); // one snapshot, should the map change meanwhile
            String[] names = new String[entries.length];
            Object[] values = new Object[entries.length];
            for (int i = 0; i < entries.length; i++) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) entries[i];
                names[i] = row ? checkedName(e.getKey()) : String.valueOf(e.getKey());
                values[i] = copyValue(e.getValue());
            }
            try {
                return new FrozenRow(Columns.of(names), values);
            } catch (IllegalArgumentException twice) {
                if (row) {
                    throw twice;
                }
                Map<String, Object> merged = new java.util.LinkedHashMap<>();
                for (int i = 0; i < names.length; i++) {
                    merged.put(names[i], values[i]);
                }
                return new FrozenRow(
                        Columns.of(merged.keySet().toArray(new String[0])),
                        merged.values().toArray());
            }
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
