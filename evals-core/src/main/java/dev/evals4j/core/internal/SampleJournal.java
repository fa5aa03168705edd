package dev.evals4j.core.internal;

import dev.evals4j.api.EvalException;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code samples.jsonl}: one JSON object per finished sample, appended and flushed as each one finishes so that
 * nothing finished is lost when the process dies. Thread-safe.
 */
public final class SampleJournal implements AutoCloseable {
    private final Path path;
    private final OutputStream out;

    /** Opens the journal for appending, creating it when absent. */
    public SampleJournal(Path path) {
        this.path = path;
        try {
            this.out = new BufferedOutputStream(
                    Files.newOutputStream(
                            path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                    1 << 16);
        } catch (IOException e) {
            throw new EvalException("cannot open the journal " + path + ": " + e.getMessage(), e);
        }
    }

    /** Appends one sample's line and flushes it to the operating system. */
    public void append(SampleRecord sample) {
        byte[] line = RunFiles.sampleLine(sample);
        synchronized (this) {
            try {
                out.write(line);
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
