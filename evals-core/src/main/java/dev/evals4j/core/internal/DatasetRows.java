package dev.evals4j.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.ScorerInputSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The rules a dataset row is read by, wherever it is read (evals4j's readers, and evals-spark's executors): CSV
 * cells, and column renames planned from the first row.
 */
public final class DatasetRows {
    /** Columns whose CSV cells are read as JSON lists when they hold one. */
    public static final Set<String> LIST_COLUMNS = Set.of(ScorerInputSample.EXPECTED_ANSWER);

    private DatasetRows() {}

    /**
     * A CSV cell's value: the text, except in a {@link #LIST_COLUMNS list column}, where a cell that holds a JSON list
     * is the list (as Llama Stack's datasets read it).
     */
    public static Object csvCell(String column, String cell) {
        if (!LIST_COLUMNS.contains(column)) {
            return cell;
        }
        String trimmed = cell.trim();
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) {
            return cell;
        }
        try {
            Object parsed = Json.MAPPER.readValue(trimmed, Object.class);
            return parsed instanceof List<?> list ? new ArrayList<>(list) : cell;
        } catch (JsonProcessingException e) {
            return cell;
        }
    }

    /**
     * The renames whose name is not a column of the first row but a path into one ({@code 175b_verification.solution},
     * {@code output.0}: object keys and list positions separated by dots), each with its steps.
     *
     * @param where names the first row in messages, such as {@code data.csv line 2}
     * @throws DatasetLoadException when the first row has neither a renamed column nor a value at its path
     */
    public static Map<String, List<String>> renamePaths(
            Map<String, String> renames, Map<String, ?> firstRow, String where) {
        Map<String, List<String>> paths = new LinkedHashMap<>();
        for (String from : renames.keySet()) {
            if (firstRow.containsKey(from)) {
                continue;
            }
            List<String> path = List.of(from.split("\\.", -1));
            if (path.size() > 1
                    && firstRow.containsKey(path.get(0))
                    && resolve(firstRow, path).found()) {
                paths.put(from, path);
                continue;
            }
            throw new DatasetLoadException("cannot rename the column '" + from + "' of " + where + ": it has no such"
                    + " column" + (path.size() > 1 ? " nor a value at that path" : "") + "; its columns: "
                    + String.join(", ", firstRow.keySet()));
        }
        return paths;
    }

    /**
     * A row with its columns renamed, and the values at the {@link #renamePaths paths} copied into their new columns
     * (the columns they were read from are kept).
     *
     * @param where names the row in messages; asked only for one
     * @throws DatasetLoadException when the row has no value at a path the first row had
     */
    public static Map<String, @Nullable Object> rename(
            Map<String, @Nullable Object> row,
            Map<String, String> renames,
            Map<String, List<String>> paths,
            Supplier<String> where) {
        Map<String, @Nullable Object> renamed = new LinkedHashMap<>(row.size() * 2);
        for (Map.Entry<String, @Nullable Object> e : row.entrySet()) {
            renamed.put(renames.getOrDefault(e.getKey(), e.getKey()), e.getValue());
        }
        for (Map.Entry<String, List<String>> p : paths.entrySet()) {
            Resolved value = resolve(row, p.getValue());
            if (!value.found()) {
                throw new DatasetLoadException(where.get() + ": no value at '" + p.getKey()
                        + "', which the first row had; its columns: " + String.join(", ", row.keySet()));
            }
            renamed.put(renames.get(p.getKey()), value.value());
        }
        return renamed;
    }

    private record Resolved(boolean found, @Nullable Object value) {}

    private static Resolved resolve(Map<String, ?> row, List<String> path) {
        Object current = row;
        for (String step : path) {
            if (current instanceof Map<?, ?> map && map.containsKey(step)) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step.matches("\\d{1,9}")) {
                int i = Integer.parseInt(step);
                if (i >= list.size()) {
                    return new Resolved(false, null);
                }
                current = list.get(i);
            } else {
                return new Resolved(false, null);
            }
        }
        return new Resolved(true, current);
    }
}
