package dev.evals4j.core.text;

import static dev.evals4j.core.text.PythonPatternParser.ASCII;
import static dev.evals4j.core.text.PythonPatternParser.DOTALL;
import static dev.evals4j.core.text.PythonPatternParser.IGNORECASE;
import static dev.evals4j.core.text.PythonPatternParser.MAXREPEAT;
import static dev.evals4j.core.text.PythonPatternParser.MULTILINE;

import dev.evals4j.core.text.PythonPatternParser.Any;
import dev.evals4j.core.text.PythonPatternParser.Assert;
import dev.evals4j.core.text.PythonPatternParser.At;
import dev.evals4j.core.text.PythonPatternParser.Atomic;
import dev.evals4j.core.text.PythonPatternParser.Branch;
import dev.evals4j.core.text.PythonPatternParser.Category;
import dev.evals4j.core.text.PythonPatternParser.GroupRef;
import dev.evals4j.core.text.PythonPatternParser.GroupRefExists;
import dev.evals4j.core.text.PythonPatternParser.In;
import dev.evals4j.core.text.PythonPatternParser.Literal;
import dev.evals4j.core.text.PythonPatternParser.Node;
import dev.evals4j.core.text.PythonPatternParser.NotLiteral;
import dev.evals4j.core.text.PythonPatternParser.Repeat;
import dev.evals4j.core.text.PythonPatternParser.RepeatKind;
import dev.evals4j.core.text.PythonPatternParser.SetCategory;
import dev.evals4j.core.text.PythonPatternParser.SetItem;
import dev.evals4j.core.text.PythonPatternParser.SetLiteral;
import dev.evals4j.core.text.PythonPatternParser.SetRange;
import dev.evals4j.core.text.PythonPatternParser.Subpattern;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes CPython's parse tree as a {@link java.util.regex.Pattern} with the same matches. Nothing is left to
 * Java's reading of a construct where it differs from Python's: {@code \d \w \s} are written as the classes
 * CPython uses (checked against CPython over every code point by the tests), {@code \b \B ^ $} as look-arounds
 * with Python's rules, case-insensitive characters as explicit classes ({@link CaseFolding}), and the pattern is
 * compiled without flags. Groups keep CPython's numbers: only Python's capturing groups capture.
 */
final class JavaPatternWriter {
    /** The negative look-arounds being written, innermost last, by number. */
    private final Deque<Integer> negatives = new ArrayDeque<>();
    /** For each group, the innermost negative look-around that holds it, or 0. */
    private final Map<Integer, Integer> negativeOf = new HashMap<>();

    private int negativeCount;
    /** How many repeats (of more than once) enclose what is being written. */
    private int repeating;

    private JavaPatternWriter() {}

    /**
     * A written pattern: the Java pattern, and the groups that CPython never reports as matched because they sit
     * in a negative look-around (which succeeds only when its content fails); java.util.regex may leave a value in
     * them from an attempt that failed, so PythonRegex reports them as unmatched.
     */
    record Written(String pattern, BitSet unmatched) {}

    /**
     * A supplementary character, in a group repeated zero times: it matches nothing, but its presence makes
     * {@link java.util.regex.Pattern} step through the input and look behind by code points, as Python does,
     * never from the middle of a surrogate pair.
     */
    static final String CODE_POINT_MODE = "(?:\uD800\uDC00){0}";

    /** An alternative that never matches: it turns a group into one java.util.regex cannot repeat on the side. */
    private static final String NEVER = "(?:(?!)|)";

    private static final String NEVER_MATCHES = "(?!)";

    private static final String UNICODE_DIGIT = "\\p{Nd}";
    private static final String ASCII_DIGIT = "0-9";
    private static final String UNICODE_SPACE =
            "\\t\\n\\x{B}\\f\\r\\x{1C}-\\x{20}\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}"
                    + "\\x{205F}\\x{3000}";
    private static final String ASCII_SPACE = "\\t\\n\\x{B}\\f\\r\\x{20}";
    private static final String UNICODE_WORD = "\\p{L}\\p{N}_";
    private static final String ASCII_WORD = "A-Za-z0-9_";

