package org.example.plugin;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scorer from outside evals4j (its package is not {@code dev.evals4j}), as a user's plugin is: it records the
 * threads that called it, and can wait as a scorer calling a service would. For tests.
 */
public class ThreadRecordingScorer implements BaseScorer {
    public final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final String id;
    private final long sleepMillis;

    public ThreadRecordingScorer(String id, long sleepMillis) {
        this.id = id;
        this.sleepMillis = sleepMillis;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return "records the threads that score (test fake)";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        threads.add(Thread.currentThread().getName());
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ScoreResult.of(Objects.equals(sample.generatedAnswer(), sample.expectedAnswer()) ? 1.0 : 0.0);
    }
}
