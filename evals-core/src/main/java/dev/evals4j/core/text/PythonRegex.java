package dev.evals4j.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions written for Python's {@code re} module (as Llama Stack's and lm-evaluation-harness's
 * configurations are), run with {@link Pattern} and Python's semantics: Unicode-aware {@code \d \w \s \b} and
 * case folding, {@code .} that stops only at {@code \n}, and {@code findall}/{@code sub} results as Python
 * returns them: after an empty match, a non-empty match may start at the same position (Python 3.7+).
 *
 * <p>Syntax that differs is translated: {@code (?P<name>…)} and {@code (?P=name)}, a {@code {} that does not
 * start a quantifier (a literal in Python), {@code {,n}}, {@code \Z}, and {@code [} or {@code &&} inside a
 * character class. Every match runs under a step budget proportional to the input
 * ({@link RegexBudgetExceededException}), so catastrophic backtracking cannot hang a run; an input too long for
 * java.util.regex's recursion ends the same way ({@link RegexStackOverflowException}) instead of with a
 * {@link StackOverflowError}.
 */
public final class PythonRegex {
    private static final int FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE;

    private final String source;
    private final Pattern pattern;
    private final Pattern nonEmpty;
    private final boolean leadingDotStar;

    private PythonRegex(String source, Pattern pattern, Pattern nonEmpty) {
        this.source = source;
        this.pattern = pattern;
        this.nonEmpty = nonEmpty;
        // A pattern that starts with ".*" (without DOTALL) matches from a line start whenever it matches inside
        // that line, so only line starts need trying: this keeps such patterns linear per line.
        this.leadingDotStar = source.startsWith(".*")
                && !source.startsWith(".*?")
                && !source.startsWith(".**")
                && !source.contains("(?s")
                && !source.startsWith(".*+");
    }

    /**
     * Compiles a Python regular expression.
     *
     * @throws IllegalArgumentException when it is not valid, with the pattern and the reason
     */
    public static PythonRegex compile(String python) {
        try {
            String java = translate(python);
            // the same pattern, but not ending where it starts: \G is the start of a match begun with lookingAt
            return new PythonRegex(
                    python, Pattern.compile(java, FLAGS), Pattern.compile("(?:" + java + ")(?!\\G)", FLAGS));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "invalid regular expression '" + python + "': " + e.getDescription() + " near index "
                            + e.getIndex(),
                    e);
        }
    }

    /** The pattern as it was written. */
    public String source() {
        return source;
    }

    /** The number of capturing groups. */
    public int groupCount() {
        return pattern.matcher("").groupCount();
    }

    /** Python's {@code re.search}: the first match anywhere in the text. */
    public Optional<MatchResult> search(String text) {
        return Optional.ofNullable(new Scan(text).find(0, false));
    }

    /**
     * Python's {@code re.findall}: for a pattern without groups the matched texts, with one group that group's
     * texts, with several groups a list of the groups' texts per match (unmatched groups as empty strings).
     */
    public List<Object> findAll(String text) {
        List<Object> out = new ArrayList<>();
        Scan scan = new Scan(text);
        for (MatchResult m = scan.next(); m != null; m = scan.next()) {
            out.add(found(m));
        }
        return out;
    }

    /** Python's {@code re.finditer}: every non-overlapping match, in order. */
    public List<MatchResult> matches(String text) {
        List<MatchResult> out = new ArrayList<>();
        Scan scan = new Scan(text);
        for (MatchResult m = scan.next(); m != null; m = scan.next()) {
            out.add(m);
        }
        return out;
    }

    /** The first element of {@link #findAll}, found without scanning the rest of the text. */
    public Optional<Object> findFirst(String text) {
        return search(text).map(PythonRegex::found);
    }

    private static Object found(MatchResult m) {
        int groups = m.groupCount();
        if (groups == 0) {
            return m.group();
        }
        if (groups == 1) {
            return orEmpty(m.group(1));
        }
        List<String> tuple = new ArrayList<>(groups);
        for (int g = 1; g <= groups; g++) {
            tuple.add(orEmpty(m.group(g)));
        }
        return tuple;
    }

    /** Python's {@code re.sub} with a replacement computed from each match. */
    public String sub(String text, Function<MatchResult, String> replacement) {
        return substitute(text, replacement, 0);
    }

    /** Python's {@code re.sub} with a literal replacement, at most {@code count} times when count is positive. */
    public String subLiteral(String text, String replacement, int count) {
        return substitute(text, m -> replacement, count);
    }

    private String substitute(String text, Function<MatchResult, String> replacement, int count) {
        Scan scan = new Scan(text);
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        for (int done = 0; count <= 0 || done < count; done++) {
            MatchResult m = scan.next();
            if (m == null) {
                break;
            }
            sb.append(text, last, m.start()).append(replacement.apply(m));
            last = m.end();
        }
        return sb.append(text, last, text.length()).toString();
    }

    /** One operation on one text: its matchers share one step budget. */
    private final class Scan {
        private final String text;
        private final BoundedText bounded;
        private final Matcher main;
        private Matcher advancing;
        private int pos;
        private boolean mustAdvance;

        Scan(String text) {
            this.text = text;
            this.bounded = BoundedText.of(text, source);
            this.main = bounds(pattern.matcher(bounded));
        }

        private Matcher bounds(Matcher m) {
            // lookbehinds, \b and ^ see the text before the region; \A and \z are the text's ends
            return m.useTransparentBounds(true).useAnchoringBounds(false);
        }

        /** The next of the non-overlapping matches from the start of the text ({@code finditer}), or null. */
        MatchResult next() {
            if (pos > text.length()) {
                return null;
            }
            MatchResult m = find(pos, mustAdvance);
            if (m == null) {
                pos = text.length() + 1;
                return null;
            }
            mustAdvance = m.end() == m.start();
            pos = m.end();
            return m;
        }

        /**
         * The leftmost match at or after {@code from}; when {@code mustAdvance} (the previous match was empty and
         * ended there), not an empty match at {@code from}, though a longer one there is taken (Python 3.7+:
         * {@code re.sub(r'^.*?(?=\d)', '', '24')} is {@code '4'}). java.util.regex instead skips a character after
         * an empty match.
         */
        MatchResult find(int from, boolean mustAdvance) {
            try {
                return findOrOverflow(from, mustAdvance);
            } catch (StackOverflowError e) {
                // java.util.regex recurses per repetition of a group with alternatives: a long input overflows
                throw new RegexStackOverflowException(source, text.length());
            }
        }

        private MatchResult findOrOverflow(int from, boolean mustAdvance) {
            if (mustAdvance) {
                if (advancing == null) {
                    advancing = bounds(nonEmpty.matcher(bounded));
                }
                advancing.region(from, text.length());
                if (advancing.lookingAt()) {
                    return advancing.toMatchResult();
                }
                if (from >= text.length()) {
                    return null;
                }
                from += Character.charCount(text.codePointAt(from));
            }
            if (leadingDotStar) {
                int start = from;
                while (true) {
                    main.region(start, text.length());
                    if (main.lookingAt()) {
                        return main.toMatchResult();
                    }
                    int nl = text.indexOf('\n', start);
                    if (nl < 0) {
                        return null;
                    }
                    start = nl + 1;
                }
            }
            main.region(from, text.length());
            return main.find() ? main.toMatchResult() : null;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Rewrites Python regex syntax that {@link Pattern} reads differently. */
    static String translate(String py) {
        StringBuilder out = new StringBuilder(py.length() + 8);
        boolean inClass = false;
        int i = 0;
        int n = py.length();
        while (i < n) {
            char c = py.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char next = py.charAt(i + 1);
                if (next == 'Z' && !inClass) {
                    out.append("\\z");
                } else {
                    out.append(c).append(next);
                }
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                } else if (c == '[') {
                    out.append("\\[");
                } else if (c == '&' && i + 1 < n && py.charAt(i + 1) == '&') {
                    out.append("&\\&");
                    i++;
                } else {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                i++;
                if (i < n && py.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < n && py.charAt(i) == ']') {
                    // a ']' first in a class is a literal in Python
                    out.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '(' && py.startsWith("(?P<", i)) {
                out.append("(?<");
                int close = py.indexOf('>', i);
                out.append(groupName(py.substring(i + 4, close < 0 ? n : close)));
                i = close < 0 ? n : close;
                continue;
            }
            if (c == '(' && py.startsWith("(?P=", i)) {
                int close = py.indexOf(')', i);
                out.append("\\k<")
                        .append(groupName(py.substring(i + 4, close < 0 ? n : close)))
                        .append('>');
                i = close < 0 ? n : close + 1;
                continue;
            }
            if (c == '{') {
                int close = py.indexOf('}', i);
                String body = close < 0 ? null : py.substring(i + 1, close);
                if (body != null && body.matches("\\d+(,\\d*)?")) {
                    out.append(py, i, close + 1);
                    i = close + 1;
                } else if (body != null && body.matches(",\\d+")) {
                    out.append("{0").append(body).append('}');
                    i = close + 1;
                } else {
                    out.append("\\{");
                    i++;
                }
                continue;
            }
            if (c == '}') {
                out.append("\\}");
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Java group names allow only letters and digits; Python's also allow '_'. */
    private static String groupName(String name) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < name.length(); k++) {
            char ch = name.charAt(k);
            if (Character.isLetterOrDigit(ch) && ch < 128) {
                sb.append(ch);
            } else {
                sb.append("x").append((int) ch).append("x");
            }
        }
        if (sb.length() == 0 || !Character.isLetter(sb.charAt(0))) {
            sb.insert(0, 'g');
        }
        return sb.toString();
    }
}
