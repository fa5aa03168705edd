package dev.evals4j.scorers.basic;

import dev.evals4j.core.text.PyText;
import dev.evals4j.core.text.PythonRegex;
import dev.evals4j.scorers.internal.MathStrings;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.MatchResult;

/**
 * The answer normalisation of Llama Stack's {@code basic::regex_parser_math_response} (Minerva's substitutions
 * and Hendrycks' MATH normalisation, from its {@code math_utils.py}), step for step, so that both sides of a
 * comparison reduce to the same string.
 *
 * <p>The regex substitutions of the original are implemented here as linear scans with the same results, so that
 * a long answer cannot trigger quadratic backtracking. {@code try_evaluate_latex} needs SymPy's LaTeX parser, which
 * Llama Stack's basic scoring provider does not install; as on such a server, it returns its input unchanged.
 */
final class MathNormalizer {
    private MathNormalizer() {}

    private static final String[][] SUBSTITUTIONS = {
        {"an ", ""},
        {"a ", ""},
        {".$", "$"},
        {"\\$", ""},
        {"\\ ", ""},
        {" ", ""},
        {"mbox", "text"},
        {",\\text{and}", ","},
        {"\\text{and}", ","},
        {"\\text{m}", "\\text{}"},
    };

    private static final List<String> REMOVED_EXPRESSIONS = List.of(
            "square",
            "ways",
            "integers",
            "dollars",
            "mph",
            "inches",
            "ft",
            "hours",
            "km",
            "units",
            "\\ldots",
            "sue",
            "points",
            "feet",
            "minutes",
            "digits",
            "cents",
            "degrees",
            "cm",
            "gm",
            "pounds",
            "meters",
            "meals",
            "edges",
            "students",
            "childrentickets",
            "multiples",
            "\\text{s}",
            "\\text{.}",
            "\\text{\ns}",
            "\\text{}^2",
            "\\text{}^3",
            "\\text{\n}",
            "\\text{}",
            "\\mathrm{th}",
            "^\\circ",
            "^{\\circ}",
            "\\;",
            ",\\!",
            "{,}",
            "\"",
            "\\dots");

    private static final PythonRegex FRAC_SHORTHAND = PythonRegex.compile("(frac)([^{])(.)");
    private static final PythonRegex SQRT_SHORTHAND = PythonRegex.compile("(sqrt)([^{])");
    private static final PythonRegex FRAC = PythonRegex.compile("\\\\frac{([^}]+)}{([^}]+)}");

    /** Cuts the text at the first {@code Q:}, then at the first {@code A:}: the model's first answer. */
    static String firstAnswer(String text) {
        for (String marker : new String[] {"Q:", "A:"}) {
            int at = text.indexOf(marker);
            if (at >= 0) {
                text = text.substring(0, at);
            }
        }
        return text;
    }

    /** Extracts the answer with the regex (else the last {@code \boxed}) and normalises it. */
    static String normalizeFinalAnswer(String finalAnswer, PythonRegex regex) {
        String extraction = regex.findFirst(finalAnswer)
                .map(String.class::cast)
                .orElseGet(() -> extractResultFromBoxed(finalAnswer));
        if (extraction.isEmpty()) {
            return finalAnswer;
        }
        String s = afterLast(extraction, "=");
        for (String[] sub : SUBSTITUTIONS) {
            s = s.replace(sub[0], sub[1]);
        }
        for (String expr : REMOVED_EXPRESSIONS) {
            s = s.replace(expr, "");
        }
        s = keepBetweenFirstTwoDollars(s);
        s = unwrapFirstBraced(s, "\\text{");
        s = unwrapFirstBraced(s, "\\textbf{");
        s = unwrapFirstBraced(s, "\\overline{");
        s = unwrapBoxedGreedy(s);
        s = FRAC_SHORTHAND.sub(s, m -> "frac{" + m.group(2) + "}{" + m.group(3) + "}");
        s = SQRT_SHORTHAND.sub(s, m -> "sqrt{" + m.group(2) + "}");
        s = s.replace("$", "");
        if (PyText.isDigits(s.replace(",", ""))) {
            s = s.replace(",", "");
        }
        if (s.length() >= 3 && s.charAt(0) == '(' && isAsciiLetter(s.charAt(1)) && s.charAt(2) == ')') {
            s = s.substring(1, 2);
        }
        return normaliseResult(s);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Python's {@code s.split(sep)[-1]}. */
    private static String afterLast(String s, String sep) {
        int at = s.lastIndexOf(sep);
        return at < 0 ? s : s.substring(at + sep.length());
    }

    /**
     * {@code re.sub(r"(.*?)(\$)(.*?)(\$)(.*)", "$\\3$", s)}: on every line with at least two {@code $}, the line
     * becomes {@code $}, the text between its first two {@code $}, {@code $}.
     */
    static String keepBetweenFirstTwoDollars(String s) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int lineStart = 0;
        while (lineStart <= s.length()) {
            int nl = s.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? s.length() : nl;
            int first = s.indexOf('$', lineStart);
            int second = first < 0 || first >= lineEnd ? -1 : s.indexOf('$', first + 1);
            if (second >= 0 && second < lineEnd) {
                out.append('$').append(s, first + 1, second).append('$');
            } else {
                out.append(s, lineStart, lineEnd);
            }
            if (nl < 0) {
                break;
            }
            out.append('\n');
            lineStart = nl + 1;
        }
        return out.toString();
    }

