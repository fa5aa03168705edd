package dev.evals4j.api;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of a dataset: its position in the dataset (from 0) and its columns, whose values keep their JSON
 * types (a list stays a list, an object a map).
 */
public record DatasetSample(long index, Map<String, @Nullable Object> row) {
    public DatasetSample {
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0, was " + index);
        }
        row = JsonValues.copyRow(Objects.requireNonNull(row, "row"));
    }
}
