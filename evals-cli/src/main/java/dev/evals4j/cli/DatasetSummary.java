package dev.evals4j.cli;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.datasets.DatasetFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code evals datasets describe FILE}: reads a dataset file or URL once and tells its format, its rows and, per
 * column, the JSON types of its values, how many cells are empty and its first values.
 */
final class DatasetSummary {
    /** Examples shown per column. */
    private static final int EXAMPLES = 2;

    /** Characters of an example shown. */
    private static final int EXAMPLE_CHARS = 40;

    private DatasetSummary() {}

    /**
     * Whether a {@code datasets describe} argument names a file or a URL rather than a Hub dataset's
     * {@code OWNER/NAME}: a path that exists, a URI with a scheme, a name with a data file's extension, or a path
     * that is not of the form {@code OWNER/NAME}.
     */
    static boolean isFileOrUrl(String dataset) {
        String scheme = new DatasetSource.Uri(dataset, Optional.empty()).scheme();
        if (!scheme.equals("file") || dataset.startsWith("file:")) {
            return true;
        }
        try {
            if (Files.exists(Path.of(dataset))) {
                return true;
            }
        } catch (InvalidPathException e) {
            return false;
        }
        String lower = dataset.toLowerCase(Locale.ROOT);
        return DatasetFormat.fromFileName(dataset).isPresent()
                || lower.endsWith(".zip")
                || lower.endsWith(".parquet")
                || !dataset.matches("[A-Za-z0-9][\\w.\\-]*/[\\w.\\-]+(@[\\w.\\-/]+)?");
    }

    /** Reads the whole dataset and prints what it holds. */
    static void describe(CliContext context, DatasetDefinition definition, String givenFormat) {
        DatasetSource.Uri source = (DatasetSource.Uri) definition.source();
        Map<String, Column> columns = new LinkedHashMap<>();
        long rows = 0;
        try (RowReader reader = context.evals().context().openDataset(source)) {
            for (Optional<Map<String, Object>> row = reader.next(); row.isPresent(); row = reader.next()) {
                rows++;
                for (Map.Entry<String, Object> cell : row.get().entrySet()) {
                    columns.computeIfAbsent(cell.getKey(), k -> new Column()).add(cell.getValue());
                }
            }
        }
        List<String> facts = new ArrayList<>();
        format(source.uri(), givenFormat).ifPresent(facts::add);
        facts.add(rows + (rows == 1 ? " row" : " rows"));
        facts.add(columns.size() + (columns.size() == 1 ? " column" : " columns"));
        size(source).ifPresent(facts::add);
        context.out.println(source.uri() + ": " + String.join(", ", facts));
        if (columns.isEmpty()) {
            return;
        }
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("COLUMN", "TYPES", "EMPTY", "FIRST VALUES"));
        for (Map.Entry<String, Column> c : columns.entrySet()) {
            Column column = c.getValue();
            // a row without the column (JSON Lines rows may differ) counts as empty
            long empty = column.empty + (rows - column.cells);
            table.add(List.of(
                    c.getKey(),
                    column.types.isEmpty() ? "null" : String.join(", ", column.types),
                    Long.toString(empty),
                    String.join(", ", column.examples)));
        }
        context.out.println();
        Table.print(context.out, table);
        context.out.println();
        context.out.println(scoring(columns.keySet()));
    }

    /** Whether {@code evals score} can read the dataset as it is. */
    private static String scoring(Set<String> columns) {
        List<String> missing = new ArrayList<>();
        for (String needed : List.of(ScorerInputSample.GENERATED_ANSWER, ScorerInputSample.EXPECTED_ANSWER)) {
            if (!columns.contains(needed)) {
                missing.add(needed);
            }
        }
        if (missing.isEmpty()) {
            return "evals score reads generated_answer and expected_answer: both are here";
        }
        return "evals score reads generated_answer and expected_answer: " + String.join(" and ", missing)
                + (missing.size() == 1 ? " is" : " are") + " missing (--rename FROM=" + missing.get(0)
                + " renames a column)";
    }

    private static Optional<String> format(String uri, String givenFormat) {
        Optional<DatasetFormat> format = givenFormat != null
                ? Optional.of(DatasetFormat.parse(givenFormat, uri))
                : DatasetFormat.fromFileName(uri.replaceFirst("[?#].*$", ""));
        boolean gzip = uri.toLowerCase(Locale.ROOT).replaceFirst("[?#].*$", "").endsWith(".gz");
        return format.map(f -> switch (f) {
                    case CSV -> "CSV";
                    case JSON -> "a JSON array";
                    case JSONL -> "JSON Lines";
                })
                .map(f -> gzip ? f + " (gzip)" : f);
    }

    private static Optional<String> size(DatasetSource.Uri source) {
        if (!source.scheme().equals("file")) {
            return Optional.empty();
        }
        try {
            Path path = source.uri().startsWith("file:")
                    ? Path.of(java.net.URI.create(source.uri()))
                    : Path.of(source.uri());
            return Optional.of(DatasetsCommand.size(Files.size(path)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What one column holds across the rows. */
    private static final class Column {
        final Set<String> types = new LinkedHashSet<>();
        final List<String> examples = new ArrayList<>();
        long cells;
        long empty;

        void add(Object value) {
            cells++;
            if (value == null || value instanceof String text && text.isEmpty()) {
                empty++;
                if (value == null) {
                    return;
                }
            }
            types.add(type(value));
            if (examples.size() < EXAMPLES && !(value instanceof String text && text.isEmpty())) {
                String shown = JsonValues.toJson(value);
                if (shown.length() > EXAMPLE_CHARS) {
                    shown = shown.substring(0, EXAMPLE_CHARS - 1) + "…";
                }
                if (!examples.contains(shown)) {
                    examples.add(shown);
                }
            }
        }

        private static String type(Object value) {
            String described = ParamType.describe(value);
            return described.replaceFirst("^an? ", "");
        }
    }
}
