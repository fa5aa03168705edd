package dev.evals4j.core.internal;

import dev.evals4j.api.EvalException;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code samples.jsonl}: one JSON object per finished sample, appended so that nothing that counted is lost when
 * the process dies. Thread-safe.
 *
 * <p>Lines are written in groups: a thread that appends while another is writing leaves its line to that writer,
 * which writes everything waiting in one call to the operating system, then runs each line's {@code written}
 * action. A line's action (where the sample is counted) runs only after the write that holds the line returned,
 * so a sample never counts before its line has reached the operating system, and a killed process loses no
 * counted sample. With one thread, every line is written at once, as before; with many, a write carries as many
 * lines as finished during the previous one, and the number of system calls falls with the load.
 */
public final class SampleJournal implements SampleAppender, AutoCloseable {
    /** Each thread's writer of lines, whose buffer serves line after line. */
    private static final ThreadLocal<RunFiles.LineWriter> WRITERS = ThreadLocal.withInitial(RunFiles.LineWriter::new);

    private final Path path;
    private final FileChannel channel;

    /**
     * Lines waiting for the writer, and their actions, guarded by {@code this}. The buffers are direct, so that a
     * write does not copy them once more into a temporary native buffer (which cost more than the writes).
     */
    private ByteBuffer pending = ByteBuffer.allocateDirect(1 << 16);

    private List<Runnable> pendingActions = new ArrayList<>();
    /** Whether a thread is writing (and will write what is pending before it stops), guarded by {@code this}. */
    private boolean writing;

    private boolean closed;

    /** The buffer of the last group written, reused for the next lines, guarded by {@code this}. */
    private @Nullable ByteBuffer spare;

    /** Opens the journal for appending, creating it when absent. */
    public SampleJournal(Path path) {
        this.path = path;
        try {
            this.channel = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new EvalException("cannot open the journal " + path + ": " + e.getMessage(), e);
        }
    }

    /** Appends one sample's line and returns once it has reached the operating system. */
    public void append(SampleRecord sample) {
        append(sample, () -> {});
    }

    /**
     * Appends one sample's line; {@code written} runs once the line has reached the operating system, on this thread
     * or on the thread that writes the line's group. When another thread is writing, this one returns at once and
     * that thread writes the line and runs the action. Actions run in the order of their lines; all have run when
     * every thread that appended has returned.
     *
     * @throws EvalException when this thread wrote a group and the write failed (the group's actions do not run)
     */
    @Override
    public void append(SampleRecord sample, Runnable written) {
        RunFiles.LineWriter line = WRITERS.get();
        line.write(sample);
        append(line.bytes(), line.length(), true, List.of(written));
    }

    /**
     * Appends the first {@code length} bytes of {@code lines}, then a newline when {@code newline} (the bytes of a
     * group end with theirs), and the lines' actions, in order.
     */
    private void append(byte[] lines, int length, boolean newline, List<Runnable> written) {
        synchronized (this) {
            if (closed) {
                throw new EvalException("the journal " + path + " is closed");
            }
            int size = newline ? length + 1 : length;
            if (pending.remaining() < size) {
                ByteBuffer larger =
                        ByteBuffer.allocateDirect(Math.max(pending.position() + size, pending.capacity() * 2));
                larger.put(pending.flip());
                pending = larger;
            }
            pending.put(lines, 0, length);
            if (newline) {
                pending.put((byte) '\n');
            }
            pendingActions.addAll(written);
            if (writing) {
                return; // the writer takes these lines in its next group
            }
            writing = true;
        }
        drain();
    }

    /**
     * A group of lines a thread appends together, in one write with the journal's other pending lines, when the group
     * is flushed (or closed): for samples that take microseconds each, whose lines one by one would cost a system call
     * each. Their actions run, as always, once the write that holds them returned; lines not flushed (their thread
     * failed) are not written and do not count. Not thread-safe: one per thread.
     */
    public Group group() {
        return new Group();
    }

    /** See {@link #group()}. */
    public final class Group implements SampleAppender, AutoCloseable {
        /** The buffer a group starts with, and the most it keeps between flushes. */
        private static final int START = 1 << 12;

        private static final int KEEP = 1 << 20;

        private byte[] lines = new byte[START];
        private int length;
        private final List<Runnable> actions = new ArrayList<>();

        private Group() {}

        @Override
        public void append(SampleRecord sample, Runnable written) {
            RunFiles.LineWriter line = WRITERS.get();
            line.write(sample);
            int n = line.length();
            if (length + n + 1 > lines.length) {
                lines = java.util.Arrays.copyOf(lines, Math.max(lines.length * 2, length + n + 1));
            }
            System.arraycopy(line.bytes(), 0, lines, length, n);
            length += n;
            lines[length++] = '\n';
            actions.add(written);
        }

        /** Appends the lines so far to the journal, as {@link SampleJournal#append} does one, and empties the group. */
        public void flush() {
            if (length == 0) {
                return;
            }
            try {
                SampleJournal.this.append(lines, length, false, actions);
            } finally {
                length = 0;
                actions.clear();
                if (lines.length > KEEP) {
                    lines = new byte[START];
                }
            }
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** Writes groups until nothing is pending; called by the one thread that set {@link #writing}. */
    private void drain() {
        boolean done = false;
        ByteBuffer written = null;
        try {
            while (true) {
                ByteBuffer group;
                List<Runnable> actions;
                synchronized (this) {
                    if (written != null) {
                        spare = written;
                    }
                    if (pending.position() == 0) {
                        writing = false;
                        notifyAll();
                        done = true;
                        return;
                    }
                    group = pending;
                    actions = pendingActions;
                    ByteBuffer reuse = spare;
                    pending = reuse != null && reuse.capacity() >= group.capacity()
                            ? reuse.clear()
                            : ByteBuffer.allocateDirect(group.capacity());
                    spare = null;
                    pendingActions = new ArrayList<>();
                }
                write(group.flip());
                written = group;
                for (Runnable action : actions) {
                    action.run();
                }
            }
        } finally {
            if (!done) {
                synchronized (this) {
                    // a failed write or action: the next appender becomes the writer (and most likely fails too)
                    writing = false;
                    notifyAll();
                }
            }
        }
    }

    private void write(ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new EvalException("cannot write to the journal " + path + ": " + e.getMessage(), e);
        }
    }

    /** Waits for the group being written, if any, then closes the file; lines appended later are refused. */
    @Override
    public void close() {
        synchronized (this) {
            boolean interrupted = false;
            while (writing) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            closed = true;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw new EvalException("cannot close the journal " + path + ": " + e.getMessage(), e);
        }
    }
}
