package dev.evals4j.core.datasets;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.internal.DatasetRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV with a header row (RFC 4180: quoted fields may hold commas, quotes and newlines), skipping a UTF-8
 * byte order mark. Cells are strings, except an {@code expected_answer} cell that holds a JSON list, which is read
 * as a list as Llama Stack's datasets did.
 */
final class CsvRowReader implements RowReader {
    /**
     * commons-csv's messages for a quoted field not closed, and for text after a closing quote; it writes line numbers
     * with the default locale's grouping ("1,000"), so any separator is allowed between the digits.
     */
    private static final Pattern UNCLOSED_QUOTE = Pattern.compile(
            "\\(startline (\\d[\\d,.\\u00a0\\u202f' ]*)\\) EOF reached before encapsulated token finished");

    private static final Pattern TEXT_AFTER_QUOTE = Pattern.compile(
            "Invalid character between encapsulated token and delimiter at line: (\\d[\\d,.\\u00a0\\u202f' ]*\\d|\\d)");

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
        // the header is read as the first record, so that its problems are told in our words, not commons-csv's
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        CSVRecord first;
        try {
            this.parser =
                    CSVParser.builder().setReader(reader).setFormat(format).get();
            this.records = parser.iterator();
            first = records.hasNext() ? records.next() : null;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            reader.close();
            throw malformed(source, 1, e);
        }
        if (first == null) {
            parser.close();
            throw new DatasetLoadException(source + " has no header row; the first line must name the columns");
        }
        this.lastLine = parser.getCurrentLineNumber();
        this.header = List.copyOf(first.toList());
        try {
            checkHeader(source, lastLine, header);
        } catch (DatasetLoadException e) {
            parser.close();
            throw e;
        }
    }

    /** Refuses a header with a column without a name, or a name twice, which would make rows ambiguous. */
    private static void checkHeader(String source, long line, List<String> header) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name.isBlank()) {
                throw new DatasetLoadException(source + " line " + line + ": column " + (i + 1) + " of the header has"
                        + " no name (" + String.join(", ", header) + "); every column needs a name");
            }
            if (!seen.add(name)) {
                throw new DatasetLoadException(source + " line " + line + ": the column '" + name + "' appears"
                        + " twice in the header (" + String.join(", ", header) + "); rename one of them");
            }
        }
    }

    /**
     * A record commons-csv could not read, in our words: an unclosed quoted field, or text after a closing quote.
     *
     * @param line the line the record starts on, for messages that do not say
     */
    private static DatasetLoadException malformed(String source, long line, Exception e) {
        Throwable cause = e instanceof UncheckedIOException || e instanceof IllegalStateException ? e.getCause() : e;
        if (cause == null) {
            cause = e;
        }
        if (cause instanceof Utf8CheckingInputStream.InvalidUtf8Exception bad) {
            return new DatasetLoadException(source + " " + bad.getMessage(), e);
        }
        String message = String.valueOf(cause.getMessage());
        Matcher unclosed = UNCLOSED_QUOTE.matcher(message);
        if (unclosed.find()) {
            return new DatasetLoadException(
                    source + " line " + digits(unclosed.group(1)) + ": a quoted field that starts"
                            + " on this line is not closed before the end of the file (a quote inside a quoted field is"
                            + " written twice: \"\")",
                    e);
        }
        Matcher after = TEXT_AFTER_QUOTE.matcher(message);
        if (after.find()) {
            return new DatasetLoadException(
                    source + " line " + digits(after.group(1)) + ": text follows the closing quote"
                            + " of a quoted field (a quote inside a quoted field is written twice: \"\")",
                    e);
        }
        return new DatasetLoadException(source + " line " + line + ": malformed CSV: " + message, e);
    }

    /** A number as commons-csv wrote it, without its grouping separators. */
    private static String digits(String number) {
        return number.replaceAll("\\D", "");
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
            throw malformed(source, lastLine + 1, e);
        }
        recordLine = lastLine + 1;
        lastLine = parser.getCurrentLineNumber();
        if (record.size() != header.size()) {
            throw new DatasetLoadException(source + " line " + recordLine + ": " + record.size() + " field"
                    + (record.size() == 1 ? "" : "s") + ", but the header has " + header.size() + " columns ("
                    + String.join(", ", header) + ")");
        }
        Object[] cells = new Object[header.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = DatasetRows.csvCell(header.get(i), record.get(i));
        }
        return Optional.of(JsonValues.row(header, cells));
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
