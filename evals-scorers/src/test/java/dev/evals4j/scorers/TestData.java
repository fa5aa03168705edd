package dev.evals4j.scorers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the test data files in src/test/resources (see the PROVENANCE.txt next to them). */
public final class TestData {
    private TestData() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The rows of a JSONL resource, in order. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> jsonl(String resource) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : text(resource).split("\n")) {
            if (!line.isBlank()) {
                try {
                    rows.add(MAPPER.readValue(line, Map.class));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return rows;
    }

    /** A JSON resource as plain Java values. */
    public static Object json(String resource) {
        try {
            return MAPPER.readValue(text(resource), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a resource. */
    public static String text(String resource) {
        try (InputStream in = TestData.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The per-row scores of one entry of llama-stack/golden_scores.json. */
    @SuppressWarnings("unchecked")
    public static List<Double> goldenScores(String key) {
        Map<String, Object> golden = (Map<String, Object>) json("llama-stack/golden_scores.json");
        Map<String, Object> entry = (Map<String, Object>) golden.get(key);
        List<Double> scores = new ArrayList<>();
        for (Object row : (List<Object>) entry.get("score_rows")) {
            scores.add(((Number) ((Map<String, Object>) row).get("score")).doubleValue());
        }
        return scores;
    }
}
