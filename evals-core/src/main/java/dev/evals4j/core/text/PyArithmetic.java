package dev.evals4j.core.text;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.OptionalDouble;

/**
 * Python's {@code float(eval(text))} for arithmetic only — number literals, {@code + - * / // % **}, unary signs and
 * parentheses, with Python's int and float semantics — as scorers that "evaluate a fraction" need it ({@code 3/4} is
 * {@code 0.75}), without evaluating anything else: a name, a call, a string or a syntax error gives empty, where
 * Python would raise (and the scorers keep the text unchanged).
 */
public final class PyArithmetic {
    private static final MathContext DIVISION = new MathContext(40);
    private static final int MAX_DIGITS = 4000;

    private final String s;
    private int i;

    private PyArithmetic(String s) {
        this.s = s;
    }

    /** The float value, or empty where Python's {@code float(eval(text))} raises or the text is not arithmetic. */
    public static OptionalDouble evaluate(String text) {
        if (text.length() > 1000) {
            return OptionalDouble.empty();
        }
        PyArithmetic p = new PyArithmetic(text);
        try {
            p.ws();
            Object v = p.sum();
            p.ws();
            if (p.i != text.length()) {
                return OptionalDouble.empty();
            }
            double d = toDouble(v);
            return Double.isInfinite(d) && v instanceof BigInteger ? OptionalDouble.empty() : OptionalDouble.of(d);
        } catch (ArithmeticException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return OptionalDouble.empty();
        }
    }

    private void ws() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
    }

    private boolean take(String op) {
        ws();
        if (s.startsWith(op, i)) {
            i += op.length();
            return true;
        }
        return false;
    }

    private Object sum() {
        Object v = term();
        while (true) {
            ws();
            if (take("+")) {
                v = add(v, term(), true);
            } else if (take("-")) {
                v = add(v, term(), false);
            } else {
                return v;
            }
        }
    }

    private Object term() {
        Object v = factor();
        while (true) {
            ws();
            if (s.startsWith("**", i)) {
                return v;
            }
            if (take("//")) {
                v = floorDiv(v, factor());
            } else if (take("*")) {
                v = multiply(v, factor());
            } else if (take("/")) {
                v = divide(v, factor());
            } else if (take("%")) {
                v = modulo(v, factor());
            } else {
                return v;
            }
        }
    }

    private Object factor() {
        if (take("+")) {
            return factor();
        }
        if (take("-")) {
            Object v = factor();
            return v instanceof BigInteger b ? b.negate() : (Object) (-(Double) v);
        }
        return power();
    }

    private Object power() {
        Object base = atom();
        if (take("**")) {
            return pow(base, factor());
        }
        return base;
    }

    private Object atom() {
        ws();
        if (take("(")) {
            Object v = sum();
            if (!take(")")) {
                throw new IllegalArgumentException("unclosed parenthesis");
            }
            return v;
        }
        return number();
    }

    private Object number() {
        int start = i;
        while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        boolean isFloat = false;
        if (i < s.length() && s.charAt(i) == '.') {
            isFloat = true;
            i++;
            while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E') && i > start) {
            int mark = i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (i < s.length() && isDigit(s.charAt(i))) {
                isFloat = true;
                while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
            } else {
                i = mark;
            }
        }
        String literal = s.substring(start, i);
        if (literal.isEmpty() || literal.equals(".")) {
            throw new IllegalArgumentException("expected a number");
        }
        if (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            throw new IllegalArgumentException("not a number literal"); // 3j, 1x, a name
        }
        if (literal.contains("__")
                || literal.startsWith("_")
                || literal.endsWith("_")
                || literal.contains("_.")
                || literal.contains("._")) {
            throw new IllegalArgumentException("bad underscore");
        }
        String plain = literal.replace("_", "");
        if (isFloat) {
            return Double.parseDouble(plain.startsWith(".") ? "0" + plain : plain);
        }
        if (plain.length() > 1 && plain.charAt(0) == '0' && !plain.chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException("leading zeros"); // Python refuses 012
        }
        return new BigInteger(plain);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static double toDouble(Object v) {
        if (v instanceof BigInteger b) {
            return b.bitLength() > 1024 ? Double.POSITIVE_INFINITY : new BigDecimal(b).doubleValue();
        }
        return (Double) v;
    }

    private static Object add(Object a, Object b, boolean plus) {
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            return plus ? x.add(y) : x.subtract(y);
        }
        double r = plus ? floatOf(a) + floatOf(b) : floatOf(a) - floatOf(b);
        return r;
    }

    private static Object multiply(Object a, Object b) {
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            if (x.bitLength() + y.bitLength() > MAX_DIGITS * 4) {
                throw new ArithmeticException("too large");
            }
            return x.multiply(y);
        }
        return floatOf(a) * floatOf(b);
    }

    private static Object divide(Object a, Object b) {
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            if (y.signum() == 0) {
                throw new ArithmeticException("division by zero");
            }
            return new BigDecimal(x).divide(new BigDecimal(y), DIVISION).doubleValue();
        }
        double d = floatOf(b);
        if (d == 0) {
            throw new ArithmeticException("division by zero");
        }
        return floatOf(a) / d;
    }

    private static Object floorDiv(Object a, Object b) {
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            if (y.signum() == 0) {
                throw new ArithmeticException("division by zero");
            }
            BigInteger[] qr = x.divideAndRemainder(y);
            return qr[1].signum() != 0 && (qr[1].signum() != y.signum()) ? qr[0].subtract(BigInteger.ONE) : qr[0];
        }
        double d = floatOf(b);
        if (d == 0) {
            throw new ArithmeticException("division by zero");
        }
        return Math.floor(floatOf(a) / d);
    }

    private static Object modulo(Object a, Object b) {
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            if (y.signum() == 0) {
                throw new ArithmeticException("division by zero");
            }
            BigInteger r = x.mod(y.abs());
            return y.signum() < 0 && r.signum() != 0 ? r.add(y) : r;
        }
        double d = floatOf(b);
        if (d == 0) {
            throw new ArithmeticException("division by zero");
        }
        double r = floatOf(a) % d;
        return r != 0 && (r < 0) != (d < 0) ? r + d : r;
    }

    private static Object pow(Object a, Object b) {
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            if (y.signum() >= 0) {
                if (y.bitLength() > 31 || (long) x.bitLength() * y.intValue() > MAX_DIGITS * 4L) {
                    throw new ArithmeticException("too large");
                }
                return x.pow(y.intValue());
            }
            if (x.signum() == 0) {
                throw new ArithmeticException("zero to a negative power");
            }
            return Math.pow(toDouble(x), toDouble(y));
        }
        double base = floatOf(a);
        double exp = floatOf(b);
        if (base < 0 && exp != Math.rint(exp)) {
            throw new ArithmeticException("complex result");
        }
        if (base == 0 && exp < 0) {
            throw new ArithmeticException("zero to a negative power");
        }
        double r = Math.pow(base, exp);
        if (Double.isInfinite(r)) {
            throw new ArithmeticException("overflow");
        }
        return r;
    }

    private static double floatOf(Object v) {
        double d = toDouble(v);
        if (Double.isInfinite(d) && v instanceof BigInteger) {
            throw new ArithmeticException("int too large to convert to float");
        }
        return d;
    }
}
