package dev.evals4j.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a {@code samples.jsonl} as bytes, line by line, with each line's position in the file, so that a reader can
 * keep what it needs of a line (a score, an offset) instead of the line. Lines have no length limit.
 *
 * <p>A line the handler cannot parse ends the reading quietly when it is the last one (a line torn by a crash while
 * it was written, or one being written now); anywhere else it is an error that names the file and the line.
 */
public final class JournalLines {
    private JournalLines() {}

    /** What is done with each line; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Takes one non-blank line.
         *
         * @param bytes the line's bytes, from 0, without its newline
         * @param length the line's length
         * @param position the line's first byte in the file
         * @param number the line's number, from 1
         * @throws JsonProcessingException when the line is not JSON
         * @throws NotASample when the line is JSON but not a sample line
         */
        void line(byte[] bytes, int length, long position, long number) throws IOException;
    }

    /** A line that is JSON but not a sample line; its message says what is wrong, such as {@code has no "index"}. */
    public static final class NotASample extends IOException {
        private static final long serialVersionUID = 1L;

        /** A line that is wrong as {@code message} says. */
        public NotASample(String message) {
            super(message);
        }
    }

    /**
     * Hands every non-blank line of {@code journal} to {@code handler}, in file order.
     *
     * @throws ConfigurationException when the file does not exist
     * @throws EvalException when it cannot be read, or a line other than the last is not a sample line
     */
    public static void read(Path journal, Handler handler) {
        byte[] line = new byte[1 << 16];
        int length = 0;
        long lineStart = 0;
        long base = 0; // the position of buffer[0] in the file
        long number = 0;
        String pending = null; // a bad line, forgiven only if nothing follows it
        try (InputStream in = Files.newInputStream(journal)) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    line = append(line, length, buffer, start, i - start);
                    length += i - start;
                    number++;
                    pending = handle(journal, handler, line, length, lineStart, number, pending);
                    lineStart = base + i + 1;
                    length = 0;
                    start = i + 1;
                }
                line = append(line, length, buffer, start, read - start);
                length += read - start;
                base += read;
            }
            if (length > 0) {
                number++;
                pending = handle(journal, handler, line, length, lineStart, number, pending);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(
                    "the folder " + journal.getParent() + " has no " + journal.getFileName() + " (no sample finished)");
        } catch (IOException e) {
            throw new EvalException("cannot read " + journal + ": " + e.getMessage(), e);
        }
    }

    private static String handle(
            Path journal, Handler handler, byte[] line, int length, long position, long number, String pending)
            throws IOException {
        if (isBlank(line, length)) {
            return pending;
        }
        if (pending != null) {
            throw new EvalException(pending);
        }
        try {
            handler.line(line, length, position, number);
            return null;
        } catch (JsonProcessingException e) {
            return journal + " line " + number + " is not a sample: " + Json.describe(e);
        } catch (NotASample e) {
            throw new EvalException(journal + " line " + number + " is not a sample: it " + e.getMessage());
        }
    }

    private static boolean isBlank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static byte[] append(byte[] line, int length, byte[] from, int start, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(from, start, line, length, count);
        return line;
    }
}
