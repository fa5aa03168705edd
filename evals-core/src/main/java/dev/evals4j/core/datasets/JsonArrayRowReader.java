package dev.evals4j.core.datasets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.text.JsonErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** Reads a JSON array of objects, one object at a time. */
final class JsonArrayRowReader implements RowReader {
    private final JsonParser parser;
    private final String source;
    private long rowLine;
    private long count;
    private boolean done;

    JsonArrayRowReader(BufferedReader reader, String source) throws IOException {
        this.source = source;
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        this.parser = Json.MAPPER.getFactory().createParser(reader);
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (JsonProcessingException e) {
            parser.close();
            throw error(e);
        }
        if (first != JsonToken.START_ARRAY) {
            parser.close();
            throw new DatasetLoadException(source + ": expected a JSON array of objects, found "
                    + (first == null
                            ? "nothing"
                            : first.asString() == null ? first.name() : "'" + first.asString() + "'")
                    + " at line " + parser.currentLocation().getLineNr());
        }
    }

    @Override
    public Optional<Map<String, Object>> next() {
        if (done) {
            return Optional.empty();
        }
        try {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY || token == null) {
                done = true;
                return Optional.empty();
            }
            rowLine = parser.currentLocation().getLineNr();
            count++;
            if (token != JsonToken.START_OBJECT) {
                throw new DatasetLoadException(source + " line " + rowLine + ": element " + (count - 1)
                        + " of the array is not a JSON object");
            }
            return Optional.of(Json.MAPPER.readValue(parser, Json.MAP));
        } catch (JsonProcessingException e) {
            throw error(e);
        } catch (Utf8CheckingInputStream.InvalidUtf8Exception e) {
            throw new DatasetLoadException(source + " " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetLoadException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private DatasetLoadException error(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " line " + at.getLineNr() + " column " + at.getColumnNr();
        return new DatasetLoadException(source + where + ": not valid JSON: " + JsonErrors.describe(e), e);
    }

    @Override
    public String location() {
        return source + " line " + rowLine;
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
