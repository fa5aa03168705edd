package dev.evals4j.tasks;

import dev.evals4j.api.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reading the columns of benchmark rows as the tasks' processors need them. */
final class Rows {
    private Rows() {}

    static final String LETTERS = "ABCDEFGHIJKLMNOP";

    /** A column as text; a missing or null value is empty. */
    static String text(Map<String, @Nullable Object> row, String column) {
        Object value = row.get(column);
        return value == null ? "" : JsonValues.text(value);
    }

    /** A list column as texts; anything else is an empty list. */
    static List<String> texts(Map<String, @Nullable Object> row, String column) {
        List<String> out = new ArrayList<>();
        if (row.get(column) instanceof List<?> list) {
            for (Object o : list) {
                out.add(o == null ? "" : JsonValues.text(o));
            }
        }
        return out;
    }

    /**
     * The gold letter of a row whose answer is an index (cais/mmlu's {@code answer}: 0-3) or already a letter; an
     * answer that is neither is returned as written.
     */
    static String letter(@Nullable Object answer) {
        if (answer instanceof Number n) {
            int i = n.intValue();
            return i >= 0 && i < LETTERS.length() ? String.valueOf(LETTERS.charAt(i)) : String.valueOf(i);
        }
        String s = answer == null ? "" : JsonValues.text(answer).strip();
        if (s.matches("\\d+")) {
            return letter(Integer.parseInt(s));
        }
        return s;
    }
}
