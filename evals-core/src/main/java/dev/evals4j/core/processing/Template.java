package dev.evals4j.core.processing;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A text with {@code {column}} placeholders, parsed once: {@code {{} and {@code }}} are literal braces. A value
 * is its text (a string as is, other JSON values as JSON).
 */
public final class Template {
    private final String source;
    private final List<String> literals = new ArrayList<>();
    private final List<String> columns = new ArrayList<>();

    private Template(String source) {
        this.source = source;
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '{' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < source.length() && source.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '{') {
                int end = source.indexOf('}', i);
                if (end < 0) {
                    throw new ConfigurationException("the template has a '{' at position " + i + " without a closing"
                            + " '}'; write {{ for a literal brace: " + excerpt(source));
                }
                String name = source.substring(i + 1, end).strip();
                if (name.isEmpty() || name.contains("{")) {
                    throw new ConfigurationException("the template has an empty or malformed placeholder at position "
                            + i + "; placeholders are {column}, and {{ and }} are literal braces: " + excerpt(source));
                }
                literals.add(literal.toString());
                literal.setLength(0);
                columns.add(name);
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        literals.add(literal.toString());
    }

    /**
     * Parses a template.
     *
     * @throws ConfigurationException for an unclosed or empty placeholder
     */
    public static Template parse(String source) {
        return new Template(source);
    }

    /** The columns the template reads, in order of first use. */
    public Set<String> columns() {
        return new LinkedHashSet<>(columns);
    }

    /**
     * Fills the placeholders from a row.
     *
     * @throws IllegalArgumentException when the row lacks a column, naming it and the row's columns
     */
    public String render(Map<String, Object> row) {
        StringBuilder out = new StringBuilder(source.length() + 64);
        for (int i = 0; i < columns.size(); i++) {
            out.append(literals.get(i));
            String column = columns.get(i);
            if (!row.containsKey(column)) {
                throw new IllegalArgumentException("the template needs the column '" + column
                        + "', which the row does not have; its columns: " + String.join(", ", row.keySet()));
            }
            Object value = row.get(column);
            out.append(value == null ? "" : JsonValues.text(value));
        }
        out.append(literals.get(literals.size() - 1));
        return out.toString();
    }

    private static String excerpt(String s) {
        return s.length() > 80 ? "\"" + s.substring(0, 80) + "…\"" : "\"" + s + "\"";
    }

    @Override
    public String toString() {
        return source;
    }
}
