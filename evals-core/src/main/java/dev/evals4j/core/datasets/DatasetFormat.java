package dev.evals4j.core.datasets;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.text.Suggestions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** The file formats rows are read from, and how a format is told from a name or a content type. */
public enum DatasetFormat {
    CSV,
    JSON,
    JSONL;

    /** The names {@link #parse} knows, as messages list them ({@code ndjson} and {@code jsonlines} also work). */
    public static final List<String> NAMES = List.of("csv", "json", "jsonl");

    /** The format for a name such as {@code csv} or {@code ndjson}. */
    public static DatasetFormat parse(String name, String source) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "json" -> JSON;
            case "jsonl", "ndjson", "jsonlines" -> JSONL;
            default -> throw new DatasetLoadException("unknown dataset format '" + name + "' for " + source
                    + Suggestions.didYouMean(name, NAMES)
                            .map(meant -> "; " + meant + " Known formats: ")
                            .orElse("; known formats: ")
                    + String.join(", ", NAMES));
        };
    }

    /** The format told by a file name's extension ({@code .csv}, {@code .json}, {@code .jsonl}, {@code .ndjson}), ignoring {@code .gz}. */
    public static Optional<DatasetFormat> fromFileName(String name) {
        String lower = stripGzip(name.toLowerCase(Locale.ROOT));
        if (lower.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        if (lower.endsWith(".json")) {
            return Optional.of(JSON);
        }
        return Optional.empty();
    }

    /** The format told by a MIME type such as {@code text/csv; charset=utf-8}. */
    public static Optional<DatasetFormat> fromContentType(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        if (semi >= 0) {
            type = type.substring(0, semi);
        }
        type = type.trim();
        return switch (type) {
            case "text/csv", "application/csv", "text/comma-separated-values" -> Optional.of(CSV);
            case "application/json", "text/json" -> Optional.of(JSON);
            case "application/jsonl",
                    "application/x-jsonlines",
                    "application/jsonlines",
                    "application/x-ndjson",
                    "application/ndjson",
                    "text/jsonl" -> Optional.of(JSONL);
            default -> Optional.empty();
        };
    }

    static boolean isGzip(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    private static String stripGzip(String lower) {
        return lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
    }

    /**
     * Reads rows of this format from a stream, which the reader closes.
     *
     * @param source how messages name the stream, such as a file path or a URL
     * @param gzip whether the stream is gzip-compressed
     */
    public RowReader open(InputStream in, String source, boolean gzip) {
        try {
            InputStream raw = new Utf8CheckingInputStream(gzip ? new GZIPInputStream(in, 1 << 16) : in);
            BufferedReader reader = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 1 << 16);
            return switch (this) {
                case CSV -> new CsvRowReader(reader, source);
                case JSON -> new JsonArrayRowReader(reader, source);
                case JSONL -> new JsonlRowReader(reader, source);
            };
        } catch (Utf8CheckingInputStream.InvalidUtf8Exception e) {
            closeQuietly(in);
            throw new DatasetLoadException(source + " " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(in);
            throw new DatasetLoadException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the open failure is the error to report
        }
    }
}
