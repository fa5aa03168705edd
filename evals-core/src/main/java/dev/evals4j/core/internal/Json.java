package dev.evals4j.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/** The shared, fully configured {@link ObjectMapper}; thread-safe. */
public final class Json {
    /** Reads JSON into maps, lists and boxed scalars; writes maps and records. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The type of a JSON object read as a map. */
    public static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Json() {}

    /** Writes a value as compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The message of a Jackson error in our words, without Jackson's hints and source excerpt. */
    public static String describe(JsonProcessingException e) {
        return dev.evals4j.core.text.JsonErrors.describe(e);
    }
}
