package dev.evals4j.core.run;

import dev.evals4j.api.EvalException;
import dev.evals4j.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * {@code samples.jsonl}: one JSON object per finished sample, appended and flushed as each one finishes so that
 * nothing finished is lost when the process dies. Thread-safe.
 */
public final class SampleJournal implements AutoCloseable {
    private final Path path;
    private final Writer out;

    /** Opens the journal for appending, creating it when absent. */
    public SampleJournal(Path path) {
        this.path = path;
        try {
            this.out = new BufferedWriter(
                    Files.newBufferedWriter(
                            path,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND,
                            StandardOpenOption.WRITE),
                    1 << 16);
        } catch (IOException e) {
            throw new EvalException("cannot open the journal " + path + ": " + e.getMessage(), e);
        }
    }

    /** Appends one sample's line and flushes it to the operating system. */
    public void append(Map<String, Object> line) {
        String json = Json.write(line);
        synchronized (this) {
            try {
                out.write(json);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new EvalException("cannot write to the journal " + path + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new EvalException("cannot close the journal " + path + ": " + e.getMessage(), e);
        }
    }
}
