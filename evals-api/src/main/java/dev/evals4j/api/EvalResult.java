package dev.evals4j.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a run: where its results were written, how many samples it scored and how many failed, each
 * scorer's summary (in request order), how long it took, and the model's token usage when a model was called.
 */
public record EvalResult(
        Path outputDir,
        long numSamples,
        long numErrors,
        Map<String, ScorerSummary> scores,
        Duration duration,
        Optional<Usage> usage) {
    public EvalResult {
        Objects.requireNonNull(outputDir, "outputDir");
        scores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(usage, "usage");
    }

    /**
     * The summary of one scorer.
     *
     * @throws IllegalArgumentException when the run had no such scorer
     */
    public ScorerSummary score(String scorerId) {
        ScorerSummary s = scores.get(scorerId);
        if (s == null) {
            throw new IllegalArgumentException(
                    "the run has no scorer '" + scorerId + "'; it has " + String.join(", ", scores.keySet()));
        }
        return s;
    }
}
