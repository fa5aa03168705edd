package dev.evals4j.core.datasets;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.Dataset;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetsApi;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.RowPage;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.internal.DatasetRows;
import dev.evals4j.core.internal.InstanceContext;
import dev.evals4j.core.text.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The datasets facade over the plugin registry: registrations live in memory, rows are read from the source on
 * each use, with renames applied and appended rows after the source's rows. Thread-safe.
 */
public final class DatasetService implements DatasetsApi {
    private final InstanceContext context;
    private final Map<String, Entry> datasets = new LinkedHashMap<>();

    private record Entry(Dataset dataset, List<Map<String, Object>> appended) {}

    /** A service that reads sources through the dataset plugins of an instance. */
    public DatasetService(InstanceContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public synchronized Dataset register(DatasetDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        if (datasets.containsKey(definition.id())) {
            throw new ConfigurationException("a dataset with the id '" + definition.id()
                    + "' is already registered; unregister it first or choose another id");
        }
        Dataset dataset = new Dataset(
                definition, context.registry().datasetFor(definition.source()).id());
        datasets.put(definition.id(), new Entry(dataset, List.of()));
        return dataset;
    }

    @Override
    public synchronized Optional<Dataset> get(String datasetId) {
        return Optional.ofNullable(datasets.get(datasetId)).map(Entry::dataset);
    }

    @Override
    public synchronized List<Dataset> list() {
        return datasets.values().stream().map(Entry::dataset).toList();
    }

    @Override
    public synchronized void unregister(String datasetId) {
        if (datasets.remove(datasetId) == null) {
            throw unknown(datasetId);
        }
    }

    @Override
    public RowPage iterRows(String datasetId, int startIndex, int limit) {
        if (startIndex < 0) {
            throw new IllegalArgumentException("start_index must be at least 0, was " + startIndex);
        }
        if (limit < -1 || limit == 0) {
            throw new IllegalArgumentException("limit must be at least 1, or -1 for all rows, was " + limit);
        }
        try (RowReader reader = open(datasetId)) {
            for (int i = 0; i < startIndex; i++) {
                if (reader.next().isEmpty()) {
                    return new RowPage(List.of(), false);
                }
            }
            List<Map<String, Object>> page = new ArrayList<>();
            while (limit == -1 || page.size() < limit) {
                Optional<Map<String, Object>> row = reader.next();
                if (row.isEmpty()) {
                    return new RowPage(page, false);
                }
                page.add(row.get());
            }
            return new RowPage(page, reader.next().isPresent());
        }
    }

    @Override
    public synchronized void appendRows(String datasetId, List<? extends Map<String, ?>> rows) {
        Entry entry = datasets.get(datasetId);
        if (entry == null) {
            throw unknown(datasetId);
        }
        List<Map<String, Object>> appended = new ArrayList<>(entry.appended());
        for (Map<String, ?> row : rows) {
            appended.add(JsonValues.copyRow(row));
        }
        datasets.put(datasetId, new Entry(entry.dataset(), List.copyOf(appended)));
    }

    @Override
    public RowReader open(String datasetId) {
        Entry entry;
        synchronized (this) {
            entry = datasets.get(datasetId);
        }
        if (entry == null) {
            throw unknown(datasetId);
        }
        return open(entry.dataset().definition(), entry.appended());
    }

    /**
     * The rows a registered dataset holds, counted without reading them ({@link RowCount}), appended rows included;
     * empty when its source cannot be counted so.
     */
    public OptionalLong countRows(String datasetId) {
        Entry entry;
        synchronized (this) {
            entry = datasets.get(datasetId);
        }
        if (entry == null) {
            return OptionalLong.empty();
        }
        OptionalLong rows = RowCount.of(entry.dataset().definition().source());
        return rows.isPresent()
                ? OptionalLong.of(rows.getAsLong() + entry.appended().size())
                : rows;
    }

    /** The rows of a definition that is not registered, counted without reading them, when its source allows. */
    public OptionalLong countRows(DatasetDefinition definition) {
        return RowCount.of(definition.source());
    }

    /** Opens a definition that is not registered, with renames applied. */
    public RowReader open(DatasetDefinition definition) {
        return open(definition, List.of());
    }

    private RowReader open(DatasetDefinition definition, List<Map<String, Object>> appended) {
        RowReader reader = context.openDataset(definition.source());
        if (!appended.isEmpty()) {
            reader = new ConcatRowReader(reader, InlineRowsDataset.of(appended, "appended rows"));
        }
        if (!definition.renameColumns().isEmpty()) {
            reader = new RenamingRowReader(reader, definition.renameColumns());
        }
        return reader;
    }

    /** The error for an id no dataset has: the nearest ids, or that none is registered. */
    public synchronized ConfigurationException unknown(String datasetId) {
        if (datasets.isEmpty()) {
            return new ConfigurationException("no dataset has the id '" + datasetId + "'; no dataset is registered"
                    + " (register one with datasets().register(DatasetDefinition.ofUri(id, uri)))");
        }
        return new ConfigurationException("no dataset has the id '" + datasetId + "'"
                + Suggestions.didYouMean(datasetId, datasets.keySet())
                        .map(meant -> "; " + meant + " Registered datasets: ")
                        .orElse("; registered datasets: ")
                + String.join(", ", datasets.keySet()));
    }

    /** The rows of one reader, then those of another. */
    private static final class ConcatRowReader implements RowReader {
        private final RowReader first;
        private final RowReader second;
        private boolean onSecond;

        ConcatRowReader(RowReader first, RowReader second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public Optional<Map<String, Object>> next() {
            if (!onSecond) {
                Optional<Map<String, Object>> row = first.next();
                if (row.isPresent()) {
                    return row;
                }
                onSecond = true;
            }
            return second.next();
        }

        @Override
        public String location() {
            return onSecond ? second.location() : first.location();
        }

        @Override
        public void close() {
            try {
                first.close();
            } finally {
                second.close();
            }
        }
    }

    /**
     * Renames columns in every row; a rename of a column the first row lacks is an error. A name that is not a column
     * but a path into one ({@code 175b_verification.solution}, {@code output.0}: object keys and list positions
     * separated by dots) copies the value it leads to into the new column, keeping the column it was read from.
     */
    private static final class RenamingRowReader implements RowReader {
        private final RowReader delegate;
        private final Map<String, String> renames;
        private @Nullable Map<String, List<String>> paths;

        RenamingRowReader(RowReader delegate, Map<String, String> renames) {
            this.delegate = delegate;
            this.renames = renames;
        }

        @Override
        public Optional<Map<String, Object>> next() {
            Optional<Map<String, Object>> next = delegate.next();
            if (next.isEmpty()) {
                return next;
            }
            Map<String, Object> row = next.get();
            if (paths == null) {
                paths = DatasetRows.renamePaths(renames, row, delegate.location());
            }
            return Optional.of(DatasetRows.rename(row, renames, paths, delegate::location));
        }

        @Override
        public String location() {
            return delegate.location();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
