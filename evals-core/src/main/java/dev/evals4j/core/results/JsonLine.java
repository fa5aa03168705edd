package dev.evals4j.core.results;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A JSON object written into bytes, with the calls of Jackson's streaming generator that {@link SampleLines} makes
 * and the same output as Jackson's defaults give (a test compares the bytes): commas and colons placed by nesting;
 * strings in UTF-8, with a backslash before a quote or a backslash, the short escapes (b, t, n, f, r) for those
 * control characters and a six-character escape (upper-case hex) for the others and for each half of a character
 * outside the basic plane (as Jackson 2 does); numbers as {@code Long.toString} and
 * {@code Double.toString} write them, NaN and the infinities as strings. A journal writes one line per sample, a
 * million for a million rows; Jackson's generator cost more per line, and its code a good part of what the compiler
 * had to compile. Not thread-safe.
 */
final class JsonLine {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    /** The buffer a line starts in, and the most that {@link #reset} keeps of a larger one. */
    private static final int START = 512;

    private static final int KEEP = 1 << 16;

    private byte[] buf = new byte[START];
    private int len;
    /** Whether the container at each depth has had no member yet (index 0: the top level). */
    private boolean[] first = new boolean[16];

    private int depth;
    /** Whether a field name was just written, so that its value takes no comma. */
    private boolean afterName;

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The bytes written, up to {@link #length}; valid until the next write or reset. */
    byte[] buffer() {
        return buf;
    }

    int length() {
        return len;
    }

    /** Empties the writer for the next line; a buffer that a large line grew is let go. */
    void reset() {
        if (buf.length > KEEP) {
            buf = new byte[START];
        }
        len = 0;
        depth = 0;
        afterName = false;
    }

    void writeStartObject() {
        beforeValue();
        put((byte) '{');
        push();
    }

    void writeEndObject() {
        depth--;
        put((byte) '}');
    }

    void writeStartArray() {
        beforeValue();
        put((byte) '[');
        push();
    }

    void writeEndArray() {
        depth--;
        put((byte) ']');
    }

    void writeFieldName(String name) {
        member();
        quoted(name);
        put((byte) ':');
        afterName = true;
    }

    /** A field name written once as its bytes ({@code "name":}), for the names every line has. */
    static final class Name {
        private final byte[] bytes;

        Name(String name) {
            JsonLine line = new JsonLine();
            line.quoted(name);
            line.put((byte) ':');
            this.bytes = line.toByteArray();
        }
    }

    void writeFieldName(Name name) {
        member();
        bytes(name.bytes);
        afterName = true;
    }

    void writeString(String s) {
        beforeValue();
        quoted(s);
    }

    void writeNull() {
        beforeValue();
        ascii("null");
    }

    void writeBoolean(boolean b) {
        beforeValue();
        ascii(b ? "true" : "false");
    }

    void writeNumber(long n) {
        beforeValue();
        digits(n);
    }

    void writeNumber(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            writeString(Double.toString(d)); // as Jackson's default (WRITE_NAN_AS_STRINGS)
            return;
        }
        beforeValue();
        long whole = (long) d;
        if (whole == d && whole > -10_000_000 && whole < 10_000_000 && (whole != 0 || 1 / d > 0)) {
            // as Double.toString writes a whole number under 10^7 (most scores are 0.0 or 1.0), without its cost
            digits(whole);
            put((byte) '.');
            put((byte) '0');
            return;
        }
        ascii(Double.toString(d));
    }

    /** The decimal digits of {@code n}, as {@link Long#toString(long)} writes them. */
    private void digits(long n) {
        if (n == Long.MIN_VALUE) {
            ascii(Long.toString(n));
            return;
        }
        ensure(20);
        if (n < 0) {
            buf[len++] = '-';
            n = -n;
        }
        int count = 1;
        for (long rest = n / 10; rest > 0; rest /= 10) {
            count++;
        }
        int at = len + count;
        len = at;
        do {
            buf[--at] = (byte) ('0' + (n % 10));
            n /= 10;
        } while (n > 0);
    }

    void writeNumber(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            writeString(Float.toString(f));
            return;
        }
        beforeValue();
        ascii(Float.toString(f));
    }

    void writeNumber(BigDecimal d) {
        beforeValue();
        ascii(d.toString());
    }

    void writeNumber(BigInteger i) {
        beforeValue();
        ascii(i.toString());
    }

    /** A value already written as JSON by another writer. */
    void writeRaw(byte[] json) {
        beforeValue();
        bytes(json);
    }

    void writeStringField(String name, String value) {
        writeFieldName(name);
        writeString(value);
    }

    void writeNumberField(String name, long value) {
        writeFieldName(name);
        writeNumber(value);
    }

    void writeNumberField(Name name, long value) {
        writeFieldName(name);
        writeNumber(value);
    }

    void writeNumberField(String name, double value) {
        writeFieldName(name);
        writeNumber(value);
    }

    void writeBooleanField(String name, boolean value) {
        writeFieldName(name);
        writeBoolean(value);
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            member();
        }
    }

    /** Starts a member of the container at this depth: a comma before all but its first. */
    private void member() {
        if (!first[depth]) {
            put((byte) ',');
        }
        first[depth] = false;
    }

    private void push() {
        depth++;
        if (depth == first.length) {
            first = Arrays.copyOf(first, first.length * 2);
        }
        first[depth] = true;
    }

    private void quoted(String s) {
        int n = s.length();
        ensure(n * 3 + 2);
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[at++] = (byte) c;
                    continue;
                }
                len = at;
                ensure(6 + (n - i) * 3);
                b = buf;
                b[at++] = '\\';
                switch (c) {
                    case '"' -> b[at++] = '"';
                    case '\\' -> b[at++] = '\\';
                    case '\b' -> b[at++] = 'b';
                    case '\t' -> b[at++] = 't';
                    case '\n' -> b[at++] = 'n';
                    case '\f' -> b[at++] = 'f';
                    case '\r' -> b[at++] = 'r';
                    default -> {
                        b[at++] = 'u';
                        b[at++] = '0';
                        b[at++] = '0';
                        b[at++] = HEX[c >> 4];
                        b[at++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // as Jackson writes characters outside the basic plane: each half as an escape
                len = at;
                ensure(6 + (n - i) * 6);
                b = buf;
                b[at++] = '\\';
                b[at++] = 'u';
                b[at++] = HEX[c >> 12];
                b[at++] = HEX[(c >> 8) & 0xF];
                b[at++] = HEX[(c >> 4) & 0xF];
                b[at++] = HEX[c & 0xF];
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[at++] = '"';
        len = at;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
