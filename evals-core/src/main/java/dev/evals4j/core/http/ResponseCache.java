package dev.evals4j.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model answers kept on disk, so that asking a deterministic question again costs nothing; thread-safe, and
 * safe for several processes sharing one directory.
 *
 * <p>An entry's key is the SHA-256 of everything that changes the answer: the endpoint URL (without user info),
 * the model, the full request body as sent, and the epoch. Headers are not part of the key and are never stored,
 * so an API key cannot reach the cache. Each entry is one file,
 * {@code <directory>/v1/<first two hex digits>/<hash>.json}, written to a temporary file and renamed into place,
 * so a reader sees a whole entry or none, even when the process is killed while writing (see
 * {@code docs/decisions/004-response-cache.md}). An entry that cannot be read counts as a miss.
 */
public final class ResponseCache {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    private static final String VERSION = "v1";

    private final Path directory;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder writes = new LongAdder();

    private ResponseCache(Path directory) {
        this.directory = directory;
    }

    /** A cache in this directory, which is created when the first entry is written. */
    public static ResponseCache open(Path directory) {
        return new ResponseCache(
                Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize());
    }

    /** The directory of this cache. */
    public Path directory() {
        return directory;
    }

    /** What identifies one cached answer; make it with {@link #key}. */
    public record Key(String hash, String url, String model, int epoch) {
        public Key {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * The key of a request.
     *
     * @param url the endpoint's URL; user info in it is left out of the key
     * @param model the model, as the request names it
     * @param requestBody the request body exactly as sent
     * @param epoch the epoch of the sample (a repeated question is asked afresh in each epoch)
     */
    public static Key key(String url, String model, String requestBody, int epoch) {
        Objects.requireNonNull(requestBody, "requestBody");
        HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, "url"));
        String keyUrl = parsed == null
                ? url
                : parsed.newBuilder().username("").password("").build().toString();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        // Lengths before each part make the encoding unambiguous whatever the parts contain.
        for (String part : new String[] {
            "evals4j-response-cache/1",
            keyUrl,
            Objects.requireNonNull(model, "model"),
            Integer.toString(epoch),
            requestBody
        }) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha.update(bytes);
        }
        String shownUrl = parsed == null
                ? url
                : parsed.newBuilder()
                        .username("")
                        .password("")
                        .query(null)
                        .build()
                        .toString();
        return new Key(HexFormat.of().formatHex(sha.digest()), shownUrl, model, epoch);
    }

    /** The file that holds (or would hold) an entry. */
    public Path file(Key key) {
        return directory.resolve(VERSION).resolve(key.hash().substring(0, 2)).resolve(key.hash() + ".json");
    }

    /** The cached answer body of a request, counting a hit or a miss. */
    public Optional<String> get(Key key) {
        Path file = file(key);
        try {
            JsonNode entry = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            JsonNode response = entry == null ? null : entry.get("response");
            if (response == null || !response.isObject()) {
                LOG.warn("Ignoring the cache entry {}: it has no response", file);
                misses.increment();
                return Optional.empty();
            }
            hits.increment();
            return Optional.of(response.toString());
        } catch (NoSuchFileException e) {
            misses.increment();
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Ignoring the cache entry {}: {}", file, e.toString());
            misses.increment();
            return Optional.empty();
        }
    }

    /**
     * Stores the answer to a request, replacing any earlier one.
     *
     * @param requestBody the request as sent, kept in the entry for people reading it
     * @param responseBody the server's answer, a JSON object
     * @throws UncheckedIOException when the entry cannot be written
     */
    public void put(Key key, String requestBody, String responseBody) {
        Path file = file(key);
        String entry = "{\"url\":" + Json.write(key.url()) + ",\"model\":" + Json.write(key.model())
                + ",\"epoch\":" + key.epoch() + ",\"created\":"
                + Json.write(Instant.now().toString())
                + ",\"request\":" + compact(requestBody) + ",\"response\":" + compact(responseBody) + "}\n";
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), key.hash().substring(0, 16), ".tmp");
            try {
                Files.writeString(tmp, entry, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            writes.increment();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the cache entry " + file + ": " + e.getMessage(), e);
        }
    }

    private static String compact(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return node == null ? "null" : node.toString();
        } catch (IOException e) {
            return Json.write(json); // not JSON: kept as a string
        }
    }

    /** Hits, misses and writes since this cache object was opened. */
    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), writes.sum());
    }

    /** What a {@link ResponseCache} has done since it was opened. */
    public record Stats(long hits, long misses, long writes) {}

    @Override
    public String toString() {
        return "ResponseCache[" + directory + "]";
    }
}
