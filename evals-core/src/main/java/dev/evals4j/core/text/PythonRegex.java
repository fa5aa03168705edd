package dev.evals4j.core.text;

import dev.evals4j.core.text.PythonPatternParser.Any;
import dev.evals4j.core.text.PythonPatternParser.Node;
import dev.evals4j.core.text.PythonPatternParser.Parsed;
import dev.evals4j.core.text.PythonPatternParser.Repeat;
import dev.evals4j.core.text.PythonPatternParser.RepeatKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions written for Python's {@code re} module (as Llama Stack's and lm-evaluation-harness's
 * configurations are), run with {@link Pattern} and CPython 3.11's semantics.
 *
 * <p>A pattern is read by a port of CPython's own parser ({@code re._parser}): the same syntax ({@code (?P<name>…)},
 * {@code (?P=name)}, a <code>{</code> that does not start a quantifier, {@code {,n}}, {@code \Z}, inline and scoped
 * flags, {@code (?x)}) and the same errors, with CPython's messages and positions. It is then written as a Java
 * pattern that matches what CPython matches: {@code \d \w \s \b} and case folding as CPython defines them on
 * Unicode, {@code .} that stops only at {@code \n}, {@code ^ $} with and without {@code (?m)}, code points rather
 * than UTF-16 units. {@code findall}, {@code finditer} and {@code sub} follow Python 3.7+: after an empty match, a
 * non-empty match may start at the same position. The tests check all of this against a corpus recorded with
 * CPython ({@code python-regex/corpus.jsonl}).
 *
 * <p>{@link #compile} refuses, naming it, what java.util.regex cannot run with Python's meaning: conditional
 * groups, group references in a look-behind, case-insensitive group references without {@code (?a)}, capturing
 * groups in atomic groups or possessive repeats, capturing groups in a look-around that may run more than once on
 * a path (or whose group may not take part), and repeats of a capturing group that can match the empty string.
 *
 * <p>Every match runs under a step budget proportional to the input, so catastrophic backtracking cannot hang a
 * run, and an input too long for java.util.regex's recursion ends the same way instead of with a
 * {@link StackOverflowError}: both throw {@link RegexBudgetExceededException}, which scorers report as an unscored
 * sample. Instances are immutable and safe to share between threads.
 */
public final class PythonRegex {
    private final String source;
    private final Pattern pattern;
    private final Pattern nonEmpty;
    private final int groups;
    private final Map<String, Integer> groupIndex;
    private final boolean leadingDotStar;
    private final boolean capturesInAssertions;
    private final BitSet unmatched;

    private PythonRegex(String source, Parsed parsed) {
        this.source = source;
        JavaPatternWriter.Written written = JavaPatternWriter.write(parsed.items(), parsed.flags());
        String java = written.pattern();
        this.unmatched = written.unmatched();
        try {
            this.pattern = Pattern.compile(java + JavaPatternWriter.CODE_POINT_MODE);
            // the same pattern, but not ending where it starts: \G is the start of a match begun with lookingAt
            this.nonEmpty = Pattern.compile("(?:" + java + ")(?!\\G)" + JavaPatternWriter.CODE_POINT_MODE);
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException(
                    "PythonRegex wrote an invalid Java pattern for '" + source + "': " + e.getMessage(), e);
        }
        this.groups = parsed.groups();
        this.groupIndex = parsed.groupIndex();
        // A pattern that starts with ".*" (without DOTALL) matches from a line start whenever it matches inside
        // that line, so only line starts need trying: this keeps such patterns linear per line.
        List<Node> items = parsed.items();
        this.leadingDotStar = !items.isEmpty()
                && items.get(0) instanceof Repeat r
                && r.kind() == RepeatKind.MAX_REPEAT
                && r.min() == 0
                && r.max() == PythonPatternParser.MAXREPEAT
                && r.item().size() == 1
                && r.item().get(0) instanceof Any
                && (parsed.flags() & PythonPatternParser.DOTALL) == 0;
        this.capturesInAssertions = capturesInAssertions(items, false);
    }

    /**
     * Whether a capturing group sits in a look-around (or an atomic group or possessive repeat). java.util.regex
     * does not undo such a group's capture when the match fails after it, and its search does not clear captures
     * between start positions: a failed attempt at one position would leave a capture that CPython does not
     * report. Such patterns are tried one start position at a time, each attempt with cleared captures.
     */
    private static boolean capturesInAssertions(List<Node> items, boolean inside) {
        for (Node node : items) {
            if (node instanceof PythonPatternParser.Subpattern s) {
                if (inside && s.group() > 0) {
                    return true;
                }
                if (capturesInAssertions(s.body(), inside)) {
                    return true;
                }
            } else if (node instanceof PythonPatternParser.Assert a) {
                if (capturesInAssertions(a.body(), true)) {
                    return true;
                }
            } else if (node instanceof PythonPatternParser.Atomic a) {
                if (capturesInAssertions(a.body(), true)) {
                    return true;
                }
            } else if (node instanceof Repeat r) {
                if (capturesInAssertions(r.item(), inside || r.kind() == RepeatKind.POSSESSIVE_REPEAT)) {
                    return true;
                }
            } else if (node instanceof PythonPatternParser.Branch b) {
                for (List<Node> alternative : b.alternatives()) {
                    if (capturesInAssertions(alternative, inside)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Compiles a Python regular expression.
     *
     * @throws IllegalArgumentException when CPython refuses it, with the pattern and CPython's message (and
     *     position), or when it uses a construct that PythonRegex does not support, naming the construct
     */
    public static PythonRegex compile(String python) {
        Objects.requireNonNull(python, "python");
        try {
            return new PythonRegex(python, PythonPatternParser.parse(python));
        } catch (PythonSyntaxError e) {
            throw new IllegalArgumentException("invalid regular expression '" + python + "': " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException(
                    "invalid regular expression '" + abbreviate(python) + "': it is nested too deeply");
        }
    }

    /** The pattern as it was written. */
    public String source() {
        return source;
    }

    /** The number of capturing groups ({@code pattern.groups}). */
    public int groupCount() {
        return groups;
    }

    /** The group numbers of the named groups ({@code pattern.groupindex}). */
    public Map<String, Integer> groupIndex() {
        return groupIndex;
    }

    /** Python's {@code re.search}: the first match anywhere in the text. */
    public Optional<MatchResult> search(String text) {
        Scan scan = new Scan(text);
        return Optional.ofNullable(scan.find(0, false));
    }

    /** Python's {@code re.match}: a match that starts at the beginning of the text. */
    public Optional<MatchResult> match(String text) {
        Scan scan = new Scan(text);
        return Optional.ofNullable(scan.anchored(false));
    }

    /** Python's {@code re.fullmatch}: a match of the whole text. */
    public Optional<MatchResult> fullMatch(String text) {
        Scan scan = new Scan(text);
        return Optional.ofNullable(scan.anchored(true));
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
        return search(text).map(this::found);
    }

    private Object found(MatchResult m) {
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

    /**
     * Python's {@code re.sub(pattern, replacement, text, count)}: the replacement is a Python template
     * ({@code \1}, {@code \g<1>}, {@code \g<name>}, {@code \n}, …; an unmatched group gives ""), applied at most
     * {@code count} times when count is positive, everywhere when it is 0, nowhere when it is negative.
     *
     * @throws IllegalArgumentException when CPython refuses the template, with its message
     */
    public String sub(String text, String replacement, int count) {
        PythonTemplate template;
        try {
            template = PythonTemplate.parse(replacement, groups, groupIndex);
        } catch (PythonSyntaxError e) {
            throw new IllegalArgumentException("invalid replacement template '" + replacement + "' for the regex '"
                    + source + "': " + e.getMessage());
        }
        return substitute(text, template::expand, count);
    }

    /** Python's {@code re.sub} with a literal replacement, at most {@code count} times when count is positive. */
    public String subLiteral(String text, String replacement, int count) {
        return substitute(text, m -> replacement, count);
    }

    private String substitute(String text, Function<MatchResult, String> replacement, int count) {
        if (count < 0) {
            return text;
        }
        Scan scan = new Scan(text);
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        for (int done = 0; count == 0 || done < count; done++) {
            MatchResult m = scan.next();
            if (m == null) {
                break;
            }
            sb.append(text, last, m.start()).append(replacement.apply(m));
            last = m.end();
        }
        return sb.append(text, last, text.length()).toString();
    }

    private MatchResult result(Matcher m) {
        MatchResult r = m.toMatchResult();
        return unmatched.isEmpty() ? r : new MaskedMatch(r, unmatched);
    }

    /** A match whose groups in negative look-arounds are unmatched, as CPython reports them. */
    private record MaskedMatch(MatchResult match, BitSet unmatched) implements MatchResult {
        @Override
        public int start() {
            return match.start();
        }

        @Override
        public int start(int group) {
            return unmatched.get(group) ? -1 : match.start(group);
        }

        @Override
        public int end() {
            return match.end();
        }

        @Override
        public int end(int group) {
            return unmatched.get(group) ? -1 : match.end(group);
        }

        @Override
        public String group() {
            return match.group();
        }

        @Override
        public String group(int group) {
            return unmatched.get(group) ? null : match.group(group);
        }

        @Override
        public int groupCount() {
            return match.groupCount();
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static String abbreviate(String pattern) {
        return pattern.length() > 80 ? pattern.substring(0, 80) + "…" : pattern;
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
         * ended there), not an empty match at {@code from}, though a longer one there is taken (Python 3.7+).
         */
        MatchResult find(int from, boolean mustAdvance) {
            try {
                if (mustAdvance) {
                    if (advancing == null) {
                        advancing = bounds(nonEmpty.matcher(bounded));
                    }
                    advancing.region(from, text.length());
                    if (advancing.lookingAt()) {
                        return result(advancing);
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
                            return result(main);
                        }
                        int nl = text.indexOf('\n', start);
                        if (nl < 0) {
                            return null;
                        }
                        start = nl + 1;
                    }
                }
                if (capturesInAssertions) {
                    for (int start = from; start <= text.length(); ) {
                        main.region(start, text.length());
                        if (main.lookingAt()) {
                            return result(main);
                        }
                        start += start < text.length() ? Character.charCount(text.codePointAt(start)) : 1;
                    }
                    return null;
                }
                main.region(from, text.length());
                return main.find() ? result(main) : null;
            } catch (StackOverflowError e) {
                throw new RegexStackOverflowException(source, text.length());
            }
        }

        /** {@code re.match} or {@code re.fullmatch}. */
        MatchResult anchored(boolean whole) {
            try {
                main.region(0, text.length());
                boolean found = whole ? main.matches() : main.lookingAt();
                return found ? result(main) : null;
            } catch (StackOverflowError e) {
                throw new RegexStackOverflowException(source, text.length());
            }
        }
    }
}
