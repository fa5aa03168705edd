package dev.evals4j.core.http;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the requests in flight to a model server: a fixed limit, or an adaptive one that halves on a sign of
 * overload and grows back slowly (AIMD, as TCP's congestion window); thread-safe.
 *
 * <p>{@link ModelHttpClient} takes a permit around each attempt of a request (not around the waits between
 * attempts), so a run can have many more workers than the server should see requests at once. Adaptive limits:
 * an attempt answered 429 or 503 halves the limit (not below {@code minLimit}) — once per round, so a burst of
 * throttled answers to requests sent under the same limit counts as one signal; every {@code limit} successful
 * attempts in a row raise it by one, up to {@code maxLimit}. Other failures leave it alone.
 */
public final class ConcurrencyLimiter {
    /** How an attempt that held a permit ended. */
    public enum Outcome {
        /** The server answered (any status but a throttling one). */
        SUCCESS,
        /** The server said it is overloaded (429 or 503). */
        THROTTLED,
        /** No answer (connection error, timeout); says nothing about load. */
        IGNORED
    }

    /** A taken slot; give it back with {@link #release}. */
    public static final class Permit {
        private final long round;
        private boolean released;

        private Permit(long round) {
            this.round = round;
        }
    }

    private final boolean adaptive;
    private final int minLimit;
    private final int maxLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFree = lock.newCondition();
    private int limit;
    private int inFlight;
    private long round;
    private int successesAtLimit;
    private long decreases;

    private ConcurrencyLimiter(boolean adaptive, int initialLimit, int minLimit, int maxLimit) {
        if (minLimit < 1) {
            throw new IllegalArgumentException("minLimit must be at least 1, was " + minLimit);
        }
        if (maxLimit < minLimit) {
            throw new IllegalArgumentException(
                    "maxLimit must be at least minLimit (" + minLimit + "), was " + maxLimit);
        }
        if (initialLimit < minLimit || initialLimit > maxLimit) {
            throw new IllegalArgumentException(
                    "initialLimit must be from " + minLimit + " to " + maxLimit + ", was " + initialLimit);
        }
        this.adaptive = adaptive;
        this.minLimit = minLimit;
        this.maxLimit = maxLimit;
        this.limit = initialLimit;
    }

    /** At most {@code limit} requests in flight, always. */
    public static ConcurrencyLimiter fixed(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return new ConcurrencyLimiter(false, limit, limit, limit);
    }

    /** An adaptive limit that starts at {@code maxLimit}, halves on overload down to 1, and grows back. */
    public static ConcurrencyLimiter adaptive(int maxLimit) {
        if (maxLimit < 1) {
            throw new IllegalArgumentException("maxLimit must be at least 1, was " + maxLimit);
        }
        return new ConcurrencyLimiter(true, maxLimit, 1, maxLimit);
    }

    /** An adaptive limit with every bound given. */
    public static ConcurrencyLimiter adaptive(int initialLimit, int minLimit, int maxLimit) {
        return new ConcurrencyLimiter(true, initialLimit, minLimit, maxLimit);
    }

    /** Whether the limit adapts to overload. */
    public boolean isAdaptive() {
        return adaptive;
    }

    /**
     * Waits for a free slot and takes it.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public Permit acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (inFlight >= limit) {
                slotFree.await();
            }
            inFlight++;
            return new Permit(round);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives a slot back, saying how the attempt ended.
     *
     * @throws IllegalStateException when the permit was already released
     */
    public void release(Permit permit, Outcome outcome) {
        lock.lock();
        try {
            if (permit.released) {
                throw new IllegalStateException("this permit was already released");
            }
            permit.released = true;
            inFlight--;
            if (adaptive) {
                adapt(permit, outcome);
            }
            slotFree.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void adapt(Permit permit, Outcome outcome) {
        switch (outcome) {
            case THROTTLED -> {
                successesAtLimit = 0;
                if (permit.round == round) {
                    limit = Math.max(minLimit, limit / 2);
                    round++;
                    decreases++;
                }
            }
            case SUCCESS -> {
                if (limit < maxLimit && ++successesAtLimit >= limit) {
                    limit++;
                    successesAtLimit = 0;
                }
            }
            case IGNORED -> {
                // a connection error or timeout is not a load signal the server gave
            }
        }
    }

    /** The current limit. */
    public int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    /** The requests in flight now. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** How many times the limit was lowered. */
    public long decreases() {
        lock.lock();
        try {
            return decreases;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ConcurrencyLimiter[" + (adaptive ? "adaptive " + minLimit + ".." + maxLimit + ", " : "fixed, ")
                + "limit " + limit() + "]";
    }
}
