package dev.evals4j.core.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * CPython 3.11's regular expression parser ({@code Lib/re/_parser.py}, and the checks of {@code _compiler.py}),
 * ported function by function: the same tokenizer, the same decisions (when {@code {} is a literal, when
 * {@code \12} is a group reference or an octal escape, where flags may stand) and the same error messages at the
 * same positions, counted in code points. The tree it builds is CPython's, without the optimisations that do not
 * change what matches.
 */
final class PythonPatternParser {
    // re._constants
    static final int TEMPLATE = 1;
    static final int IGNORECASE = 2;
    static final int LOCALE = 4;
    static final int MULTILINE = 8;
    static final int DOTALL = 16;
    static final int UNICODE = 32;
    static final int VERBOSE = 64;
    static final int DEBUG = 128;
    static final int ASCII = 256;
    static final int TYPE_FLAGS = ASCII | LOCALE | UNICODE;
    static final int GLOBAL_FLAGS = DEBUG | TEMPLATE;
    static final long MAXREPEAT = 4294967295L;
    static final long MAXGROUPS = 1073741823L;
    static final long MAXCODE = 4294967295L;
    /** Stands for CPython's {@code MAXWIDTH} (1 << 64): widths only matter up to {@link #MAXCODE}. */
    static final long MAXWIDTH = Long.MAX_VALUE;

    private static final String SPECIAL_CHARS = ".\\[{()*+?^$|";
    private static final String REPEAT_CHARS = "*+?{";
    private static final String DIGITS = "0123456789";
    private static final String OCTDIGITS = "01234567";
    private static final String HEXDIGITS = "0123456789abcdefABCDEF";
    private static final String WHITESPACE = " \t\n\r\u000B\f";

    // ---------------------------------------------------------------------------------------------------------
    // The tree (re._parser's SubPattern items)

    /** One item of a sub-pattern. */
    sealed interface Node
            permits Literal,
                    NotLiteral,
                    Any,
                    In,
                    At,
                    Branch,
                    Subpattern,
                    Atomic,
                    Repeat,
                    GroupRef,
                    GroupRefExists,
                    Assert {}

    /** One code point. */
    record Literal(int cp) implements Node {}

    /** Any code point but this one ({@code [^x]}). */
    record NotLiteral(int cp) implements Node {}

    /** {@code .}. */
    record Any() implements Node {}

    /** A character set; {@code \d} and its kin outside a class are sets of one category. */
    record In(boolean negate, List<SetItem> items) implements Node {}

    /** A zero-width position test. */
    record At(AtCode code) implements Node {}

    /** Alternatives. */
    record Branch(List<List<Node>> alternatives) implements Node {}

    /**
     * A group: capturing when {@code group > 0}; with the flags it turns on and off; {@code start} and {@code end}
     * delimit it in the pattern.
     */
    record Subpattern(int group, int addFlags, int delFlags, List<Node> body, int start, int end) implements Node {}

    /** {@code (?>…)}. */
    record Atomic(List<Node> body) implements Node {}

    /** A repeat of {@code item}; {@code max == MAXREPEAT} is unbounded; whether the item can match nothing. */
    record Repeat(RepeatKind kind, long min, long max, List<Node> item, boolean nullable) implements Node {}

    /** {@code \1} or {@code (?P=name)}; {@code start} and {@code end} delimit it in the pattern. */
    record GroupRef(int group, int start, int end) implements Node {}

    /** {@code (?(1)yes|no)}; {@code no} may be null. */
    record GroupRefExists(int group, List<Node> yes, List<Node> no, int start, int end) implements Node {}

    /** A look-ahead ({@code direction 1}) or look-behind ({@code -1}), negated or not. */
    record Assert(int direction, boolean negate, List<Node> body) implements Node {}

    /** A member of a character set. */
    sealed interface SetItem permits SetLiteral, SetRange, SetCategory {}

    /** One code point of a set. */
    record SetLiteral(int cp) implements SetItem {}

    /** A range of code points, both ends included. */
    record SetRange(int lo, int hi) implements SetItem {}

    /** {@code \d \D \s \S \w \W} in a set. */
    record SetCategory(Category category) implements SetItem {}

    /** The categories of {@code \d \D \s \S \w \W}. */
    enum Category {
        DIGIT,
        NOT_DIGIT,
        SPACE,
        NOT_SPACE,
        WORD,
        NOT_WORD
    }

    /** The position tests of {@code ^ $ \A \Z \b \B}. */
    enum AtCode {
        BEGINNING,
        BEGINNING_STRING,
        END,
        END_STRING,
        BOUNDARY,
        NON_BOUNDARY
    }

    /** Greedy, lazy ({@code *?}) or possessive ({@code *+}). */
    enum RepeatKind {
        MAX_REPEAT,
        MIN_REPEAT,
        POSSESSIVE_REPEAT
    }

    /** A parsed pattern: its items, its global flags, its groups. */
    record Parsed(List<Node> items, int flags, int groups, Map<String, Integer> groupIndex) {}

    // ---------------------------------------------------------------------------------------------------------
    // The tokenizer (re._parser.Tokenizer): a token is one code point, or a backslash and the code point after it

    static final class Source {
        final int[] string;
        int index;
        String next;

        Source(String pattern) {
            this.string = pattern.codePoints().toArray();
            advance();
        }

        private void advance() {
            int i = index;
            if (i >= string.length) {
                next = null;
                return;
            }
            int c = string[i];
            if (c == '\\') {
                i++;
                if (i >= string.length) {
                    throw PythonSyntaxError.at("bad escape (end of pattern)", string, string.length - 1);
                }
                next = new String(new int[] {c, string[i]}, 0, 2);
            } else {
                next = Character.toString(c);
            }
            index = i + 1;
        }

        boolean match(String c) {
            if (c.equals(next)) {
                advance();
                return true;
            }
            return false;
        }

        String get() {
            String t = next;
            advance();
            return t;
        }

        String getwhile(int n, String charset) {
            StringBuilder result = new StringBuilder();
            for (int k = 0; k < n; k++) {
                String c = next;
                if (!in(c, charset)) {
                    break;
                }
                result.append(c);
                advance();
            }
            return result.toString();
        }

        String getuntil(String terminator, String name) {
            StringBuilder result = new StringBuilder();
            while (true) {
                String c = next;
                advance();
                if (c == null) {
                    if (result.length() == 0) {
                        throw error("missing " + name, 0);
                    }
                    throw error("missing " + terminator + ", unterminated name", len(result.toString()));
                }
                if (c.equals(terminator)) {
                    if (result.length() == 0) {
                        throw error("missing " + name, 1);
                    }
                    break;
                }
                result.append(c);
            }
            return result.toString();
        }

        int tell() {
            return index - (next == null ? 0 : len(next));
        }

        void seek(int i) {
            index = i;
            advance();
        }

        PythonSyntaxError error(String msg, int offset) {
            return PythonSyntaxError.at(msg, string, tell() - offset);
        }

        void checkgroupname(String name, int offset) {
            if (!isIdentifier(name)) {
                throw error("bad character in group name " + repr(name), len(name) + offset);
            }
        }
    }

    /** Python's {@code c in charset} for a token and a string of single characters. */
    static boolean in(String token, String charset) {
        return token != null && token.codePointCount(0, token.length()) == 1 && charset.contains(token);
    }

    static int len(String s) {
        return s.codePointCount(0, s.length());
    }

    private static boolean isEscape(String token) {
        return token.charAt(0) == '\\';
    }

    /** The code point after the backslash of an escape token. */
    private static int escaped(String token) {
        return token.codePointAt(1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // State (re._parser.State)

    private final Source source;
    private int flags;
    private final Map<String, Integer> groupdict = new LinkedHashMap<>();
    private final List<long[]> groupwidths = new ArrayList<>();
    private Integer lookbehindgroups;
    private final Map<Integer, Integer> grouprefpos = new LinkedHashMap<>();

    private PythonPatternParser(String pattern) {
        this.source = new Source(pattern);
        groupwidths.add(null); // group 0
    }

    private int groups() {
        return groupwidths.size();
    }

    private int opengroup(String name) {
        int gid = groups();
        groupwidths.add(null);
        if (groups() > MAXGROUPS) {
            throw new PythonSyntaxError("too many groups");
        }
        if (name != null) {
            Integer ogid = groupdict.get(name);
            if (ogid != null) {
                throw new PythonSyntaxError(
                        "redefinition of group name " + repr(name) + " as group " + gid + "; was group " + ogid);
            }
            groupdict.put(name, gid);
        }
        return gid;
    }

    private void closegroup(int gid, List<Node> p) {
        groupwidths.set(gid, width(p));
    }

    private boolean checkgroup(int gid) {
        return gid < groups() && groupwidths.get(gid) != null;
    }

    private void checklookbehindgroup(int gid) {
        if (lookbehindgroups != null) {
            if (!checkgroup(gid)) {
                throw source.error("cannot refer to an open group", 0);
            }
            if (gid >= lookbehindgroups) {
                throw source.error("cannot refer to group defined in the same lookbehind subpattern", 0);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Widths (SubPattern.getwidth)

    long[] width(List<Node> p) {
        long lo = 0;
        long hi = 0;
        for (Node node : p) {
            if (node instanceof Branch b) {
                long i = MAXWIDTH;
                long j = 0;
                for (List<Node> alternative : b.alternatives()) {
                    long[] w = width(alternative);
                    i = Math.min(i, w[0]);
                    j = Math.max(j, w[1]);
                }
                lo = add(lo, i);
                hi = add(hi, j);
            } else if (node instanceof Atomic a) {
                long[] w = width(a.body());
                lo = add(lo, w[0]);
                hi = add(hi, w[1]);
            } else if (node instanceof Subpattern s) {
                long[] w = width(s.body());
                lo = add(lo, w[0]);
                hi = add(hi, w[1]);
            } else if (node instanceof Repeat r) {
                long[] w = width(r.item());
                lo = add(lo, multiply(w[0], r.min()));
                if (r.max() == MAXREPEAT && w[1] != 0) {
                    hi = MAXWIDTH;
                } else {
                    hi = add(hi, multiply(w[1], r.max()));
                }
            } else if (node instanceof Literal
                    || node instanceof NotLiteral
                    || node instanceof Any
                    || node instanceof In) {
                lo = add(lo, 1);
                hi = add(hi, 1);
            } else if (node instanceof GroupRef g) {
                long[] w = groupwidths.get(g.group());
                lo = add(lo, w[0]);
                hi = add(hi, w[1]);
            } else if (node instanceof GroupRefExists c) {
                long[] w = width(c.yes());
                long i = w[0];
                long j = w[1];
                if (c.no() != null) {
                    long[] v = width(c.no());
                    i = Math.min(i, v[0]);
                    j = Math.max(j, v[1]);
                } else {
                    i = 0;
                }
                lo = add(lo, i);
                hi = add(hi, j);
            }
        }
        return new long[] {lo, hi};
    }

    private static long add(long a, long b) {
        long r = a + b;
        return r < 0 ? MAXWIDTH : r;
    }

    private static long multiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > MAXWIDTH / b ? MAXWIDTH : a * b;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Escapes

    private Object classEscape(String escape) {
        Object code = simpleEscape(escape);
        if (code != null) {
            return code;
        }
        Category category = categoryEscape(escape);
        if (category != null) {
            return new SetCategory(category);
        }
        int c = escaped(escape);
        String full = escape;
        if (c == 'x') {
            full += source.getwhile(2, HEXDIGITS);
            if (len(full) != 4) {
                throw source.error("incomplete escape " + full, len(full));
            }
            return new SetLiteral(Integer.parseInt(full.substring(2), 16));
        } else if (c == 'u') {
            full += source.getwhile(4, HEXDIGITS);
            if (len(full) != 6) {
                throw source.error("incomplete escape " + full, len(full));
            }
            return new SetLiteral(Integer.parseInt(full.substring(2), 16));
        } else if (c == 'U') {
            full += source.getwhile(8, HEXDIGITS);
            if (len(full) != 10) {
                throw source.error("incomplete escape " + full, len(full));
            }
            long value = Long.parseLong(full.substring(2), 16);
            if (value > Character.MAX_CODE_POINT) {
                throw source.error("bad escape " + full, len(full));
            }
            return new SetLiteral((int) value);
        } else if (c == 'N') {
            return new SetLiteral(namedCharacter());
        } else if (OCTDIGITS.indexOf(c) >= 0) {
            full += source.getwhile(2, OCTDIGITS);
            int value = Integer.parseInt(full.substring(1), 8);
            if (value > 0377) {
                throw source.error("octal escape value " + full + " outside of range 0-0o377", len(full));
            }
            return new SetLiteral(value);
        } else if (DIGITS.indexOf(c) >= 0) {
            throw source.error("bad escape " + full, len(full));
        }
        if (isAsciiLetter(c)) {
            throw source.error("bad escape " + full, len(full));
        }
        return new SetLiteral(c);
    }

    private Node escape(String escape) {
        AtCode at = atEscape(escape);
        if (at != null) {
            return new At(at);
        }
        Category category = categoryEscape(escape);
        if (category != null) {
            return new In(false, List.of(new SetCategory(category)));
        }
        SetLiteral simple = simpleEscape(escape);
        if (simple != null) {
            return new Literal(simple.cp());
        }
        int c = escaped(escape);
        String full = escape;
        if (c == 'x') {
            full += source.getwhile(2, HEXDIGITS);
            if (len(full) != 4) {
                throw source.error("incomplete escape " + full, len(full));
            }
            return new Literal(Integer.parseInt(full.substring(2), 16));
        } else if (c == 'u') {
            full += source.getwhile(4, HEXDIGITS);
            if (len(full) != 6) {
                throw source.error("incomplete escape " + full, len(full));
            }
            return new Literal(Integer.parseInt(full.substring(2), 16));
        } else if (c == 'U') {
            full += source.getwhile(8, HEXDIGITS);
            if (len(full) != 10) {
                throw source.error("incomplete escape " + full, len(full));
            }
            long value = Long.parseLong(full.substring(2), 16);
            if (value > Character.MAX_CODE_POINT) {
                throw source.error("bad escape " + full, len(full));
            }
            return new Literal((int) value);
        } else if (c == 'N') {
            return new Literal(namedCharacter());
        } else if (c == '0') {
            full += source.getwhile(2, OCTDIGITS);
            return new Literal(Integer.parseInt(full.substring(1), 8));
        } else if (DIGITS.indexOf(c) >= 0) {
            // octal escape *or* decimal group reference (sigh)
            int start = source.tell() - 2;
            if (in(source.next, DIGITS)) {
                full += source.get();
                if (OCTDIGITS.indexOf(full.charAt(1)) >= 0
                        && OCTDIGITS.indexOf(full.charAt(2)) >= 0
                        && in(source.next, OCTDIGITS)) {
                    full += source.get();
                    int value = Integer.parseInt(full.substring(1), 8);
                    if (value > 0377) {
                        throw source.error("octal escape value " + full + " outside of range 0-0o377", len(full));
                    }
                    return new Literal(value);
                }
            }
            int group = Integer.parseInt(full.substring(1));
            if (group < groups()) {
                if (!checkgroup(group)) {
                    throw source.error("cannot refer to an open group", len(full));
                }
                checklookbehindgroup(group);
                return new GroupRef(group, start, source.tell());
            }
            throw source.error("invalid group reference " + group, len(full) - 1);
        }
        if (isAsciiLetter(c)) {
            throw source.error("bad escape " + full, len(full));
        }
        return new Literal(c);
    }

    private int namedCharacter() {
        if (!source.match("{")) {
            throw source.error("missing {", 0);
        }
        String name = source.getuntil("}", "character name");
        int cp = -1;
        // Java trims the name and matches it case-insensitively; Python's unicodedata.lookup does not trim
        if (name.strip().equals(name)) {
            try {
                cp = Character.codePointOf(name);
            } catch (IllegalArgumentException e) {
                cp = -1;
            }
        }
        if (cp < 0) {
            throw source.error("undefined character name " + repr(name), len(name) + 4);
        }
        return cp;
    }

    private static SetLiteral simpleEscape(String escape) {
        return switch (escape) {
            case "\\a" -> new SetLiteral(7);
            case "\\b" -> new SetLiteral(8);
            case "\\f" -> new SetLiteral('\f');
            case "\\n" -> new SetLiteral('\n');
            case "\\r" -> new SetLiteral('\r');
            case "\\t" -> new SetLiteral('\t');
            case "\\v" -> new SetLiteral(0x0B);
            case "\\\\" -> new SetLiteral('\\');
            default -> null;
        };
    }

    private static Category categoryEscape(String escape) {
        return switch (escape) {
            case "\\d" -> Category.DIGIT;
            case "\\D" -> Category.NOT_DIGIT;
            case "\\s" -> Category.SPACE;
            case "\\S" -> Category.NOT_SPACE;
            case "\\w" -> Category.WORD;
            case "\\W" -> Category.NOT_WORD;
            default -> null;
        };
    }

    private static AtCode atEscape(String escape) {
        return switch (escape) {
            case "\\A" -> AtCode.BEGINNING_STRING;
            case "\\b" -> AtCode.BOUNDARY;
            case "\\B" -> AtCode.NON_BOUNDARY;
            case "\\Z" -> AtCode.END_STRING;
            default -> null;
        };
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    // ---------------------------------------------------------------------------------------------------------
    // The parser (_parse_sub, _parse, _parse_flags, parse)

    static Parsed parse(String pattern) {
        PythonPatternParser parser = new PythonPatternParser(pattern);
        return parser.parseAll();
    }

    private Parsed parseAll() {
        List<Node> p = parseSub(false, 0);
        // fix_flags
        if ((flags & ASCII) == 0) {
            flags |= UNICODE;
        } else if ((flags & UNICODE) != 0) {
            throw new PythonSyntaxError("ASCII and UNICODE flags are incompatible");
        }
        if (source.next != null) {
            throw source.error("unbalanced parenthesis", 0);
        }
        for (Map.Entry<Integer, Integer> e : grouprefpos.entrySet()) {
            if (e.getKey() >= groups()) {
                throw PythonSyntaxError.at("invalid group reference " + e.getKey(), source.string, e.getValue());
            }
        }
        compileChecks(p, flags);
        refuseUnsupported(p, new Context(flags, true, true, false, false, false, false, false));
        return new Parsed(List.copyOf(p), flags, groups() - 1, Map.copyOf(groupdict));
    }

    /** The errors CPython's compiler raises, in the order it meets them. */
    private void compileChecks(List<Node> p, int flags) {
        for (Node node : p) {
            if (node instanceof Repeat r) {
                if ((flags & TEMPLATE) != 0) {
                    throw new PythonSyntaxError("internal: unsupported template operator " + r.kind());
                }
                compileChecks(r.item(), flags);
            } else if (node instanceof Subpattern s) {
                compileChecks(s.body(), combineFlags(flags, s.addFlags(), s.delFlags()));
            } else if (node instanceof Atomic a) {
                compileChecks(a.body(), flags);
            } else if (node instanceof Assert a) {
                if (a.direction() < 0) {
                    long[] w = width(a.body());
                    if (w[0] > MAXCODE) {
                        throw new PythonSyntaxError("looks too much behind");
                    }
                    if (w[0] != w[1]) {
                        throw new PythonSyntaxError("look-behind requires fixed-width pattern");
                    }
                }
                compileChecks(a.body(), flags);
            } else if (node instanceof Branch b) {
                for (List<Node> alternative : b.alternatives()) {
                    compileChecks(alternative, flags);
                }
            } else if (node instanceof GroupRefExists c) {
                compileChecks(c.yes(), flags);
                if (c.no() != null) {
                    compileChecks(c.no(), flags);
                }
            }
        }
    }

    /**
     * Where a construct sits, for {@link #refuseUnsupported}: whether every path through the pattern passes here
     * exactly once ({@code once}), whether a group here is set by every path through the enclosing look-around
     * ({@code mandatory}), and which enclosing constructs there are.
     */
    private record Context(
            int flags,
            boolean once,
            boolean mandatory,
            boolean lookbehind,
            boolean negative,
            boolean positive,
            boolean unsafePositive,
            boolean atomic) {}

    /**
     * The constructs that java.util.regex cannot run with Python's meaning: PythonRegex refuses them rather than
     * match differently. The first one met, in the pattern's order, is named; {@code generate_corpus.py} finds the
     * same one on CPython's parse tree.
     */
    private void refuseUnsupported(List<Node> p, Context c) {
        for (Node node : p) {
            if (node instanceof GroupRefExists g) {
                throw unsupported(
                        "a conditional group",
                        g.start(),
                        g.end(),
                        "java.util.regex has no equivalent; write the two cases as alternatives");
            } else if (node instanceof GroupRef g) {
                if (c.lookbehind()) {
                    throw unsupported(
                            "a group reference in a look-behind",
                            g.start(),
                            g.end(),
                            "java.util.regex must know how far a look-behind reaches before it matches");
                }
                if ((c.flags() & IGNORECASE) != 0 && (c.flags() & ASCII) == 0) {
                    throw unsupported(
                            "a case-insensitive group reference",
                            g.start(),
                            g.end(),
                            "java.util.regex takes \u017f and s, \u0131 and i, \u03c2 and \u03c3 (and a few more) for the same"
                                    + " letter there, Python does not; add (?a) for ASCII-only case folding, or match"
                                    + " case-sensitively");
                }
            } else if (node instanceof Subpattern s) {
                if (s.group() > 0 && !c.negative()) {
                    if (c.atomic()) {
                        throw unsupported(
                                "a capturing group in an atomic group or a possessive repeat",
                                s.start(),
                                s.end(),
                                KEEPS_CAPTURES + "; make it non-capturing, (?:...)");
                    }
                    if (c.positive() && (c.unsafePositive() || !c.mandatory())) {
                        throw unsupported(
                                "a capturing group in a look-around",
                                s.start(),
                                s.end(),
                                KEEPS_CAPTURES
                                        + " (here the look-around may run more than once, or the group may not take part);"
                                        + " make it non-capturing, (?:...), or move the look-around out of the repeat or"
                                        + " alternative");
                    }
                }
                refuseUnsupported(s.body(), with(c, combineFlags(c.flags(), s.addFlags(), s.delFlags())));
            } else if (node instanceof Atomic a) {
                refuseUnsupported(
                        a.body(),
                        new Context(
                                c.flags(),
                                c.once(),
                                c.mandatory(),
                                c.lookbehind(),
                                c.negative(),
                                c.positive(),
                                c.unsafePositive(),
                                true));
            } else if (node instanceof Repeat r) {
                if (repeatsEmptyMatches(r)) {
                    Subpattern group = firstCapture(r.item());
                    if (group != null) {
                        throw unsupported(
                                "a repeat of a group that can match the empty string",
                                group.start(),
                                group.end(),
                                "java.util.regex stops repeating it after an empty match, where Python"
                                        + " goes on to the minimum count and one more; make the group non-capturing,"
                                        + " (?:...), or unable to match the empty string (e.g. (a+)* rather than"
                                        + " (a*)+)");
                    }
                }
                refuseUnsupported(
                        r.item(),
                        new Context(
                                c.flags(),
                                c.once() && r.min() == 1 && r.max() == 1,
                                c.mandatory() && r.min() >= 1,
                                c.lookbehind(),
                                c.negative(),
                                c.positive(),
                                c.unsafePositive(),
                                c.atomic() || r.kind() == RepeatKind.POSSESSIVE_REPEAT));
            } else if (node instanceof Branch b) {
                for (List<Node> alternative : b.alternatives()) {
                    refuseUnsupported(
                            alternative,
                            new Context(
                                    c.flags(),
                                    false,
                                    false,
                                    c.lookbehind(),
                                    c.negative(),
                                    c.positive(),
                                    c.unsafePositive(),
                                    c.atomic()));
                }
            } else if (node instanceof Assert a) {
                boolean behind = c.lookbehind() || a.direction() < 0;
                if (a.negate()) {
                    refuseUnsupported(
                            a.body(),
                            new Context(
                                    c.flags(),
                                    c.once(),
                                    c.mandatory(),
                                    behind,
                                    true,
                                    c.positive(),
                                    c.unsafePositive(),
                                    c.atomic()));
                } else {
                    refuseUnsupported(
                            a.body(),
                            new Context(
                                    c.flags(),
                                    c.once(),
                                    true,
                                    behind,
                                    c.negative(),
                                    true,
                                    c.unsafePositive() || !c.once(),
                                    c.atomic()));
                }
            }
        }
    }

    /**
     * Whether java.util.regex and Python may repeat this differently: java.util.regex stops after an iteration that
     * matched nothing, Python goes on while below the minimum, and then tries one optional iteration anyway.
     */
    static boolean repeatsEmptyMatches(Repeat r) {
        return r.nullable() && r.min() >= 1 && (r.min() >= 2 || r.max() > r.min());
    }

    private static final String KEEPS_CAPTURES = "java.util.regex keeps what such a group captured when the"
            + " match fails after it and backtracks, Python drops it";

    private static Context with(Context c, int flags) {
        return new Context(
                flags,
                c.once(),
                c.mandatory(),
                c.lookbehind(),
                c.negative(),
                c.positive(),
                c.unsafePositive(),
                c.atomic());
    }

    private static Subpattern firstCapture(List<Node> items) {
        for (Node node : items) {
            Subpattern found = null;
            if (node instanceof Subpattern s) {
                found = s.group() > 0 ? s : firstCapture(s.body());
            } else if (node instanceof Atomic a) {
                found = firstCapture(a.body());
            } else if (node instanceof Repeat r) {
                found = firstCapture(r.item());
            } else if (node instanceof Assert a) {
                found = firstCapture(a.body());
            } else if (node instanceof Branch b) {
                for (List<Node> alternative : b.alternatives()) {
                    found = firstCapture(alternative);
                    if (found != null) {
                        break;
                    }
                }
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private PythonSyntaxError unsupported(String construct, int start, int end, String why) {
        return new PythonSyntaxError(construct + ", " + text(start, end) + " at position " + start
                + ", is not supported by evals4j: " + why);
    }

    private String text(int start, int end) {
        return new String(source.string, start, end - start);
    }

    static int combineFlags(int flags, int addFlags, int delFlags) {
        if ((addFlags & TYPE_FLAGS) != 0) {
            flags &= ~TYPE_FLAGS;
        }
        return (flags | addFlags) & ~delFlags;
    }

    private List<Node> parseSub(boolean verbose, int nested) {
        List<List<Node>> items = new ArrayList<>();
        while (true) {
            items.add(parseItems(verbose, nested + 1, nested == 0 && items.isEmpty()));
            if (!source.match("|")) {
                break;
            }
            if (nested == 0) {
                verbose = (flags & VERBOSE) != 0;
            }
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        List<Node> subpattern = new ArrayList<>();
        // check if all items share a common prefix
        while (true) {
            Node prefix = null;
            boolean shared = true;
            for (List<Node> item : items) {
                if (item.isEmpty()) {
                    shared = false;
                    break;
                }
                if (prefix == null) {
                    prefix = item.get(0);
                } else if (!sameItem(item.get(0), prefix)) {
                    shared = false;
                    break;
                }
            }
            if (!shared) {
                break;
            }
            for (List<Node> item : items) {
                item.remove(0);
            }
            subpattern.add(prefix);
        }
        // check if the branch can be replaced by a character set (which changes how IGNORECASE treats it)
        List<SetItem> set = new ArrayList<>();
        boolean characters = true;
        for (List<Node> item : items) {
            if (item.size() != 1) {
                characters = false;
                break;
            }
            Node node = item.get(0);
            if (node instanceof Literal l) {
                set.add(new SetLiteral(l.cp()));
            } else if (node instanceof In in && !in.negate()) {
                set.addAll(in.items());
            } else {
                characters = false;
                break;
            }
        }
        if (characters) {
            subpattern.add(new In(false, List.copyOf(new LinkedHashSet<>(set))));
            return subpattern;
        }
        List<List<Node>> alternatives = new ArrayList<>();
        for (List<Node> item : items) {
            alternatives.add(List.copyOf(item));
        }
        subpattern.add(new Branch(List.copyOf(alternatives)));
        return subpattern;
    }

    /** Python's {@code ==} on two items: by value for the simple ones, by identity (never here) for the rest. */
    private static boolean sameItem(Node a, Node b) {
        if (a instanceof GroupRef x && b instanceof GroupRef y) {
            return x.group() == y.group();
        }
        boolean simple = a instanceof Literal
                || a instanceof NotLiteral
                || a instanceof Any
                || a instanceof In
                || a instanceof At;
        return simple && a.equals(b);
    }

    private List<Node> parseItems(boolean verbose, int nested, boolean first) {
        List<Node> subpattern = new ArrayList<>();
        while (true) {
            String self = source.next;
            if (self == null) {
                break;
            }
            if (self.equals("|") || self.equals(")")) {
                break;
            }
            source.get();
            if (verbose) {
                // skip whitespace and comments
                if (in(self, WHITESPACE)) {
                    continue;
                }
                if (self.equals("#")) {
                    while (true) {
                        self = source.get();
                        if (self == null || self.equals("\n")) {
                            break;
                        }
                    }
                    continue;
                }
            }
            if (isEscape(self)) {
                subpattern.add(escape(self));
            } else if (!in(self, SPECIAL_CHARS)) {
                subpattern.add(new Literal(self.codePointAt(0)));
            } else if (self.equals("[")) {
                subpattern.add(parseSet());
            } else if (in(self, REPEAT_CHARS)) {
                if (!parseRepeat(self, subpattern)) {
                    continue;
                }
            } else if (self.equals(".")) {
                subpattern.add(new Any());
            } else if (self.equals("(")) {
                int start = source.tell() - 1;
                boolean capture = true;
                boolean atomic = false;
                String name = null;
                int addFlags = 0;
                int delFlags = 0;
                if (source.match("?")) {
                    String c = source.get();
                    if (c == null) {
                        throw source.error("unexpected end of pattern", 0);
                    }
                    if (c.equals("P")) {
                        if (source.match("<")) {
                            name = source.getuntil(">", "group name");
                            source.checkgroupname(name, 1);
                        } else if (source.match("=")) {
                            name = source.getuntil(")", "group name");
                            source.checkgroupname(name, 1);
                            Integer gid = groupdict.get(name);
                            if (gid == null) {
                                throw source.error("unknown group name " + repr(name), len(name) + 1);
                            }
                            if (!checkgroup(gid)) {
                                throw source.error("cannot refer to an open group", len(name) + 1);
                            }
                            checklookbehindgroup(gid);
                            subpattern.add(new GroupRef(gid, start, source.tell()));
                            continue;
                        } else {
                            String d = source.get();
                            if (d == null) {
                                throw source.error("unexpected end of pattern", 0);
                            }
                            throw source.error("unknown extension ?P" + d, len(d) + 2);
                        }
                    } else if (c.equals(":")) {
                        capture = false;
                    } else if (c.equals("#")) {
                        while (true) {
                            if (source.next == null) {
                                throw source.error("missing ), unterminated comment", source.tell() - start);
                            }
                            if (")".equals(source.get())) {
                                break;
                            }
                        }
                        continue;
                    } else if (c.equals("=") || c.equals("!") || c.equals("<")) {
                        int direction = 1;
                        Integer saved = null;
                        if (c.equals("<")) {
                            c = source.get();
                            if (c == null) {
                                throw source.error("unexpected end of pattern", 0);
                            }
                            if (!c.equals("=") && !c.equals("!")) {
                                throw source.error("unknown extension ?<" + c, len(c) + 2);
                            }
                            direction = -1;
                            saved = lookbehindgroups;
                            if (saved == null) {
                                lookbehindgroups = groups();
                            }
                        }
                        List<Node> p = parseSub(verbose, nested + 1);
                        if (direction < 0 && saved == null) {
                            lookbehindgroups = null;
                        }
                        if (!source.match(")")) {
                            throw source.error("missing ), unterminated subpattern", source.tell() - start);
                        }
                        subpattern.add(new Assert(direction, c.equals("!"), List.copyOf(p)));
                        continue;
                    } else if (c.equals("(")) {
                        subpattern.add(parseConditional(verbose, nested, start));
                        continue;
                    } else if (c.equals(">")) {
                        capture = false;
                        atomic = true;
                    } else if (isFlag(c) || c.equals("-")) {
                        int[] parsedFlags = parseFlags(c);
                        if (parsedFlags == null) {
                            if (!first || !subpattern.isEmpty()) {
                                throw source.error(
                                        "global flags not at the start of the expression", source.tell() - start);
                            }
                            verbose = (flags & VERBOSE) != 0;
                            continue;
                        }
                        addFlags = parsedFlags[0];
                        delFlags = parsedFlags[1];
                        capture = false;
                    } else {
                        throw source.error("unknown extension ?" + c, len(c) + 1);
                    }
                }
                int group = 0;
                if (capture) {
                    try {
                        group = opengroup(name);
                    } catch (PythonSyntaxError e) {
                        throw source.error(e.getMessage(), (name == null ? 0 : len(name)) + 1);
                    }
                }
                boolean subVerbose = (verbose || (addFlags & VERBOSE) != 0) && (delFlags & VERBOSE) == 0;
                List<Node> p = parseSub(subVerbose, nested + 1);
                if (!source.match(")")) {
                    throw source.error("missing ), unterminated subpattern", source.tell() - start);
                }
                if (group > 0) {
                    closegroup(group, p);
                }
                if (atomic) {
                    subpattern.add(new Atomic(List.copyOf(p)));
                } else {
                    subpattern.add(new Subpattern(group, addFlags, delFlags, List.copyOf(p), start, source.tell()));
                }
            } else if (self.equals("^")) {
                subpattern.add(new At(AtCode.BEGINNING));
            } else if (self.equals("$")) {
                subpattern.add(new At(AtCode.END));
            } else {
                throw new IllegalStateException("unsupported special character " + self);
            }
        }
        // unpack non-capturing groups
        for (int i = subpattern.size() - 1; i >= 0; i--) {
            if (subpattern.get(i) instanceof Subpattern s && s.group() == 0 && s.addFlags() == 0 && s.delFlags() == 0) {
                subpattern.remove(i);
                subpattern.addAll(i, s.body());
            }
        }
        return subpattern;
    }

    private Node parseSet() {
        int here = source.tell() - 1;
        List<SetItem> set = new ArrayList<>();
        boolean negate = source.match("^");
        while (true) {
            String self = source.get();
            if (self == null) {
                throw source.error("unterminated character set", source.tell() - here);
            }
            if (self.equals("]") && !set.isEmpty()) {
                break;
            }
            Object code1;
            if (isEscape(self)) {
                code1 = classEscape(self);
            } else {
                code1 = new SetLiteral(self.codePointAt(0));
            }
            if (source.match("-")) {
                // potential range
                String that = source.get();
                if (that == null) {
                    throw source.error("unterminated character set", source.tell() - here);
                }
                if (that.equals("]")) {
                    set.add((SetItem) code1);
                    set.add(new SetLiteral('-'));
                    break;
                }
                Object code2 = isEscape(that) ? classEscape(that) : new SetLiteral(that.codePointAt(0));
                if (!(code1 instanceof SetLiteral lo) || !(code2 instanceof SetLiteral hi)) {
                    throw source.error("bad character range " + self + "-" + that, len(self) + 1 + len(that));
                }
                if (hi.cp() < lo.cp()) {
                    throw source.error("bad character range " + self + "-" + that, len(self) + 1 + len(that));
                }
                set.add(new SetRange(lo.cp(), hi.cp()));
            } else {
                set.add((SetItem) code1);
            }
        }
        List<SetItem> unique = List.copyOf(new LinkedHashSet<>(set));
        if (unique.size() == 1 && unique.get(0) instanceof SetLiteral literal) {
            return negate ? new NotLiteral(literal.cp()) : new Literal(literal.cp());
        }
        return new In(negate, unique);
    }

    /** Applies a quantifier to the last item; false when the token was a literal {@code {} after all. */
    private boolean parseRepeat(String self, List<Node> subpattern) {
        int here = source.tell();
        long min;
        long max;
        if (self.equals("?")) {
            min = 0;
            max = 1;
        } else if (self.equals("*")) {
            min = 0;
            max = MAXREPEAT;
        } else if (self.equals("+")) {
            min = 1;
            max = MAXREPEAT;
        } else {
            if ("}".equals(source.next)) {
                subpattern.add(new Literal('{'));
                return false;
            }
            min = 0;
            max = MAXREPEAT;
            StringBuilder lo = new StringBuilder();
            StringBuilder hi = new StringBuilder();
            while (in(source.next, DIGITS)) {
                lo.append(source.get());
            }
            if (source.match(",")) {
                while (in(source.next, DIGITS)) {
                    hi.append(source.get());
                }
            } else {
                hi.append(lo);
            }
            if (!source.match("}")) {
                subpattern.add(new Literal('{'));
                source.seek(here);
                return false;
            }
            if (lo.length() > 0) {
                min = repeatCount(lo.toString());
            }
            if (hi.length() > 0) {
                max = repeatCount(hi.toString());
                if (max < min) {
                    throw source.error("min repeat greater than max repeat", source.tell() - here);
                }
            }
        }
        Node item = subpattern.isEmpty() ? null : subpattern.get(subpattern.size() - 1);
        if (item == null || item instanceof At) {
            throw source.error("nothing to repeat", source.tell() - here + len(self));
        }
        if (item instanceof Repeat) {
            throw source.error("multiple repeat", source.tell() - here + len(self));
        }
        List<Node> repeated = List.of(item);
        if (item instanceof Subpattern s && s.group() == 0 && s.addFlags() == 0 && s.delFlags() == 0) {
            repeated = s.body();
        }
        RepeatKind kind = RepeatKind.MAX_REPEAT;
        if (source.match("?")) {
            kind = RepeatKind.MIN_REPEAT;
        } else if (source.match("+")) {
            kind = RepeatKind.POSSESSIVE_REPEAT;
        }
        subpattern.set(subpattern.size() - 1, new Repeat(kind, min, max, repeated, width(repeated)[0] == 0));
        return true;
    }

    private static long repeatCount(String digits) {
        BigInteger value = new BigInteger(digits);
        if (value.compareTo(BigInteger.valueOf(MAXREPEAT)) >= 0) {
            throw new PythonSyntaxError("the repetition number is too large");
        }
        return value.longValue();
    }

    private Node parseConditional(boolean verbose, int nested, int start) {
        String condname = source.getuntil(")", "group name");
        int condgroup;
        if (isIdentifier(condname)) {
            Integer gid = groupdict.get(condname);
            if (gid == null) {
                throw source.error("unknown group name " + repr(condname), len(condname) + 1);
            }
            condgroup = gid;
        } else {
            BigInteger value = pythonInt(condname);
            if (value == null || value.signum() < 0) {
                throw source.error("bad character in group name " + repr(condname), len(condname) + 1);
            }
            if (value.signum() == 0) {
                throw source.error("bad group number", len(condname) + 1);
            }
            if (value.compareTo(BigInteger.valueOf(MAXGROUPS)) >= 0) {
                throw source.error("invalid group reference " + value, len(condname) + 1);
            }
            condgroup = value.intValue();
            grouprefpos.putIfAbsent(condgroup, source.tell() - len(condname) - 1);
        }
        checklookbehindgroup(condgroup);
        List<Node> yes = parseItems(verbose, nested + 1, false);
        List<Node> no = null;
        if (source.match("|")) {
            no = parseItems(verbose, nested + 1, false);
            if ("|".equals(source.next)) {
                throw source.error("conditional backref with more than two branches", 0);
            }
        }
        if (!source.match(")")) {
            throw source.error("missing ), unterminated subpattern", source.tell() - start);
        }
        return new GroupRefExists(
                condgroup, List.copyOf(yes), no == null ? null : List.copyOf(no), start, source.tell());
    }

    private static boolean isFlag(String c) {
        return c.length() == 1 && "iLmsxatu".indexOf(c.charAt(0)) >= 0;
    }

    private static int flag(String c) {
        return switch (c) {
            case "i" -> IGNORECASE;
            case "L" -> LOCALE;
            case "m" -> MULTILINE;
            case "s" -> DOTALL;
            case "x" -> VERBOSE;
            case "a" -> ASCII;
            case "t" -> TEMPLATE;
            case "u" -> UNICODE;
            default -> throw new IllegalArgumentException(c);
        };
    }

    /** {@code _parse_flags}: null for global flags (which it records), else the flags turned on and off. */
    private int[] parseFlags(String c) {
        int addFlags = 0;
        int delFlags = 0;
        if (!c.equals("-")) {
            while (true) {
                int f = flag(c);
                if (c.equals("L")) {
                    throw source.error("bad inline flags: cannot use 'L' flag with a str pattern", 0);
                }
                addFlags |= f;
                if ((f & TYPE_FLAGS) != 0 && (addFlags & TYPE_FLAGS) != f) {
                    throw source.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible", 0);
                }
                c = source.get();
                if (c == null) {
                    throw source.error("missing -, : or )", 0);
                }
                if (c.equals(")") || c.equals("-") || c.equals(":")) {
                    break;
                }
                if (!isFlag(c)) {
                    String msg = isAlpha(c) ? "unknown flag" : "missing -, : or )";
                    throw source.error(msg, len(c));
                }
            }
        }
        if (c.equals(")")) {
            flags |= addFlags;
            return null;
        }
        if ((addFlags & GLOBAL_FLAGS) != 0) {
            throw source.error("bad inline flags: cannot turn on global flag", 1);
        }
        if (c.equals("-")) {
            c = source.get();
            if (c == null) {
                throw source.error("missing flag", 0);
            }
            if (!isFlag(c)) {
                String msg = isAlpha(c) ? "unknown flag" : "missing flag";
                throw source.error(msg, len(c));
            }
            while (true) {
                int f = flag(c);
                if ((f & TYPE_FLAGS) != 0) {
                    throw source.error("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", 0);
                }
                delFlags |= f;
                c = source.get();
                if (c == null) {
                    throw source.error("missing :", 0);
                }
                if (c.equals(":")) {
                    break;
                }
                if (!isFlag(c)) {
                    String msg = isAlpha(c) ? "unknown flag" : "missing :";
                    throw source.error(msg, len(c));
                }
            }
        }
        if ((delFlags & GLOBAL_FLAGS) != 0) {
            throw source.error("bad inline flags: cannot turn off global flag", 1);
        }
        if ((addFlags & delFlags) != 0) {
            throw source.error("bad inline flags: flag turned on and off", 1);
        }
        return new int[] {addFlags, delFlags};
    }

    /** Python's {@code str.isalpha()} for a token (an escape token is never alphabetic). */
    private static boolean isAlpha(String s) {
        return s.codePoints().allMatch(Character::isLetter);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Python's str helpers that the messages and names depend on

    /** Python's {@code str.isidentifier()}. */
    static boolean isIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        int first = s.codePointAt(0);
        if (first != '_' && !Character.isUnicodeIdentifierStart(first)) {
            return false;
        }
        for (int i = Character.charCount(first); i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!Character.isUnicodeIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** Python's {@code int(s)} for a string: surrounding whitespace, a sign, decimal digits with single '_'. */
    static BigInteger pythonInt(String s) {
        String t = PyText.strip(s);
        int i = 0;
        boolean negative = false;
        if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
            negative = t.charAt(0) == '-';
            i = 1;
        }
        StringBuilder digits = new StringBuilder();
        boolean lastUnderscore = true;
        while (i < t.length()) {
            int cp = t.codePointAt(i);
            int d = Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER ? Character.digit(cp, 10) : -1;
            if (d >= 0) {
                digits.append((char) ('0' + d));
                lastUnderscore = false;
            } else if (cp == '_' && !lastUnderscore) {
                lastUnderscore = true;
            } else {
                return null;
            }
            i += Character.charCount(cp);
        }
        if (digits.length() == 0 || lastUnderscore) {
            return null;
        }
        BigInteger value = new BigInteger(digits.toString());
        return negative ? value.negate() : value;
    }

    /** Python's {@code repr()} of a string. */
    static String repr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        s.codePoints().forEach(cp -> {
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp < ' ' || cp == 0x7F) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp < 0x7F || isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp <= 0xFF) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xFFFF) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        });
        return sb.append(quote).toString();
    }

    private static boolean isPrintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            case Character.SPACE_SEPARATOR -> cp == ' ';
            default -> true;
        };
    }
}
