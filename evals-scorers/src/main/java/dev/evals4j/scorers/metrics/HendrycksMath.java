package dev.evals4j.scorers.metrics;

import dev.evals4j.scorers.internal.MathStrings;
import dev.evals4j.scorers.internal.MathStrings.Malformed;
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
        } catch (Malformed e) {
            return a.equals(b);
        }
    }

    /** {@code _strip_string}, or the failure Python would raise. */
    static String stripString(String input) throws Malformed {
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
        s = MathStrings.removeRightUnits(s);
        s = s.replace("\\%", "");
        s = s.replace(" .", " 0.");
        s = s.replace("{.", "{0.");
        if (s.isEmpty()) {
            return s;
        }
        if (s.charAt(0) == '.') {
            s = "0" + s;
        }
        String[] eq = MathStrings.split(s, "=");
        if (eq.length == 2 && eq[0].length() <= 2) {
            s = eq[1];
        }
        s = MathStrings.fixSqrt(s);
        s = s.replace(" ", "");
        s = MathStrings.fixFracs(s);
        if (s.equals("0.5")) {
            s = "\\frac{1}{2}";
        }
        return MathStrings.fixASlashB(s);
    }
}
