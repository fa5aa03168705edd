package dev.evals4j.core.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code json.loads} and {@code str()} of its values, where an answer extractor must read a model's JSON
 * as the published Python scorers did: a repeated key keeps its <em>last</em> value, {@code NaN} and
 * {@code Infinity} are numbers, control characters inside strings are refused (the default {@code strict=True}),
 * integers keep every digit. Values are {@code Map} (insertion order), {@code List}, {@code String},
 * {@code BigInteger}, {@code Double}, {@code Boolean} and {@link #NONE} for {@code null}.
 */
public final class PyJson {
    /** Python's {@code None}, which JSON's {@code null} becomes. */
    public static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private final String s;
    private int i;

    private PyJson(String s) {
        this.s = s;
    }

    /** The value of a JSON document, or empty where {@code json.loads} raises {@code JSONDecodeError}. */
    public static Optional<Object> loads(String text) {
        PyJson p = new PyJson(text);
        try {
            p.ws();
            Object v = p.value(0);
            p.ws();
            if (p.i != text.length()) {
                return Optional.empty();
            }
            return Optional.of(v);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** Python's {@code str()} of a value {@link #loads} returned: {@code 18}, {@code 18.0}, {@code True}, {@code ['a', 1]}. */
    public static String str(@Nullable Object v) {
        if (v instanceof String text) {
            return text;
        }
        return repr(v);
    }

    private static String repr(@Nullable Object v) {
        if (v == null || v == NONE) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return PyText.repr(d);
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        if (v instanceof String text) {
            return stringRepr(text);
        }
        if (v instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) {
                parts.add(repr(o));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, val) -> parts.add(repr(k) + ": " + repr(val)));
            return "{" + String.join(", ", parts) + "}";
        }
        return String.valueOf(v);
    }

    /** Python's {@code repr} of a string: single quotes unless the text has one and no double quote. */
    private static String stringRepr(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else {
                break;
            }
        }
    }

    private Object value(int depth) {
        if (depth > 1000) {
            throw new IllegalArgumentException("too deep");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            default:
                break;
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return NONE;
        }
        if (s.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("NaN", i)) {
            i += 3;
            return Double.NaN;
        }
        if (s.startsWith("Infinity", i)) {
            i += 8;
            return Double.POSITIVE_INFINITY;
        }
        if (s.startsWith("-Infinity", i)) {
            i += 9;
            return Double.NEGATIVE_INFINITY;
        }
        return number();
    }

    private Map<String, Object> object(int depth) {
        i++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        ws();
        if (s.charAt(i) == '}') {
            i++;
            return map;
        }
        while (true) {
            ws();
            if (s.charAt(i) != '"') {
                throw new IllegalArgumentException("expected a key");
            }
            String key = string();
            ws();
            if (s.charAt(i) != ':') {
                throw new IllegalArgumentException("expected ':'");
            }
            i++;
            ws();
            Object v = value(depth + 1);
            map.remove(key); // a repeated key keeps its last value (and, as in a Python dict, its first position)
            map.put(key, v);
            ws();
            char c = s.charAt(i++);
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        i++; // [
        List<Object> list = new ArrayList<>();
        ws();
        if (s.charAt(i) == ']') {
            i++;
            return list;
        }
        while (true) {
            ws();
            list.add(value(depth + 1));
            ws();
            char c = s.charAt(i++);
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected ',' or ']'");
            }
        }
    }

    private String string() {
        i++; // "
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    String hex = s.substring(i, i + 4);
                    if (!hex.matches("[0-9a-fA-F]{4}")) {
                        throw new IllegalArgumentException("bad \\u escape");
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("bad escape");
            }
        }
    }

    private Object number() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '0') {
            i++;
        } else if (i < s.length() && s.charAt(i) >= '1' && s.charAt(i) <= '9') {
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
        } else {
            throw new IllegalArgumentException("expected a value");
        }
        boolean fraction = false;
        if (i + 1 < s.length() && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
            fraction = true;
            i++;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int mark = i;
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (i < s.length() && isDigit(s.charAt(i))) {
                fraction = true;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
            } else {
                i = mark; // Python's scanner leaves a bare 'e' for the next token, which then fails
            }
        }
        String text = s.substring(start, i);
        return fraction ? (Object) Double.parseDouble(text) : new BigInteger(text);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
