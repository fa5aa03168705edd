package dev.evals4j.scorers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Strict JSON parsing into plain Java values ({@code null}, String, Number, Boolean, List, Map with insertion
 * order), as {@code JSON.parse} and Python's {@code json.loads} accept it: one value, nothing after it.
 */
public final class Json {
    private Json() {}

    /** What {@link #parse} returns for text that is not JSON, since {@code null} is a valid JSON value. */
    public static final Object NOT_JSON = new Object() {
        @Override
        public String toString() {
            return "NOT_JSON";
        }
    };

    // Configured once and never changed afterwards, so it is safe to share between threads.
    private static final ObjectMapper MAPPER = JsonMapper.builder(dev.evals4j.core.internal.Json.factory())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The parsed value ({@code null} for JSON {@code null}), or {@link #NOT_JSON}. */
    public static Object parse(String text) {
        if (text.isEmpty()) {
            return NOT_JSON;
        }
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException | RuntimeException e) {
            return NOT_JSON;
        }
    }

    /** Why the text is not JSON, for messages; empty text gives "no content". */
    public static String problem(String text) {
        if (text.isEmpty()) {
            return "no content";
        }
        try {
            MAPPER.readValue(text, Object.class);
            return "valid";
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        }
    }

    /** A parsed value as a list of texts, when it is a list whose every element is a string. */
    public static Optional<List<String>> strings(@Nullable Object value) {
        if (!(value instanceof List<?> list)) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                return Optional.empty();
            }
            out.add(s);
        }
        return Optional.of(out);
    }
}
