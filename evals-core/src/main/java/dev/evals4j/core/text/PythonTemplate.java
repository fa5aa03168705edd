package dev.evals4j.core.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;

/**
 * A replacement template of {@code re.sub}, parsed as CPython 3.11's {@code re._parser.parse_template} does:
 * {@code \1}–{@code \99} and {@code \g<n>} / {@code \g<name>} are groups (an unmatched group gives ""),
 * {@code \0} and three octal digits are characters, {@code \n \t \\} and their kin are escapes, other escapes of
 * ASCII letters are errors and any other escape stays as written, backslash included.
 */
final class PythonTemplate {
    private static final String DIGITS = "0123456789";
    private static final String OCTDIGITS = "01234567";

    /** Literal texts and group numbers in order: a String or an Integer. */
    private final List<Object> parts;

    private PythonTemplate(List<Object> parts) {
        this.parts = parts;
    }

    /**
     * Parses a template for a pattern with {@code groups} groups.
     *
     * @throws PythonSyntaxError with CPython's message
     */
    static PythonTemplate parse(String template, int groups, Map<String, Integer> groupIndex) {
        PythonPatternParser.Source s = new PythonPatternParser.Source(template);
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        while (true) {
            String self = s.get();
            if (self == null) {
                break;
            }
            if (self.charAt(0) != '\\') {
                literal.append(self);
                continue;
            }
            int c = self.codePointAt(1);
            if (c == 'g') {
                if (!s.match("<")) {
                    throw s.error("missing <", 0);
                }
                String name = s.getuntil(">", "group name");
                int offset = PythonPatternParser.len(name) + 1;
                int index;
                if (PythonPatternParser.isIdentifier(name)) {
                    Integer g = groupIndex.get(name);
                    if (g == null) {
                        throw new PythonSyntaxError("unknown group name " + PythonPatternParser.repr(name));
                    }
                    index = g;
                } else {
                    BigInteger value = PythonPatternParser.pythonInt(name);
                    if (value == null || value.signum() < 0) {
                        throw s.error("bad character in group name " + PythonPatternParser.repr(name), offset);
                    }
                    if (value.compareTo(BigInteger.valueOf(PythonPatternParser.MAXGROUPS)) >= 0) {
                        throw s.error("invalid group reference " + value, offset);
                    }
                    index = value.intValue();
                }
                addGroup(index, offset, groups, s, literal, parts);
            } else if (c == '0') {
                String digits = self.substring(1);
                if (PythonPatternParser.in(s.next, OCTDIGITS)) {
                    digits += s.get();
                    if (PythonPatternParser.in(s.next, OCTDIGITS)) {
                        digits += s.get();
                    }
                }
                literal.appendCodePoint(Integer.parseInt(digits, 8) & 0xFF);
            } else if (c >= '0' && c <= '9') {
                String escape = self;
                boolean octal = false;
                if (PythonPatternParser.in(s.next, DIGITS)) {
                    escape += s.get();
                    if (OCTDIGITS.indexOf(c) >= 0
                            && OCTDIGITS.indexOf(escape.charAt(2)) >= 0
                            && PythonPatternParser.in(s.next, OCTDIGITS)) {
                        escape += s.get();
                        octal = true;
                        int value = Integer.parseInt(escape.substring(1), 8);
                        if (value > 0377) {
                            throw s.error("octal escape value " + escape + " outside of range 0-0o377", 4);
                        }
                        literal.appendCodePoint(value);
                    }
                }
                if (!octal) {
                    addGroup(Integer.parseInt(escape.substring(1)), escape.length() - 1, groups, s, literal, parts);
                }
            } else {
                int escaped = simpleEscape(c);
                if (escaped >= 0) {
                    literal.appendCodePoint(escaped);
                } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    throw s.error("bad escape " + self, 2);
                } else {
                    literal.append(self);
                }
            }
        }
        flush(literal, parts);
        return new PythonTemplate(List.copyOf(parts));
    }

    private static void addGroup(
            int index,
            int offset,
            int groups,
            PythonPatternParser.Source s,
            StringBuilder literal,
            List<Object> parts) {
        if (index > groups) {
            throw s.error("invalid group reference " + index, offset);
        }
        flush(literal, parts);
        parts.add(index);
    }

    private static void flush(StringBuilder literal, List<Object> parts) {
        if (literal.length() > 0) {
            parts.add(literal.toString());
            literal.setLength(0);
        }
    }

    private static int simpleEscape(int e) {
        return switch (e) {
            case 'a' -> 7;
            case 'b' -> 8;
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> 0x0B;
            case '\\' -> '\\';
            default -> -1;
        };
    }

    /** The replacement for one match. */
    String expand(MatchResult match) {
        if (parts.size() == 1 && parts.get(0) instanceof String literal) {
            return literal;
        }
        StringBuilder sb = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String literal) {
                sb.append(literal);
            } else {
                String group = match.group((Integer) part);
                if (group != null) {
                    sb.append(group);
                }
            }
        }
        return sb.toString();
    }
}