    /** The Java pattern for a parsed Python pattern. */
    static Written write(List<Node> items, int flags) {
        JavaPatternWriter writer = new JavaPatternWriter();
        StringBuilder out = new StringBuilder();
        writer.sequence(items, flags, out);
        BitSet unmatched = new BitSet();
        writer.negativeOf.forEach((group, negative) -> {
            if (negative > 0) {
                unmatched.set(group);
            }
        });
        return new Written(out.toString(), unmatched);
    }

    private void sequence(List<Node> items, int flags, StringBuilder out) {
        for (Node node : items) {
            node(node, flags, out);
        }
    }

    private void node(Node node, int flags, StringBuilder out) {
        if (node instanceof Literal || node instanceof NotLiteral || node instanceof Any || node instanceof In) {
            out.append(unitClass(node, flags));
        } else if (node instanceof At at) {
            out.append(at(at, flags));
        } else if (node instanceof Branch branch) {
            if (branch.alternatives().stream().allMatch(JavaPatternWriter::isUnit)) {
                // alternatives of one character each are one class: the same matches, without the stack frame per
                // repetition that java.util.regex spends on a group of alternatives such as (.|\n)*
                out.append('[');
                for (List<Node> alternative : branch.alternatives()) {
                    out.append(unitClass(alternative.get(0), flags));
                }
                out.append(']');
                return;
            }
            out.append("(?:");
            boolean first = true;
            for (List<Node> alternative : branch.alternatives()) {
                if (!first) {
                    out.append('|');
                }
                first = false;
                sequence(alternative, flags, out);
            }
            out.append(')');
        } else if (node instanceof Subpattern s) {
            group(s, flags, "", out);
        } else if (node instanceof Atomic a) {
            out.append("(?>");
            sequence(a.body(), flags, out);
            out.append(')');
        } else if (node instanceof Repeat r) {
            if (PythonPatternParser.repeatsEmptyMatches(r)) {
                // java.util.regex stops repeating after an empty match, where Python repeats up to the minimum and
                // then tries one optional iteration anyway: the minimum is written out, and java's {0,n} repeats the
                // rest as Python does (the parser refused a capturing group here)
                boolean possessive = r.kind() == RepeatKind.POSSESSIVE_REPEAT;
                out.append(possessive ? "(?>" : "");
                for (long k = 0; k < r.min(); k++) {
                    out.append("(?:");
                    sequence(r.item(), flags, out);
                    out.append(')');
                }
                long rest = r.max() == MAXREPEAT ? MAXREPEAT : r.max() - r.min();
                if (rest > 0) {
                    node(
                            new Repeat(possessive ? RepeatKind.MAX_REPEAT : r.kind(), 0, rest, r.item(), true),
                            flags,
                            out);
                }
                out.append(possessive ? ")" : "");
                return;
            }
            // java.util.regex repeats a group without alternatives (GroupCurly) by matching its content on the side:
            // it does not undo the captures made there when the match fails later, and it writes the group's own
            // capture after the rest of the match succeeded, over what a later repeat of it captured. A group that
            // holds another group, can match nothing or sits in another repeat is made to take the general path
            // instead, by an alternative that never matches.
            boolean capturing = r.item().size() == 1 && r.item().get(0) instanceof Subpattern g && g.group() > 0;
            boolean general = captures(r.item(), capturing) || (capturing && (nullable(r.item()) || repeating > 0));
            if (r.max() > 1) {
                repeating++;
            }
            if (capturing) {
                group((Subpattern) r.item().get(0), flags, general ? NEVER : "", out);
            } else if (isUnit(r.item())) {
                node(r.item().get(0), flags, out);
            } else {
                out.append("(?:");
                sequence(r.item(), flags, out);
                out.append(general ? NEVER : "").append(')');
            }
            if (r.max() > 1) {
                repeating--;
            }
            out.append(quantifier(r.min(), r.max()));
            switch (r.kind()) {
                case MIN_REPEAT -> out.append('?');
                case POSSESSIVE_REPEAT -> out.append('+');
                case MAX_REPEAT -> {}
            }
        } else if (node instanceof GroupRef ref) {
            Integer negative = negativeOf.getOrDefault(ref.group(), 0);
            if (negative > 0 && !negatives.contains(negative)) {
                // a group of a negative look-around that is over never has a value in CPython
                out.append(NEVER_MATCHES);
                return;
            }
            // only an ASCII pattern gets here under IGNORECASE, where java's ASCII case folding is Python's
            out.append((flags & IGNORECASE) != 0 ? "(?i:\\" : "(?:\\")
                    .append(ref.group())
                    .append(')');
        } else if (node instanceof Assert a) {
            out.append(a.direction() > 0 ? "(?" : "(?<").append(a.negate() ? '!' : '=');
            if (a.negate()) {
                negatives.addLast(++negativeCount);
            }
            sequence(a.body(), flags, out);
            if (a.negate()) {
                negatives.removeLast();
            }
            out.append(')');
        } else if (node instanceof GroupRefExists) {
            throw new IllegalStateException("a conditional group reaches the writer; the parser refuses it");
        }
    }

