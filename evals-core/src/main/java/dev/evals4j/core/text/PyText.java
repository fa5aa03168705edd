package dev.evals4j.core.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** Python's {@code str} and {@code float} behaviour where scorers must match it exactly. */
public final class PyText {
    private PyText() {}

    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:(?:\\d(?:_?\\d)*)(?:\\.(?:\\d(?:_?\\d)*)?)?|\\.\\d(?:_?\\d)*)(?:[eE][+-]?\\d(?:_?\\d)*)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?:inf|infinity|nan)", Pattern.CASE_INSENSITIVE);

    /** Whether Python's {@code str.isspace()} holds for this code point. */
    public static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || cp == 0x85 || cp == 0xA0 || cp == 0x2007 || cp == 0x202F;
    }

    /** Python's {@code str.strip()} without arguments. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Python's {@code str.lstrip()} without arguments. */
    public static String lstrip(String s) {
        int start = 0;
        while (start < s.length() && isSpace(s.charAt(start))) {
            start++;
        }
        return s.substring(start);
    }

    /** Python's {@code str.rstrip()} without arguments. */
    public static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Python's {@code str.split()} without arguments: runs of whitespace separate, no empty parts. */
    public static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                parts.add(s.substring(start, i));
            }
        }
        return parts;
    }

    /** Python's {@code str.lower()}. */
    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Python's {@code str.isdigit()} for decimal digits: non-empty and every character a digit. */
    public static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!Character.isDigit(cp) && !isOtherDigit(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    // Python's isdigit also accepts digits of Numeric_Type=Digit, the common ones being super- and subscripts.
    private static boolean isOtherDigit(int cp) {
        return cp == 0xB2
                || cp == 0xB3
                || cp == 0xB9
                || (cp >= 0x2070 && cp <= 0x2079 && cp != 0x2071 && cp != 0x2072 && cp != 0x2073)
                || (cp >= 0x2080 && cp <= 0x2089)
                || (cp >= 0x2460 && cp <= 0x2468)
                || (cp >= 0x2776 && cp <= 0x277E);
    }

    /** Python's {@code repr(float)} (and {@code str}): {@code 18.0}, {@code 0.75}, {@code 1e-05}, {@code 1e+16}, {@code inf}. */
    public static String repr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = value < 0 ? "-" : "";
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }

    /** Python's {@code float(s)}: the value, or empty where Python raises {@code ValueError}. */
    public static OptionalDouble parseFloat(String s) {
        String t = strip(s);
        StringBuilder ascii = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            int d = Character.isDigit(cp) ? Character.digit(cp, 10) : -1;
            ascii.append(d >= 0 && cp > 127 ? (char) ('0' + d) : (char) (cp > 0xFFFF ? '?' : cp));
            i += Character.charCount(cp);
        }
        String a = ascii.toString();
        if (SPECIAL.matcher(a).matches()) {
            String lower = a.toLowerCase(Locale.ROOT);
            if (lower.contains("nan")) {
                return OptionalDouble.of(Double.NaN);
            }
            return OptionalDouble.of(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (!FLOAT.matcher(a).matches()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(a.replace("_", "")));
    }

    /**
     * Python's {@code format(value, ".{digits}e")}: correctly rounded (half to even on the exact binary value),
     * with at least two exponent digits, and {@code inf}, {@code -inf}, {@code nan}.
     */
    public static String formatExponent(double value, int digits) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String sign = (value < 0 || (value == 0 && 1 / value < 0)) ? "-" : "";
        double abs = Math.abs(value);
        String mantissa;
        int exponent;
        if (abs == 0) {
            mantissa = digits > 0 ? "0." + "0".repeat(digits) : "0";
            exponent = 0;
        } else {
            BigDecimal rounded = new BigDecimal(abs).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
            String unscaled = rounded.unscaledValue().toString();
            // the rounded value is unscaled × 10^-scale; its leading digit sits at 10^exponent
            exponent = unscaled.length() - 1 - rounded.scale();
            StringBuilder sig = new StringBuilder(unscaled);
            while (sig.length() < digits + 1) {
                sig.append('0');
            }
            String d = sig.substring(0, digits + 1);
            mantissa = digits > 0 ? d.charAt(0) + "." + d.substring(1) : d;
        }
        String exp = String.valueOf(Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
    }
}
