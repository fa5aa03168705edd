package dev.evals4j.core.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a piece of JSON, in words for the person who wrote it: Jackson's message without its advice to
 * programmers (which {@code JsonReadFeature} to enable, which {@code StreamReadConstraints} getter holds a limit)
 * and without the source excerpt it appends, such as {@code 'NaN' is not a JSON number: JSON has no NaN or
 * Infinity; write null, or the value as a string}.
 */
public final class JsonErrors {
    private static final String VALUE = "a JSON value (a string, number, array, object, true, false or null)";

    /** A rewrite of one Jackson message, in order; the first that matches applies. */
    private record Rewrite(Pattern pattern, Function<Matcher, String> text) {
        static Rewrite of(String regex, Function<Matcher, String> text) {
            return new Rewrite(Pattern.compile(regex, Pattern.DOTALL), text);
        }
    }

    private static final List<Rewrite> REWRITES = List.of(
            Rewrite.of(
                    "Non-standard token '([^']*)'.*",
                    m -> "'" + m.group(1) + "' is not a JSON number: JSON has no NaN or Infinity; write null, or the"
                            + " value as a string"),
            Rewrite.of(
                    "Unexpected character \\('/' \\(code 47\\)\\): maybe a \\(non-standard\\) comment.*",
                    m -> "a comment ('/'): JSON has no comments"),
            Rewrite.of(
                    "Unexpected character \\('\\+' \\(code 43\\)\\) in numeric value.*",
                    m -> "a number with a plus sign: JSON numbers take no '+' (write 1, not +1)"),
            Rewrite.of(
                    "Unexpected character \\(''' \\(code 39\\)\\).*",
                    m -> "a single quote ('): JSON strings and names take double quotes (\")"),
            Rewrite.of(
                    "Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*",
                    m -> "a control character (code " + m.group(1) + ") inside a string: write it escaped, such as"
                            + " \\t for a tab or \\n for a new line"),
            Rewrite.of(
                    "Unrecognized token '(True|False|None|TRUE|FALSE|NULL|Null)'.*",
                    m -> "unrecognized token '" + m.group(1) + "': JSON writes true, false and null in lower case"),
            Rewrite.of(
                    "Unrecognized token '([^']*)'.*",
                    m -> "unrecognized token '" + m.group(1) + "': expected " + VALUE),
            Rewrite.of(
                    "String value length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+).*",
                    m -> "a string of " + m.group(1) + " characters, longer than the " + m.group(2) + " evals4j reads"),
            Rewrite.of(
                    "Number value length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+).*",
                    m -> "a number of " + m.group(1) + " characters, longer than the " + m.group(2) + " evals4j reads"),
            Rewrite.of(
                    "Document nesting depth \\((\\d+)\\) exceeds the maximum allowed \\((\\d+).*",
                    m -> "values nested " + m.group(1) + " deep, deeper than the " + m.group(2) + " evals4j reads"),
            Rewrite.of(
                    "Unexpected end-of-input: expected close marker for (Object|Array)"
                            + " \\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\).*",
                    m -> "the input ends inside the " + noun(m.group(1)) + " opened at line " + m.group(2) + " column "
                            + m.group(3)),
            Rewrite.of(
                    "Unexpected end-of-input: was expecting closing quote for a string value.*",
                    m -> "the input ends inside a string"),
            Rewrite.of(
                    "Unexpected end-of-input within/between (Object|Array) entries.*",
                    m -> "the input ends inside " + (m.group(1).equals("Object") ? "an object" : "an array")),
            Rewrite.of(
                    "Unexpected close marker '(.)': expected '(.)' \\(for (Object|Array) starting at \\[Source: .*?;"
                            + " line: (\\d+), column: (\\d+)\\]\\).*",
                    m -> "'" + m.group(1) + "' where '" + m.group(2) + "' should close the " + noun(m.group(3))
                            + " opened at line " + m.group(4) + " column " + m.group(5)));

    /** Jackson's advice to programmers, and the parts of a message that show Jackson's internals. */
    private static final List<Pattern> CUTS = List.of(
            Pattern.compile(":? *enable `[^`]*` to allow"),
            Pattern.compile(" *\\(not recognized as one since Feature '[^']*' not enabled for parser\\)"),
            Pattern.compile(", from `[^`]*`"),
            Pattern.compile("(?s)\\n at \\[Source.*"),
            Pattern.compile("(?s) *\\[Source: .*?; line: \\d+, column: \\d+\\]"));

    private static final Pattern UNEXPECTED_CHARACTER =
            Pattern.compile("Unexpected character \\('(.)' \\(code \\d+\\)\\)");

    private JsonErrors() {}

    /**
     * What is wrong with a text of one line (a line of JSON Lines), as {@link #describe(JsonProcessingException)}
     * says it, with positions in the line by their column alone, and the reminder that a value must end on its line
     * when the line ended inside it.
     */
    public static String describeLine(JsonProcessingException e) {
        String what = describe(e).replace(" opened at line 1 column ", " opened at column ");
        return what.startsWith("the input ends inside") ? what + " (JSON Lines hold one whole object per line)" : what;
    }

    /** What is wrong, starting in lower case, without a location (callers name the file, line and column). */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return describe(message == null ? e.getClass().getSimpleName() : message);
    }

    static String describe(String message) {
        for (Rewrite r : REWRITES) {
            Matcher m = r.pattern().matcher(message);
            if (m.matches()) {
                return r.text().apply(m);
            }
        }
        String text = message;
        for (Pattern cut : CUTS) {
            text = cut.matcher(text).replaceAll("");
        }
        text = UNEXPECTED_CHARACTER
                .matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement("unexpected character '" + m.group(1) + "'"));
        text = text.replace(
                        "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or"
                                + " 'false')",
                        "expected " + VALUE)
                .replace(
                        "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                        "expected " + VALUE)
                .replace("was expecting ", "expected ")
                .strip();
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }

    private static String noun(String jacksonType) {
        return jacksonType.equals("Object") ? "object" : "array";
    }
}