    private void group(Subpattern s, int flags, String suffix, StringBuilder out) {
        if (s.group() > 0) {
            negativeOf.put(s.group(), negatives.isEmpty() ? 0 : negatives.peekLast());
        }
        out.append(s.group() > 0 ? "(" : "(?:");
        sequence(s.body(), PythonPatternParser.combineFlags(flags, s.addFlags(), s.delFlags()), out);
        out.append(suffix).append(')');
    }

    /** Whether some item holds a capturing group (besides the item itself, when {@code besidesItself}). */
    private static boolean captures(List<Node> items, boolean besidesItself) {
        for (Node node : items) {
            if (node instanceof Subpattern s) {
                if ((s.group() > 0 && !besidesItself) || captures(s.body(), false)) {
                    return true;
                }
            } else if (node instanceof Atomic a && captures(a.body(), false)) {
                return true;
            } else if (node instanceof Repeat r && captures(r.item(), false)) {
                return true;
            } else if (node instanceof Assert a && captures(a.body(), false)) {
                return true;
            } else if (node instanceof Branch b) {
                for (List<Node> alternative : b.alternatives()) {
                    if (captures(alternative, false)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the items may match the empty string (a group reference counts as possibly empty). */
    static boolean nullable(List<Node> items) {
        for (Node node : items) {
            boolean empty;
            if (node instanceof Literal || node instanceof NotLiteral || node instanceof Any || node instanceof In) {
                empty = false;
            } else if (node instanceof Subpattern s) {
                empty = nullable(s.body());
            } else if (node instanceof Atomic a) {
                empty = nullable(a.body());
            } else if (node instanceof Repeat r) {
                empty = r.min() == 0 || nullable(r.item());
            } else if (node instanceof Branch b) {
                empty = b.alternatives().stream().anyMatch(JavaPatternWriter::nullable);
            } else {
                empty = true;
            }
            if (!empty) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnit(List<Node> alternative) {
        if (alternative.size() != 1) {
            return false;
        }
        Node n = alternative.get(0);
        return n instanceof Literal || n instanceof NotLiteral || n instanceof Any || n instanceof In;
    }

    private static String quantifier(long min, long max) {
        long javaMin = Math.min(min, Integer.MAX_VALUE);
        if (max == MAXREPEAT) {
            return min == 0 ? "*" : min == 1 ? "+" : "{" + javaMin + ",}";
        }
        long javaMax = Math.min(max, Integer.MAX_VALUE);
        if (min == 0 && max == 1) {
            return "?";
        }
        return min == max ? "{" + javaMin + "}" : "{" + javaMin + "," + javaMax + "}";
    }

    private static String at(At at, int flags) {
        boolean ascii = (flags & ASCII) != 0;
        String word = "[" + (ascii ? ASCII_WORD : UNICODE_WORD) + "]";
        return switch (at.code()) {
            case BEGINNING -> (flags & MULTILINE) != 0 ? "(?<![^\\n])" : "\\A";
            case BEGINNING_STRING -> "\\A";
            case END -> (flags & MULTILINE) != 0 ? "(?=\\n|\\z)" : "(?=\\n?\\z)";
            case END_STRING -> "\\z";
            case BOUNDARY -> "(?:(?<=" + word + ")(?!" + word + ")|(?<!" + word + ")(?=" + word + "))";
                // CPython's \B never matches in an empty string
            case NON_BOUNDARY -> "(?:(?<=" + word + ")(?=" + word + ")|(?<!" + word + ")(?!" + word
                    + ")(?:(?<=[\\x{0}-\\x{10FFFF}])|(?=[\\x{0}-\\x{10FFFF}])))";
        };
    }

    /** A class for one-character node: a literal, a negated literal, {@code .} or a set. */
    private static String unitClass(Node node, int flags) {
        boolean ignoreCase = (flags & IGNORECASE) != 0;
        boolean ascii = (flags & ASCII) != 0;
        if (node instanceof Literal l) {
            int[] matching = ignoreCase ? CaseFolding.matching(l.cp(), ascii) : new int[] {l.cp()};
            if (matching.length == 1) {
                return literal(l.cp());
            }
            return "[" + codePoints(matching) + "]";
        }
        if (node instanceof NotLiteral n) {
            int[] matching = ignoreCase ? CaseFolding.matching(n.cp(), ascii) : new int[] {n.cp()};
            return "[^" + codePoints(matching) + "]";
        }
        if (node instanceof Any) {
            return (flags & DOTALL) != 0 ? "[\\x{0}-\\x{10FFFF}]" : "[^\\n]";
        }
        return set((In) node, ignoreCase, ascii);
    }

    /**
     * A set as CPython matches it: the union of its members, or its complement. Under IGNORECASE, when CPython
     * finds a cased member, it tests the lower case of the character against the members' lower cases, their
     * {@code _casefix} equivalents and the categories, except that a member beyond the BMP is kept as written and
     * a range reaching beyond it also accepts a character whose upper case is in it; the code points that this
     * adds or removes are listed (only those that have a case can differ).
     */
    private static String set(In in, boolean ignoreCase, boolean ascii) {
        StringBuilder inner = new StringBuilder();
        for (SetItem item : in.items()) {
            if (item instanceof SetLiteral l) {
                inner.append(literal(l.cp()));
            } else if (item instanceof SetRange r) {
                inner.append(literal(r.lo())).append('-').append(literal(r.hi()));
            } else {
                switch (((SetCategory) item).category()) {
                    case DIGIT -> inner.append(ascii ? ASCII_DIGIT : UNICODE_DIGIT);
                    case SPACE -> inner.append(ascii ? ASCII_SPACE : UNICODE_SPACE);
                    case WORD -> inner.append(ascii ? ASCII_WORD : UNICODE_WORD);
                    case NOT_DIGIT -> inner.append("[^")
                            .append(ascii ? ASCII_DIGIT : UNICODE_DIGIT)
                            .append(']');
                    case NOT_SPACE -> inner.append("[^")
                            .append(ascii ? ASCII_SPACE : UNICODE_SPACE)
                            .append(']');
                    case NOT_WORD -> inner.append("[^")
                            .append(ascii ? ASCII_WORD : UNICODE_WORD)
                            .append(']');
                }
            }
        }
        if (ignoreCase && hasCased(in, ascii)) {
            FoldedSet folded = new FoldedSet(in, ascii);
            StringBuilder removed = new StringBuilder();
            StringBuilder added = new StringBuilder();
            for (int cp : CaseFolding.affected()) {
                boolean plain = contains(in, cp, ascii);
                boolean python = folded.contains(cp);
                if (plain && !python) {
                    removed.append(literal(cp));
                } else if (python && !plain) {
                    added.append(literal(cp));
                }
            }
            if (removed.length() > 0) {
                inner = new StringBuilder("[[")
                        .append(inner)
                        .append("]&&[^")
                        .append(removed)
                        .append("]]");
            }
            inner.append(added);
        }
        return (in.negate() ? "[^" : "[") + inner + "]";
    }

    /** CPython's {@code hascased}: a cased member, or one beyond the BMP. */
    private static boolean hasCased(In in, boolean ascii) {
        for (SetItem item : in.items()) {
            if (item instanceof SetLiteral l
                    && (CaseFolding.lower(l.cp(), ascii) > 0xFFFF || CaseFolding.isCased(l.cp(), ascii))) {
                return true;
            }
            if (item instanceof SetRange r && (r.hi() > 0xFFFF || CaseFolding.anyCased(r.lo(), r.hi(), ascii))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a set holds a code point, case-sensitively. */
    private static boolean contains(In in, int cp, boolean ascii) {
        for (SetItem item : in.items()) {
            if (item instanceof SetLiteral l && l.cp() == cp) {
                return true;
            }
            if (item instanceof SetRange r && r.lo() <= cp && cp <= r.hi()) {
                return true;
            }
            if (item instanceof SetCategory c && inCategory(c.category(), cp, ascii)) {
                return true;
            }
        }
        return false;
    }

    /**
     * CPython's IGNORECASE set ({@code IN_UNI_IGNORE} / {@code IN_IGNORE}): a map of the lower cases of the BMP
     * members and their {@code _casefix} equivalents, the members beyond the BMP as written, the ranges reaching
     * beyond it, and the categories; a character matches when its lower case is found there.
     */
    private static final class FoldedSet {
        private final In in;
        private final boolean ascii;
        private final BitSet charmap = new BitSet(0x10000);
        private final List<Integer> tailLiterals = new ArrayList<>();
        private final List<SetRange> tailRanges = new ArrayList<>();

        FoldedSet(In in, boolean ascii) {
            this.in = in;
            this.ascii = ascii;
            for (SetItem item : in.items()) {
                if (item instanceof SetLiteral l) {
                    int lower = CaseFolding.lower(l.cp(), ascii);
                    if (lower <= 0xFFFF) {
                        mark(lower);
                    } else {
                        tailLiterals.add(l.cp());
                    }
                } else if (item instanceof SetRange r) {
                    for (int x = r.lo(); x <= Math.min(r.hi(), 0xFFFF); x++) {
                        mark(CaseFolding.lower(x, ascii));
                    }
                    if (r.hi() > 0xFFFF) {
                        tailRanges.add(r);
                    }
                }
            }
        }

        private void mark(int lower) {
            charmap.set(lower);
            if (!ascii) {
                for (int e : CaseFolding.equivalents(lower)) {
                    charmap.set(e);
                }
            }
        }

        boolean contains(int cp) {
            int l = CaseFolding.lower(cp, ascii);
            if (l <= 0xFFFF && charmap.get(l)) {
                return true;
            }
            if (tailLiterals.contains(l)) {
                return true;
            }
            for (SetRange r : tailRanges) {
                int u = CaseFolding.upper(l);
                if ((r.lo() <= l && l <= r.hi()) || (r.lo() <= u && u <= r.hi())) {
                    return true;
                }
            }
            for (SetItem item : in.items()) {
                if (item instanceof SetCategory c && inCategory(c.category(), l, ascii)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The categories as the classes above write them. */
    static boolean inCategory(Category category, int cp, boolean ascii) {
        return switch (category) {
            case DIGIT -> isDigit(cp, ascii);
            case NOT_DIGIT -> !isDigit(cp, ascii);
            case SPACE -> isSpace(cp, ascii);
            case NOT_SPACE -> !isSpace(cp, ascii);
            case WORD -> isWord(cp, ascii);
            case NOT_WORD -> !isWord(cp, ascii);
        };
    }

    private static boolean isDigit(int cp, boolean ascii) {
        return ascii ? cp >= '0' && cp <= '9' : Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER;
    }

    private static boolean isSpace(int cp, boolean ascii) {
        if (ascii) {
            return cp == ' ' || (cp >= '\t' && cp <= '\r');
        }
        return (cp >= '\t' && cp <= '\r') || (cp >= 0x1C && cp <= 0x20) || PyText.isSpace(cp);
    }

    private static boolean isWord(int cp, boolean ascii) {
        if (ascii) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
        }
        if (cp == '_' || Character.isLetter(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static String codePoints(int[] cps) {
        StringBuilder sb = new StringBuilder();
        for (int cp : cps) {
            sb.append(literal(cp));
        }
        return sb.toString();
    }

    private static String literal(int cp) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')) {
            return Character.toString(cp);
        }
        return "\\x{" + Integer.toHexString(cp) + "}";
    }
}
