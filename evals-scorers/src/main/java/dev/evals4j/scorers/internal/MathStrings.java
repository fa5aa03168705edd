package dev.evals4j.scorers.internal;

import java.util.regex.Pattern;

/**
 * The string fixes of Hendrycks et al.'s MATH answer normalisation ({@code _strip_string} of
 * {@code math_equivalence.py}): the unit after <code>"\text{ "</code>, {@code \sqrt2} → {@code \sqrt{2}},
 * {@code \frac12} → {@code \frac{1}{2}}, {@code 1/2} → {@code \frac{1}{2}}. Where the Python code raises, these throw
 * {@link Malformed}: Hendrycks' own {@code is_equiv} then compares the raw answers, Llama Stack's variant keeps the
 * string as it was before that fix.
 */
public final class MathStrings {
    private MathStrings() {}

    /** Where Python's code raises on a malformed answer. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String what) {
            super(what, null, false, false);
        }
    }

    private static final String UNIT = "\\text{ ";

    /** Python's {@code str.split(sep)}: every piece, empty ones included. */
    public static String[] split(String s, String sep) {
        return s.split(Pattern.quote(sep), -1);
    }

    /** {@code _remove_right_units}: what comes before the one <code>"\text{ "</code>. */
    public static String removeRightUnits(String s) throws Malformed {
        if (!s.contains(UNIT)) {
            return s;
        }
        String[] parts = split(s, UNIT);
        if (parts.length != 2) {
            throw new Malformed("more than one \\text{ ");
        }
        return parts[0];
    }

    /** {@code _fix_sqrt}: the character after {@code \sqrt} in braces. */
    public static String fixSqrt(String s) throws Malformed {
        if (!s.contains("\\sqrt")) {
            return s;
        }
        String[] parts = split(s, "\\sqrt");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                throw new Malformed("\\sqrt at the end");
            }
            if (part.charAt(0) != '{') {
                out.append("\\sqrt{").append(part.charAt(0)).append('}').append(part, 1, part.length());
            } else {
                out.append("\\sqrt").append(part);
            }
        }
        return out.toString();
    }

    /** {@code _fix_fracs}: the two characters after {@code \frac} in braces. */
    public static String fixFracs(String s) throws Malformed {
        String[] parts = split(s, "\\frac");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            out.append("\\frac");
            if (part.isEmpty()) {
                throw new Malformed("\\frac at the end");
            }
            if (part.charAt(0) == '{') {
                out.append(part);
                continue;
            }
            if (part.length() < 2) {
                return s; // Python returns the string unchanged here
            }
            char a = part.charAt(0);
            char b = part.charAt(1);
            if (b != '{') {
                out.append('{').append(a).append("}{").append(b).append('}').append(part, 2, part.length());
            } else {
                out.append('{').append(a).append('}').append(b).append(part, 2, part.length());
            }
        }
        return out.toString();
    }

    /**
     * {@code _fix_a_slash_b}: {@code a/b} of two integers becomes {@code \frac{a}{b}}, when {@code a} and {@code b}
     * are written as Python's {@code int} writes them (its {@code assert string == "{}/{}".format(a, b)}).
     */
    public static String fixASlashB(String s) {
        String[] parts = split(s, "/");
        if (parts.length == 2 && isCanonicalInt(parts[0]) && isCanonicalInt(parts[1])) {
            return "\\frac{" + parts[0] + "}{" + parts[1] + "}";
        }
        return s;
    }

    private static boolean isCanonicalInt(String s) {
        return s.matches("-?[1-9][0-9]*|0");
    }
}
