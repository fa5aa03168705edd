package dev.evals4j.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to register a dataset: its id, its source, its purpose (Llama Stack's {@code eval/question-answer} or
 * {@code eval/messages-answer}), column renames applied to every row (Llama Stack's {@code rename_columns_map}),
 * and free-form metadata.
 */
public record DatasetDefinition(
        String id,
        DatasetSource source,
        Optional<String> purpose,
        Map<String, String> renameColumns,
        Map<String, Object> metadata) {

    public DatasetDefinition {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a dataset id must not be blank");
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(purpose, "purpose");
        renameColumns = Map.copyOf(renameColumns);
        metadata = JsonValues.copyRow(metadata);
    }

    /** A dataset read from a file path or URL. */
    public static DatasetDefinition ofUri(String id, String uri) {
        return new DatasetDefinition(id, DatasetSource.uri(uri), Optional.empty(), Map.of(), Map.of());
    }

    /**
     * A dataset read from a file path or URL, with an id taken from the URI's last path segment without extensions
     * ({@code data/qa.test.csv} becomes {@code qa}; a {@code data:} URL becomes {@code dataset}).
     */
    public static DatasetDefinition ofUri(String uri) {
        String tail = uri.replaceFirst("[?#].*$", "");
        tail = tail.substring(Math.max(tail.lastIndexOf('/'), tail.lastIndexOf('\\')) + 1);
        int dot = tail.indexOf('.');
        String name = dot > 0 ? tail.substring(0, dot) : tail;
        return ofUri(name.isBlank() || uri.startsWith("data:") ? "dataset" : name, uri);
    }

    /** A dataset of inline rows. */
    public static DatasetDefinition ofRows(String id, java.util.List<? extends Map<String, ?>> rows) {
        return new DatasetDefinition(id, DatasetSource.rows(rows), Optional.empty(), Map.of(), Map.of());
    }

    /** The same definition with columns renamed: each key of {@code renames} becomes its value. */
    public DatasetDefinition withRenamedColumns(Map<String, String> renames) {
        Map<String, String> merged = new LinkedHashMap<>(renameColumns);
        merged.putAll(renames);
        return new DatasetDefinition(id, source, purpose, merged, metadata);
    }

    /** The same definition with a purpose. */
    public DatasetDefinition withPurpose(String newPurpose) {
        return new DatasetDefinition(id, source, Optional.of(newPurpose), renameColumns, metadata);
    }

    /** The same definition with its URI read in the given format ({@code csv}, {@code json} or {@code jsonl}). */
    public DatasetDefinition withFormat(String format) {
        if (!(source instanceof DatasetSource.Uri uri)) {
            throw new IllegalArgumentException("a format applies to a URI source, not to " + source);
        }
        return new DatasetDefinition(
                id, new DatasetSource.Uri(uri.uri(), Optional.of(format)), purpose, renameColumns, metadata);
    }
}
