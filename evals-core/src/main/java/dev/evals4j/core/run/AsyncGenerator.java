package dev.evals4j.core.run;

import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PreprocessedSample;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A generator that can call its model without a thread waiting for each answer, which a run at high concurrency
 * uses instead of a thread per call in flight (see {@code Pipeline}): evals4j's {@code openai-compatible} on a plain
 * {@code http://} server. Not part of the SPI yet: its shape may change.
 */
public interface AsyncGenerator {
    /** Whether {@link #generateAsync} sends without blocking the calling thread, as configured. */
    boolean sendsAsynchronously();

    /**
     * Sends the request for a sample. The calling thread builds and writes it; the answer is read elsewhere and
     * parsed by {@code executor}, which completes the future with what {@code generate} would return or throw.
     *
     * @throws RuntimeException what {@code generate} would throw before sending (a request it cannot make)
     */
    CompletableFuture<GenerationResponse> generateAsync(PreprocessedSample sample, Executor executor);
}
