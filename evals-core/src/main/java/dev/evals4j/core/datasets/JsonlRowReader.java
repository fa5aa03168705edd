package dev.evals4j.core.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.text.JsonErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** Reads JSON Lines: one JSON object per line; blank lines are skipped. */
final class JsonlRowReader implements RowReader {
    private final BufferedReader reader;
    private final String source;
    private long line;

    JsonlRowReader(BufferedReader reader, String source) {
        this.reader = reader;
        this.source = source;
    }

    @Override
    public Optional<Map<String, Object>> next() {
        String text;
        try {
            do {
                text = reader.readLine();
                line++;
                if (text == null) {
                    return Optional.empty();
                }
            } while (text.isBlank());
        } catch (Utf8CheckingInputStream.InvalidUtf8Exception e) {
            throw new DatasetLoadException(source + " " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetLoadException(
                    "cannot read " + source + " after line " + (line - 1) + ": " + e.getMessage(), e);
        }
        if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Object value;
        try {
            value = Json.MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            long column = e.getLocation() != null ? e.getLocation().getColumnNr() : -1;
            throw new DatasetLoadException(
                    source + " line " + line + (column > 0 ? " column " + column : "") + ": not valid JSON: "
                            + JsonErrors.describeLine(e),
                    e);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new DatasetLoadException(
                    source + " line " + line + ": expected a JSON object, found " + ParamType.describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) map;
        return Optional.of(row);
    }

    @Override
    public String location() {
        return source + " line " + line;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + source, e);
        }
    }
}
