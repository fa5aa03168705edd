package dev.evals4j.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.JsonValues;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A run's dataset as {@code run.json} records it: its id and either its URI (with a format when one was given) or
 * its inline rows; its purpose, renames and metadata.
 *
 * @param id the dataset id
 * @param uri the file, URL or Hub URI; null for inline rows
 * @param format the format given for the URI; null when it comes from the name
 * @param rows the inline rows; null for a URI
 * @param purpose Llama Stack's purpose, when given
 * @param renameColumns columns renamed before use, from → to
 * @param metadata the dataset's metadata
 */
public record DatasetRecord(
        String id,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String uri,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String format,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<Map<String, Object>> rows,
        @Nullable String purpose,
        Map<String, String> renameColumns,
        Map<String, Object> metadata) {
    public DatasetRecord {
        Objects.requireNonNull(id, "id");
        if ((uri == null) == (rows == null)) {
            throw new IllegalArgumentException("a dataset record has either a uri or rows");
        }
        rows = rows == null ? null : rows.stream().map(JsonValues::copyRow).toList();
        renameColumns = renameColumns == null ? Map.of() : Map.copyOf(renameColumns);
        metadata = metadata == null ? Map.of() : JsonValues.copyRow(metadata);
    }

    /** The record of a definition. */
    public static DatasetRecord of(DatasetDefinition d) {
        if (d.source() instanceof DatasetSource.Uri uri) {
            return new DatasetRecord(
                    d.id(),
                    uri.uri(),
                    uri.format().orElse(null),
                    null,
                    d.purpose().orElse(null),
                    d.renameColumns(),
                    d.metadata());
        }
        return new DatasetRecord(
                d.id(),
                null,
                null,
                ((DatasetSource.Rows) d.source()).rows(),
                d.purpose().orElse(null),
                d.renameColumns(),
                d.metadata());
    }

    /** The definition this record describes. */
    public DatasetDefinition definition() {
        DatasetSource source =
                uri != null ? new DatasetSource.Uri(uri, Optional.ofNullable(format)) : DatasetSource.rows(rows);
        return new DatasetDefinition(id, source, Optional.ofNullable(purpose), renameColumns, metadata);
    }
}
