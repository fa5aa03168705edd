package dev.evals4j.spark.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.core.internal.DatasetRows;
import dev.evals4j.core.internal.Json;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;
import scala.collection.Iterator;

/**
 * Turns a Spark row into the row an evals4j run sees — column name to JSON value — the way the local readers do: a
 * line of JSON Lines parsed by evals4j's own JSON reader, CSV cells as text (an {@code expected_answer} cell that
 * holds a JSON list as a list), other columns by their Spark type. Renames follow the local rules, planned from the
 * dataset's first row. Serializable: it travels to the executors.
 */
public final class RowConversion implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a Spark row holds the dataset row. */
    public enum Mode {
        /** One string column: a line of JSON Lines. */
        JSON_LINE,
        /** CSV read by Spark: every cell a string (or null for an empty one). */
        CSV,
        /** Typed columns (Parquet, a table, a caller's {@code Dataset<Row>}). */
        COLUMNS
    }

    private final Mode mode;
    private final String source;
    private final Map<String, String> renames;
    /** Renames whose name is a path into a column ({@code output.0}), found on the first row. */
    private final Map<String, List<String>> paths;

    private RowConversion(Mode mode, String source, Map<String, String> renames, Map<String, List<String>> paths) {
        this.mode = mode;
        this.source = source;
        this.renames = new LinkedHashMap<>(renames);
        this.paths = new LinkedHashMap<>(paths);
    }

    /** A conversion without renames; {@code source} names the data in messages. */
    public static RowConversion of(Mode mode, String source) {
        return new RowConversion(mode, source, Map.of(), Map.of());
    }

    /**
     * The same conversion with columns renamed as a dataset definition says, planned from the dataset's first row (as
     * converted without renames): a rename of a column that row lacks is an error, unless the name is a path to a
     * value in it, which is then copied into the new column.
     *
     * @throws DatasetLoadException when the first row has neither the column nor the path
     */
    public RowConversion renaming(Map<String, String> renames, Map<String, @Nullable Object> firstRow) {
        if (renames.isEmpty()) {
            return this;
        }
        Map<String, List<String>> found = DatasetRows.renamePaths(renames, firstRow, source + " row 0");
        return new RowConversion(mode, source, renames, found);
    }

    /** What names the data in messages. */
    public String source() {
        return source;
    }

    /**
     * The row of a Spark row whose index in the dataset is {@code index}.
     *
     * @throws DatasetLoadException when a line is not a JSON object, or a path rename finds no value
     */
    public Map<String, @Nullable Object> convert(Row row, long index) {
        Map<String, Object> values =
                switch (mode) {
                    case JSON_LINE -> jsonLine(row.getString(0), index);
                    case CSV -> csv(row);
                    case COLUMNS -> columns(row);
                };
        return renames.isEmpty() ? values : DatasetRows.rename(values, renames, paths, () -> source + " row " + index);
    }

    private Map<String, Object> jsonLine(String line, long index) {
        String text = !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
        Object value;
        try {
            value = Json.MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new DatasetLoadException(
                    source + " row " + index + ": not valid JSON: " + Json.describe(e) + " (line: " + clip(text) + ")",
                    e);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new DatasetLoadException(source + " row " + index + ": expected a JSON object, found "
                    + (value == null ? "null" : value.getClass().getSimpleName()) + " (line: " + clip(text) + ")");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) map;
        return row;
    }

    private static String clip(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private static Map<String, Object> csv(Row row) {
        StructType schema = row.schema();
        Map<String, Object> out = new LinkedHashMap<>(schema.size() * 2);
        for (int i = 0; i < schema.size(); i++) {
            String name = schema.fields()[i].name();
            String cell = row.isNullAt(i) ? "" : row.getString(i);
            out.put(name, DatasetRows.csvCell(name, cell));
        }
        return out;
    }

    private static Map<String, Object> columns(Row row) {
        StructType schema = row.schema();
        Map<String, Object> out = new LinkedHashMap<>(schema.size() * 2);
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            out.put(fields[i].name(), value(row.get(i)));
        }
        return out;
    }

    /** A Spark value as a JSON value: numbers, text, booleans, lists and maps; dates and times as ISO-8601 text. */
    static @Nullable Object value(@Nullable Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            return v;
        }
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Float f) {
            return Double.parseDouble(Float.toString(f)); // 0.1f as 0.1, as its JSON text reads back
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof Row struct) {
            Map<String, Object> out = new LinkedHashMap<>();
            StructField[] fields = struct.schema().fields();
            for (int i = 0; i < fields.length; i++) {
                out.put(fields[i].name(), value(struct.get(i)));
            }
            return out;
        }
        if (v instanceof scala.collection.Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            Iterator<? extends scala.Tuple2<?, ?>> entries = map.iterator();
            while (entries.hasNext()) {
                scala.Tuple2<?, ?> e = entries.next();
                out.put(String.valueOf(value(e._1())), value(e._2()));
            }
            return out;
        }
        if (v instanceof scala.collection.Iterable<?> seq) {
            List<Object> out = new ArrayList<>();
            Iterator<?> items = seq.iterator();
            while (items.hasNext()) {
                out.add(value(items.next()));
            }
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(value(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
            return out;
        }
        // dates, timestamps, intervals: their ISO-8601 text
        return v.toString();
    }
}