    /**
     * {@code re.sub(r"(\\text\{)(.*?)(\})", "\\2", s)} and its kin: each {@code open} followed by a {@code }} on
     * the same line loses the opener and the first such {@code }}.
     */
    static String unwrapFirstBraced(String s, String open) {
        int at = s.indexOf(open);
        if (at < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        while (at >= 0) {
            int close = findOnLine(s, '}', at + open.length());
            if (close >= 0) {
                out.append(s, copied, at).append(s, at + open.length(), close);
                copied = close + 1;
                at = s.indexOf(open, copied);
            } else {
                // no closing brace before the end of this line: no opener on this line can match
                int nl = s.indexOf('\n', at);
                at = nl < 0 ? -1 : s.indexOf(open, nl + 1);
            }
        }
        return out.append(s, copied, s.length()).toString();
    }

    /** {@code re.sub(r"(\\boxed\{)(.*)(\})", "\\2", s)}: greedy, up to the last {@code }} on the line. */
    static String unwrapBoxedGreedy(String s) {
        String open = "\\boxed{";
        int at = s.indexOf(open);
        if (at < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        while (at >= 0) {
            int nl = s.indexOf('\n', at + open.length());
            int lineEnd = nl < 0 ? s.length() : nl;
            int close = s.lastIndexOf('}', lineEnd - 1);
            if (close >= at + open.length()) {
                out.append(s, copied, at).append(s, at + open.length(), close);
                copied = close + 1;
                at = s.indexOf(open, copied);
            } else {
                at = nl < 0 ? -1 : s.indexOf(open, nl + 1);
            }
        }
        return out.append(s, copied, s.length()).toString();
    }

    private static int findOnLine(String s, char c, int from) {
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == c) {
                return i;
            }
            if (ch == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /** The content of the last {@code \boxed{…}} (or {@code \boxed …$}), without extra outer braces; "" if none. */
    static String extractResultFromBoxed(String answer) {
        String boxStart = "\\boxed";
        int start = answer.lastIndexOf(boxStart);
        if (start < 0) {
            return "";
        }
        String a = PyText.strip(answer.substring(start + boxStart.length()));
        boolean endsWithCurly = a.startsWith("{");
        int openBraces = 0;
        boolean found = false;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c == '{') {
                openBraces++;
            } else if (c == '}') {
                openBraces--;
            }
            if (openBraces == 0) {
                if (endsWithCurly) {
                    a = PyText.strip(a.substring(0, i + 1));
                    found = true;
                    break;
                } else if (c == '$') {
                    a = PyText.strip(a.substring(0, i));
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            return "";
        }
        while (a.length() >= 2 && a.startsWith("{") && a.endsWith("}")) {
            a = PyText.strip(a.substring(1, a.length() - 1));
        }
        return a;
    }

    /** Hendrycks' {@code _strip_string} as Llama Stack extends it. */
    static String normaliseResult(String s) {
        s = s.replace("\n", "");
        s = s.replace("\\!", "");
        s = s.replace("\\\\", "\\");
        s = s.replace("cfrac", "frac");
        s = s.replace("tfrac", "frac");
        s = s.replace("dfrac", "frac");
        s = s.replace("\\left", "");
        s = s.replace("\\le", "");
        s = s.replace("\\right", "");
        s = s.replace("^{\\circ}", "");
        s = s.replace("^\\circ", "");
        s = s.replace("\\$", "");
        s = orAsIs(s, MathStrings::removeRightUnits);
        s = s.replace("\\%", "");
        s = s.replace(" .", " 0.");
        s = s.replace("{.", "{0.");
        if (s.isEmpty()) {
            return s;
        }
        if (s.charAt(0) == '.') {
            s = "0" + s;
        }
        s = afterLast(s, "=");
        s = orAsIs(s, MathStrings::fixSqrt);
        s = s.replace(" ", "");
        s = orAsIs(s, MathStrings::fixFracs);
        if (s.equals("0.5")) {
            s = "\\frac{1}{2}";
        }
        return MathStrings.fixASlashB(s);
    }

    /** A fix of {@link MathStrings}; where Hendrycks' code raises, Llama Stack's keeps the string as it was. */
    private static String orAsIs(String s, Fix fix) {
        try {
            return fix.apply(s);
        } catch (MathStrings.Malformed e) {
            return s;
        }
    }

    private interface Fix {
        String apply(String s) throws MathStrings.Malformed;
    }

    /** Without SymPy's LaTeX parser this returns its input, as Llama Stack does when the parser is missing. */
    static String tryEvaluateLatex(String expression) {
        return expression;
    }

    /** Replaces each {@code \frac{a}{b}} of numbers by {@code a/b} in Python's {@code 0.2e} format. */
    static String tryEvaluateFrac(String expression) {
        String result = expression;
        for (MatchResult m : FRAC.matches(expression)) {
            OptionalDouble a = PyText.parseFloat(m.group(1));
            OptionalDouble b = PyText.parseFloat(m.group(2));
            if (a.isEmpty() || b.isEmpty() || b.getAsDouble() == 0.0) {
                continue;
            }
            String value = PyText.formatExponent(a.getAsDouble() / b.getAsDouble(), 2);
            int at = result.indexOf(m.group());
            if (at >= 0) {
                result = result.substring(0, at)
                        + value
                        + result.substring(at + m.group().length());
            }
        }
        return result;
    }
}
