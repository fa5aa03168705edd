package dev.evals4j.scorers.internal;

import dev.evals4j.core.text.PyText;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a number as models and answer keys write it: surrounding whitespace, a sign, {@code $}, thousands separators
 * ({@code 1,450,000}), a trailing period or {@code %}, a simple fraction {@code a/b}, scientific notation, Unicode
 * digits, and a unit or word after the number ({@code 18 dollars}, {@code 5 cm}).
 */
public final class NumberForms {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern GROUPED = Pattern.compile("\\d{1,3}(,\\d{3})+(\\.\\d*)?");
    private static final Pattern UNIT = Pattern.compile("(.*?\\d\\.?)\\s*[\\p{L}°][\\p{L}\\s.²³/°]*");

    private NumberForms() {}

    /** The value, or empty when the text is not one number in a common form. */
    public static Optional<BigDecimal> read(String text) {
        String s = text.strip();
        if (s.length() > 1000 || s.isEmpty()) {
            return Optional.empty();
        }
        Optional<BigDecimal> plain = readPlain(s);
        if (plain.isPresent()) {
            return plain;
        }
        Matcher unit = UNIT.matcher(s);
        if (unit.matches()) {
            return readPlain(unit.group(1).strip());
        }
        OptionalDouble python = PyText.parseFloat(s);
        if (python.isPresent() && Double.isFinite(python.getAsDouble())) {
            return Optional.of(new BigDecimal(Double.toString(python.getAsDouble())));
        }
        return Optional.empty();
    }

    private static Optional<BigDecimal> readPlain(String text) {
        String s = text;
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.startsWith("-");
            s = s.substring(1).strip();
        }
        if (s.startsWith("$")) {
            s = s.substring(1).strip();
        }
        if (!negative && (s.startsWith("-") || s.startsWith("+"))) {
            negative = s.startsWith("-"); // $-5
            s = s.substring(1);
        }
        if (GROUPED.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        int slash = s.indexOf('/');
        try {
            BigDecimal value;
            if (slash > 0
                    && NUMBER.matcher(s.substring(0, slash).strip()).matches()
                    && NUMBER.matcher(s.substring(slash + 1).strip()).matches()) {
                BigDecimal num = decimal(s.substring(0, slash).strip());
                BigDecimal den = decimal(s.substring(slash + 1).strip());
                if (den.signum() == 0) {
                    return Optional.empty();
                }
                value = num.divide(den, MathContext.DECIMAL128);
            } else if (NUMBER.matcher(s).matches()) {
                value = decimal(s);
            } else {
                return Optional.empty();
            }
            return Optional.of(negative ? value.negate() : value);
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static BigDecimal decimal(String s) {
        return new BigDecimal(s.startsWith(".") ? "0" + s : s.endsWith(".") ? s + "0" : s);
    }
}
