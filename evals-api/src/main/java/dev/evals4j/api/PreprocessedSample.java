package dev.evals4j.api;

import java.util.Objects;

/** A dataset row turned into a model request by a processor. */
public record PreprocessedSample(DatasetSample sample, GenerationInput input) {
    public PreprocessedSample {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(input, "input");
    }
}
