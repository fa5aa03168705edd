package dev.evals4j.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The outcome of a run: where its results were written, how many samples it scored and how many failed, each
 * scorer's summary (in request order), how long it took, the model's token usage when a model was called, and its
 * samples, read back from the run's journal.
 */
public final class EvalResult {
    private final Path outputDir;
    private final long numSamples;
    private final long numErrors;
    private final Map<String, ScorerSummary> scores;
    private final Duration duration;
    private final Optional<Usage> usage;
    private final SampleSource samples;

    /** Reads the samples of a run folder; the stream reads the journal as it goes and must be closed. */
    @FunctionalInterface
    public interface SampleSource {
        /** The samples, in the order they finished. */
        Stream<EvalSample> open();
    }

    /**
     * A result.
     *
     * @param samples reads the run's samples back
     */
    public EvalResult(
            Path outputDir,
            long numSamples,
            long numErrors,
            Map<String, ScorerSummary> scores,
            Duration duration,
            Optional<Usage> usage,
            SampleSource samples) {
        this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
        this.numSamples = numSamples;
        this.numErrors = numErrors;
        this.scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        this.duration = Objects.requireNonNull(duration, "duration");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.samples = Objects.requireNonNull(samples, "samples");
    }

    /** The folder of {@code results.json} and {@code samples.jsonl}. */
    public Path outputDir() {
        return outputDir;
    }

    /** The samples finished, with all their epochs. */
    public long numSamples() {
        return numSamples;
    }

    /** The (sample, epoch) evaluations that failed as a whole. */
    public long numErrors() {
        return numErrors;
    }

    /** Each scorer's summary, by id, in request order. */
    public Map<String, ScorerSummary> scores() {
        return scores;
    }

    /** How long the run's processes worked on it. */
    public Duration duration() {
        return duration;
    }

    /** The candidate model's tokens, when it reported them. */
    public Optional<Usage> usage() {
        return usage;
    }

    /**
     * The run's samples, read from its journal as the stream is consumed (a run of a million samples is never held
     * in memory), in the order they finished; sort by {@link EvalSample#index()} for dataset order. Close the stream:
     * {@code try (Stream<EvalSample> s = result.samples()) { … }}.
     */
    public Stream<EvalSample> samples() {
        return samples.open();
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

    @Override
    public String toString() {
        return "EvalResult[" + outputDir + ", " + numSamples + " samples, " + numErrors + " errors, scorers "
                + scores.keySet() + "]";
    }
}
