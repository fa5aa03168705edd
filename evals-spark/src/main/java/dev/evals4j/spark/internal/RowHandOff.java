package dev.evals4j.spark.internal;

import dev.evals4j.api.Cancellation;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.EvalException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Hands the rows of a Spark partition to a part run: the task's own thread pulls the rows from Spark (whose iterators
 * belong to the task's thread) and converts them, while the part run takes them on a thread of its own, through a
 * bounded queue, so that memory holds a few thousand rows whatever the partition's size. When the task is stopped
 * (its thread interrupted), the run is cancelled: samples in flight finish and are journaled, and a later attempt
 * resumes from them.
 */
final class RowHandOff {
    /** Rows converted ahead of the run. */
    static final int CAPACITY = 2048;

    private static final Object END = new Object();

    /** A failure of the rows, handed to the run in their place. */
    private record Failure(RuntimeException error) {}

    private RowHandOff() {}

    /** Something that pulls and converts the partition's rows, on the task's thread. */
    @FunctionalInterface
    interface Rows {
        /** The next row, or null at the end. */
        @Nullable
        DatasetSample next();
    }

    /**
     * Runs {@code run} over the rows on a thread named {@code name}, while this thread pulls them, and returns what it
     * returned.
     *
     * @throws RuntimeException what the run or the rows threw
     * @throws EvalException when this thread was interrupted: the task was stopped
     */
    static <T> T run(String name, Rows rows, Cancellation cancellation, Function<Iterator<DatasetSample>, T> run) {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
        Outcome<T> outcome = new Outcome<>();
        Thread worker = new Thread(
                () -> {
                    try {
                        outcome.value = run.apply(new Taken(queue));
                    } catch (RuntimeException | Error e) {
                        outcome.error = e;
                    } finally {
                        outcome.done = true;
                    }
                },
                name);
        worker.setDaemon(true);
        worker.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        worker.start();
        boolean interrupted = false;
        try {
            while (!outcome.done) {
                Object item;
                try {
                    DatasetSample sample = rows.next();
                    item = sample == null ? END : sample;
                } catch (RuntimeException e) {
                    item = new Failure(e);
                }
                if (!offer(queue, item, outcome)) {
                    break;
                }
                if (item == END || item instanceof Failure) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            cancellation.cancel("its Spark task was stopped");
            queue.clear();
            queue.offer(END);
        }
        join(worker, interrupted);
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new EvalException("the Spark task running " + name + " was stopped; its samples in flight were"
                    + " journaled and a later attempt resumes from them");
        }
        if (outcome.error instanceof RuntimeException e) {
            throw e;
        }
        if (outcome.error instanceof Error e) {
            throw e;
        }
        return outcome.value;
    }

    /** Puts an item, waiting for room while the run goes on; false when the run ended first. */
    private static boolean offer(BlockingQueue<Object> queue, Object item, Outcome<?> outcome)
            throws InterruptedException {
        while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
            if (outcome.done) {
                return false;
            }
        }
        return true;
    }

    private static void join(Thread worker, boolean interrupted) {
        boolean again = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                again = true; // the run finishes its samples in flight; wait for it to journal them
            }
        }
        if (again && !interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the run returned or threw. */
    private static final class Outcome<T> {
        volatile @Nullable T value;
        volatile @Nullable Throwable error;
        volatile boolean done;
    }

    /** The rows as the run takes them, waiting for the task's thread to hand them over. */
    private static final class Taken implements Iterator<DatasetSample> {
        private final BlockingQueue<Object> queue;
        private @Nullable Object next;
        private boolean ended;

        Taken(BlockingQueue<Object> queue) {
            this.queue = queue;
        }

        @Override
        public boolean hasNext() {
            if (ended) {
                return false;
            }
            if (next == null) {
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EvalException("interrupted while waiting for the partition's rows", e);
                }
            }
            if (next instanceof Failure f) {
                ended = true;
                throw f.error();
            }
            if (next == END) {
                ended = true;
                return false;
            }
            return true;
        }

        @Override
        public DatasetSample next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            DatasetSample out = (DatasetSample) next;
            next = null;
            return out;
        }
    }
}
