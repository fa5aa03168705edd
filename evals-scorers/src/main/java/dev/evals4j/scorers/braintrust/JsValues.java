package dev.evals4j.scorers.braintrust;

import dev.evals4j.scorers.internal.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JavaScript's view of JSON values, for parity with autoevals: every number is a double, {@code `${v}`} and
 * {@code JSON.stringify} format as V8 does, and object keys keep JavaScript's property order (array-index keys
 * ascending first, then the others in insertion order).
 */
final class JsValues {
    private JsValues() {}

    /** Converts a row value to JavaScript's types: numbers become doubles, maps keep JS property order. */
    static Object fromJava(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(fromJava(o));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> ordered = new LinkedHashMap<>();
            List<String> indexKeys = new ArrayList<>();
            for (Object k : map.keySet()) {
                String key = String.valueOf(k);
                if (isArrayIndex(key)) {
                    indexKeys.add(key);
                }
            }
            indexKeys.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
            for (String k : indexKeys) {
                ordered.put(k, fromJava(map.get(k)));
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!ordered.containsKey(key)) {
                    ordered.put(key, fromJava(e.getValue()));
                }
            }
            return ordered;
        }
        return value.toString();
    }

    private static boolean isArrayIndex(String key) {
        if (key.isEmpty() || key.length() > 10 || (key.length() > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(key) < 4294967295L;
    }

    /** {@code JSON.parse}: the value in JavaScript's types, or {@link Json#NOT_JSON}. */
    static Object parse(String text) {
        Object parsed = Json.parse(text);
        return parsed == Json.NOT_JSON ? parsed : fromJava(parsed);
    }

    static boolean isObject(Object v) {
        return v instanceof Map<?, ?>;
    }

    static boolean isArray(Object v) {
        return v instanceof List<?>;
    }

    /** JavaScript's {@code `${v}`} (String(v)). */
    static String template(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof List<?> list) {
            // Array.prototype.toString is join(","): null elements become empty strings
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object o = list.get(i);
                if (o != null) {
                    sb.append(template(o));
                }
            }
            return sb.toString();
        }
        if (v instanceof Map<?, ?>) {
            return "[object Object]";
        }
        return v.toString();
    }

    /** {@code JSON.stringify(v)}; with {@code sortKeys}, object keys are sorted first (autoevals' replacer). */
    static String stringify(Object v, boolean sortKeys) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, sortKeys);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, boolean sortKeys) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Double d) {
            sb.append(Double.isFinite(d) ? number(d) : "null");
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, list.get(i), sortKeys);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            Map<?, ?> ordered = map;
            if (sortKeys) {
                // Object.keys(v).sort() compares UTF-16 code units, as String.compareTo does; the rebuilt object
                // then lists array-index keys first again, as JavaScript objects always do
                List<String> keys = new ArrayList<>();
                for (Object k : map.keySet()) {
                    keys.add(String.valueOf(k));
                }
                Collections.sort(keys);
                Map<String, Object> sorted = new LinkedHashMap<>();
                for (String k : keys) {
                    sorted.put(k, map.get(k));
                }
                ordered = (Map<?, ?>) fromJavaShallow(sorted);
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ordered.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue(), sortKeys);
            }
            sb.append('}');
        } else {
            quote(sb, v.toString());
        }
    }

    private static Object fromJavaShallow(Map<String, Object> map) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        List<String> indexKeys = new ArrayList<>();
        for (String k : map.keySet()) {
            if (isArrayIndex(k)) {
                indexKeys.add(k);
            }
        }
        indexKeys.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        for (String k : indexKeys) {
            ordered.put(k, map.get(k));
        }
        for (Map.Entry<String, Object> e : map.entrySet()) {
            ordered.putIfAbsent(e.getKey(), e.getValue());
        }
        return ordered;
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    boolean loneSurrogate = Character.isHighSurrogate(c)
                            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || loneSurrogate) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** JavaScript's Number.prototype.toString(): the shortest digits that read back as the same double. */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            return Long.toString((long) d);
        }
        String sign = d < 0 ? "-" : "";
        double abs = Math.abs(d);
        BigDecimal exact = new BigDecimal(abs);
        BigDecimal shortest = null;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == abs) {
                shortest = r;
                break;
            }
        }
        if (shortest == null) {
            shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        }
        BigInteger unscaled = shortest.unscaledValue();
        String digits = unscaled.toString();
        int scale = shortest.scale();
        // strip trailing zeros of the digit string
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
            scale--;
        }
        digits = digits.substring(0, end);
        int k = digits.length();
        int n = k - scale; // value = 0.digits × 10^n
        StringBuilder sb = new StringBuilder(sign);
        if (k <= n && n <= 21) {
            sb.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int e = n - 1;
            sb.append(digits.charAt(0));
            if (k > 1) {
                sb.append('.').append(digits, 1, k);
            }
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return sb.toString();
    }

    /** JavaScript's {@code Number(v)} for the values a row holds; NaN where JavaScript gives NaN. */
    static double toNumber(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            return stringToNumber(s);
        }
        if (v instanceof List<?> list) {
            // Number([x]) is Number(String([x]))
            return stringToNumber(template(list));
        }
        return Double.NaN;
    }

    private static double stringToNumber(String s) {
        String t = jsTrim(s);
        if (t.isEmpty()) {
            return 0;
        }
        switch (t) {
            case "Infinity", "+Infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {}
        }
        if (t.length() > 2 && t.charAt(0) == '0') {
            int radix =
                    switch (t.charAt(1)) {
                        case 'x', 'X' -> 16;
                        case 'o', 'O' -> 8;
                        case 'b', 'B' -> 2;
                        default -> 0;
                    };
            if (radix != 0) {
                try {
                    return new BigInteger(t.substring(2), radix).doubleValue();
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        if (!t.matches("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?")) {
            return Double.NaN;
        }
        return Double.parseDouble(t);
    }

    private static String jsTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJsSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isJsSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isJsSpace(char c) {
        return c == '\t'
                || c == '\n'
                || c == 0x0B
                || c == '\f'
                || c == '\r'
                || c == ' '
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000
                || c == 0xFEFF;
    }
}
