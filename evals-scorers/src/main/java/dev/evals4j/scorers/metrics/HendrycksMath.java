package dev.evals4j.scorers.metrics;

import java.math.BigInteger;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The answer handling of Hendrycks et al.'s MATH evaluation ({@code hendrycks/math}, {@code math_equivalence.py} and
 * {@code util.py}), step for step: the last {@code \boxed{…}} (or {@code \fbox{…}}) of a solution, its content, and
 * {@code is_equiv}, which compares two answers after {@code _strip_string} and falls back to comparing them as written
 * when stripping fails (where the Python code raises: a second unit marker <code>"\text{ "</code>, a {@code \sqrt} or {@code \frac} at
 * the very end).
 */
public final class HendrycksMath {
    private HendrycksMath() {}

    /** Thrown where {@code _strip_string} raises in Python; {@link #isEquiv} then compares the raw answers. */
    static final class StripFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StripFailed(String what) {
            super(what, null, false, false);
        }
    }

    /**
     * {@code last_boxed_only_string}: from the last {@code \boxed} (else the last {@code \fbox}) to the brace that
     * closes the first one opened after it; empty when there is none or it is not closed.
     */
    public static Optional<String> lastBoxed(String text) {
        int idx = text.lastIndexOf("\\boxed");
        if (idx < 0) {
            idx = text.lastIndexOf("\\fbox");
            if (idx < 0) {
                return Optional.empty();
            }
        }
        int open = 0;
        for (int i = idx; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                open++;
            } else if (c == '}') {
                open--;
                if (open == 0) {
                    return Optional.of(text.substring(idx, i + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code remove_boxed}: the content of {@code \boxed{…}}; empty for anything else (such as {@code \fbox{…}}). */
    public static Optional<String> removeBoxed(String boxed) {
        String left = "\\boxed{";
        if (boxed.startsWith(left) && boxed.endsWith("}") && boxed.length() >= left.length() + 1) {
            return Optional.of(boxed.substring(left.length(), boxed.length() - 1));
        }
        return Optional.empty();
    }

    /** The answer of a solution as the MATH evaluation reads it: the content of its last {@code \boxed{…}}. */
    public static Optional<String> answer(String solution) {
        return lastBoxed(solution).flatMap(HendrycksMath::removeBoxed);
    }

    /**
     * {@code is_equiv}: both missing is equal, one missing is not; otherwise the two stripped strings are compared,
     * or, when stripping either fails, the two strings as given.
     */
    public static boolean isEquiv(@Nullable String a, @Nullable String b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        try {
            return stripString(a).equals(stripString(b));
        } catch (StripFailed e) {
            return a.equals(b);
        }
    }

    /** {@code _strip_string}, or the failure Python would raise. */
    static String stripString(String input) throws StripFailed {
        String s = input.replace("\n", "");
        s = s.replace("\\!", "");
        s = s.replace("\\\\", "\\");
        s = s.replace("tfrac", "frac");
        s = s.replace("dfrac", "frac");
        s = s.replace("\\left", "");
        s = s.replace("\\right", "");
        s = s.replace("^{\\circ}", "");
        s = s.replace("^\\circ", "");
        s = s.replace("\\$", "");
        s = removeRightUnits(s);
        s = s.replace("\\%", "");
        s = s.replace(" .", " 0.");
        s = s.replace("{.", "{0.");
        if (s.isEmpty()) {
            return s;
        }
        if (s.charAt(0) == '.') {
            s = "0" + s;
        }
        String[] eq = split(s, "=");
        if (eq.length == 2 && eq[0].length() <= 2) {
            s = eq[1];
        }
        s = fixSqrt(s);
        s = s.replace(" ", "");
        s = fixFracs(s);
        if (s.equals("0.5")) {
            s = "\\frac{1}{2}";
        }
        return fixASlashB(s);
    }

    /** Python's {@code str.split(sep)}: every piece, empty ones included. */
    private static String[] split(String s, String sep) {
        return s.split(java.util.regex.Pattern.quote(sep), -1);
    }

    private static String removeRightUnits(String s) throws StripFailed {
        if (!s.contains("\\text{ ")) {
            return s;
        }
        String[] parts = split(s, "\\text{ ");
        if (parts.length != 2) {
            throw new StripFailed("more than one \\text{ ");
        }
        return parts[0];
    }

    private static String fixSqrt(String s) throws StripFailed {
        if (!s.contains("\\sqrt")) {
            return s;
        }
        String[] parts = split(s, "\\sqrt");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                throw new StripFailed("\\sqrt at the end");
            }
            if (part.charAt(0) != '{') {
                out.append("\\sqrt{").append(part.charAt(0)).append('}').append(part, 1, part.length());
            } else {
                out.append("\\sqrt").append(part);
            }
        }
        return out.toString();
    }

    private static String fixFracs(String s) throws StripFailed {
        String[] parts = split(s, "\\frac");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            out.append("\\frac");
            if (part.isEmpty()) {
                throw new StripFailed("\\frac at the end");
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

    /** {@code a/b} of two integers written as Python's {@code int} writes them becomes {@code \frac{a}{b}}. */
    private static String fixASlashB(String s) {
        String[] parts = split(s, "/");
        if (parts.length != 2) {
            return s;
        }
        Optional<BigInteger> a = pythonInt(parts[0]);
        Optional<BigInteger> b = pythonInt(parts[1]);
        if (a.isEmpty() || b.isEmpty() || !s.equals(a.get() + "/" + b.get())) {
            return s;
        }
        return "\\frac{" + a.get() + "}{" + b.get() + "}";
    }

    /** Python's {@code int(text)} for what can pass the round trip: an optional sign and ASCII digits. */
    private static Optional<BigInteger> pythonInt(String text) {
        if (!text.matches("[+-]?[0-9]+")) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(text));
    }
}
