package dev.evals4j.core.datasets;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Passes bytes through while checking that they are UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF) and counting lines, so that a file that is not UTF-8 is refused with the line of the first bad
 * byte instead of being read with replacement characters.
 */
final class Utf8CheckingInputStream extends FilterInputStream {
    /** The input is not UTF-8; the message names the line and the byte. */
    static final class InvalidUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;
        private final long line;

        InvalidUtf8Exception(long line, String message) {
            super(message);
            this.line = line;
        }

        /** The line (from 1) of the first byte that is not UTF-8. */
        long line() {
            return line;
        }
    }

    private long line = 1;
    private long offset;
    /** Continuation bytes still expected by the current character. */
    private int pending;
    /** The allowed range of the next continuation byte, which the lead byte narrows. */
    private int low = 0x80;

    private int high = 0xBF;

    Utf8CheckingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            end();
        } else {
            check(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        int n = super.read(buffer, from, length);
        if (n < 0) {
            end();
            return n;
        }
        for (int i = from; i < from + n; i++) {
            check(buffer[i] & 0xFF);
        }
        return n;
    }

    private void end() throws InvalidUtf8Exception {
        if (pending > 0) {
            throw new InvalidUtf8Exception(
                    line, "line " + line + ": not valid UTF-8: the file ends inside a character");
        }
    }

    private void check(int b) throws InvalidUtf8Exception {
        offset++;
        if (pending > 0) {
            if (b < low || b > high) {
                throw invalid(b);
            }
            pending--;
            low = 0x80;
            high = 0xBF;
            return;
        }
        if (b < 0x80) {
            if (b == '\n') {
                line++;
            }
            return;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            low = b == 0xE0 ? 0xA0 : 0x80; // no overlong three-byte forms
            high = b == 0xED ? 0x9F : 0xBF; // no surrogates
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            low = b == 0xF0 ? 0x90 : 0x80; // no overlong four-byte forms
            high = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
        } else {
            throw invalid(b);
        }
    }

    private InvalidUtf8Exception invalid(int b) {
        return new InvalidUtf8Exception(
                line,
                "line " + line + ": not valid UTF-8 (byte 0x"
                        + Integer.toHexString(b).toUpperCase(Locale.ROOT)
                        + " at byte offset " + (offset - 1) + "); evals4j reads datasets as UTF-8: convert the file,"
                        + " for example with iconv -f latin1 -t utf-8");
    }
}
