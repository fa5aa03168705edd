package dev.evals4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.EvalException;
import dev.evals4j.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a run's {@code samples.jsonl} to resume it: the last line of each (index, epoch) wins. A last line cut
 * short by a crash (no newline, or not valid JSON) is removed from the file; a bad line elsewhere is an error.
 */
final class JournalReader {
    private JournalReader() {}

    /** The sample's key in the journal. */
    record Key(long index, int epoch) {}

    static Map<Key, Map<String, Object>> read(Path journal) {
        Map<Key, Map<String, Object>> lines = new LinkedHashMap<>();
        if (!Files.exists(journal)) {
            return lines;
        }
        long goodBytes = 0;
        long lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            long fileSize = Files.size(journal);
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                long lineBytes = line.getBytes(StandardCharsets.UTF_8).length;
                boolean complete = goodBytes + lineBytes < fileSize; // a newline follows
                Map<String, Object> json;
                try {
                    json = line.isBlank() ? null : Json.MAPPER.readValue(line, Json.MAP);
                } catch (JsonProcessingException e) {
                    if (!complete || reader.readLine() == null) {
                        break; // the torn last line of a crash
                    }
                    throw new EvalException(journal + " line " + lineNumber + " is not valid JSON, so the run cannot"
                            + " be resumed safely: " + Json.describe(e));
                }
                if (!complete) {
                    break; // valid JSON but no newline: written partly; the sample runs again
                }
                goodBytes += lineBytes + 1;
                if (json == null) {
                    continue;
                }
                if (!(json.get("index") instanceof Number index)) {
                    throw new EvalException(journal + " line " + lineNumber + " has no \"index\"");
                }
                int epoch = json.get("epoch") instanceof Number e ? e.intValue() : 0;
                lines.put(new Key(index.longValue(), epoch), json);
            }
        } catch (IOException e) {
            throw new EvalException("cannot read the journal " + journal + ": " + e.getMessage(), e);
        }
        truncate(journal, goodBytes);
        return lines;
    }

    private static void truncate(Path journal, long goodBytes) {
        try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "rw")) {
            if (file.length() > goodBytes) {
                file.setLength(goodBytes);
            }
        } catch (IOException e) {
            throw new EvalException("cannot repair the journal " + journal + ": " + e.getMessage(), e);
        }
    }
}
