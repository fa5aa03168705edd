package dev.evals4j.spark.internal;

import dev.evals4j.api.EvalException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one attempt at a time work on a part's folder: a speculative or retried Spark task waits until the attempt
 * before it has ended, then resumes from the part's journal, so that two attempts never ask the model for the same
 * sample. A lock in this JVM (tasks of one executor) and an operating-system lock on a file beside the folder (tasks
 * of other executors, on a shared file system that honours locks); the operating system releases the file lock of
 * an executor that died.
 */
final class AttemptLock implements AutoCloseable {
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock file;

    private AttemptLock(ReentrantLock local, FileChannel channel, FileLock file) {
        this.local = local;
        this.channel = channel;
        this.file = file;
    }

    /**
     * Waits for the lock of {@code lockFile}.
     *
     * @throws InterruptedException when the task is stopped while it waits
     * @throws EvalException when the lock file cannot be opened
     */
    static AttemptLock acquire(Path lockFile) throws InterruptedException {
        ReentrantLock local = IN_JVM.computeIfAbsent(lockFile.toAbsolutePath(), p -> new ReentrantLock());
        local.lockInterruptibly();
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new AttemptLock(local, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            local.unlock();
            throw new EvalException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            file.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            local.unlock();
        }
    }
}
