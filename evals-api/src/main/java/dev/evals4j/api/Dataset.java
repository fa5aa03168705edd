package dev.evals4j.api;

import java.util.Objects;

/** A registered dataset: its definition and the id of the dataset plugin that reads it. */
public record Dataset(DatasetDefinition definition, String providerId) {
    public Dataset {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(providerId, "providerId");
    }

    /** The dataset's id. */
    public String identifier() {
        return definition.id();
    }
}
