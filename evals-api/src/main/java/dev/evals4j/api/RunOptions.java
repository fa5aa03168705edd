package dev.evals4j.api;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How to run (not what): the number of samples in flight at once, the share of failed samples that stops the run,
 * where progress goes, and the flag that cancels it. Build one with {@link #builder()}.
 *
 * @param concurrency samples processed at once, from 1
 * @param maxErrorRate the run stops when more than this share of the finished samples failed (checked after 10)
 * @param progress receives progress snapshots
 * @param cancellation cancels the run when set
 */
public record RunOptions(
        int concurrency, OptionalDouble maxErrorRate, ProgressListener progress, Cancellation cancellation) {
    /** The default number of samples in flight. */
    public static final int DEFAULT_CONCURRENCY = 16;

    public RunOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        Objects.requireNonNull(maxErrorRate, "maxErrorRate");
        maxErrorRate.ifPresent(r -> {
            if (r < 0 || r > 1) {
                throw new IllegalArgumentException("the error budget must be between 0 and 1, was " + r);
            }
        });
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** Concurrency 16, no error budget, no progress listener, a fresh cancellation flag. */
    public static RunOptions defaults() {
        return builder().build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link RunOptions}; not thread-safe. */
    public static final class Builder {
        private int concurrency = DEFAULT_CONCURRENCY;
        private OptionalDouble maxErrorRate = OptionalDouble.empty();
        private ProgressListener progress = ProgressListener.NONE;
        private Cancellation cancellation = new Cancellation();

        private Builder() {}

        /** Samples in flight at once. */
        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        /** Stops the run when more than this share (0 to 1) of finished samples failed. */
        public Builder maxErrorRate(double rate) {
            this.maxErrorRate = OptionalDouble.of(rate);
            return this;
        }

        /** Sends progress snapshots here. */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Uses this flag to cancel the run. */
        public Builder cancellation(Cancellation flag) {
            this.cancellation = Objects.requireNonNull(flag, "flag");
            return this;
        }

        /** Builds the options. */
        public RunOptions build() {
            return new RunOptions(concurrency, maxErrorRate, progress, cancellation);
        }
    }
}
