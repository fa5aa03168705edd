package dev.evals4j.core.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV with a header row (RFC 4180: quoted fields may hold commas, quotes and newlines), skipping a UTF-8
 * byte order mark. Cells are strings, except an {@code expected_answer} cell that holds a JSON list, which is read
 * as a list as Llama Stack's datasets did.
 */
final class CsvRowReader implements RowReader {
    /** Columns whose cells are read as JSON lists when they hold one. */
    static final Set<String> LIST_COLUMNS = Set.of(ScorerInputSample.EXPECTED_ANSWER);

    private final String source;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private long lastLine;
    private long recordLine;

    CsvRowReader(BufferedReader reader, String source) throws IOException {
        this.source = source;
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(false)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW)
                .get();
        try {
            this.parser =
                    CSVParser.builder().setReader(reader).setFormat(format).get();
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            reader.close();
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            if (cause instanceof Utf8CheckingInputStream.InvalidUtf8Exception bad) {
                throw new DatasetLoadException(source + " " + bad.getMessage(), e);
            }
            throw new DatasetLoadException(source + " line 1: bad CSV header: " + e.getMessage(), e);
        }
        this.header = List.copyOf(parser.getHeaderNames());
        if (header.isEmpty()) {
            parser.close();
            throw new DatasetLoadException(source + " has no header row; the first line must name the columns");
        }
        this.records = parser.iterator();
        this.lastLine = parser.getCurrentLineNumber();
    }

    @Override
    public Optional<Map<String, Object>> next() {
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                return Optional.empty();
            }
            record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            if (e.getCause() instanceof Utf8CheckingInputStream.InvalidUtf8Exception bad) {
                throw new DatasetLoadException(source + " " + bad.getMessage(), e);
            }
            String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new DatasetLoadException(source + " line " + (lastLine + 1) + ": malformed CSV: " + message, e);
        }
        recordLine = lastLine + 1;
        lastLine = parser.getCurrentLineNumber();
        if (record.size() != header.size()) {
            throw new DatasetLoadException(source + " line " + recordLine + ": " + record.size() + " field"
                    + (record.size() == 1 ? "" : "s") + ", but the header has " + header.size() + " columns ("
                    + String.join(", ", header) + ")");
        }
        Map<String, Object> row = new LinkedHashMap<>(header.size() * 2);
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String cell = record.get(i);
            row.put(name, LIST_COLUMNS.contains(name) ? listOrText(cell) : cell);
        }
        return Optional.of(row);
    }

    private static Object listOrText(String cell) {
        String trimmed = cell.trim();
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) {
            return cell;
        }
        try {
            Object parsed = Json.MAPPER.readValue(trimmed, Object.class);
            return parsed instanceof List<?> list ? new ArrayList<>(list) : cell;
        } catch (JsonProcessingException e) {
            return cell;
        }
    }

    @Override
    public String location() {
        return source + " line " + recordLine;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + source, e);
        }
    }
}
