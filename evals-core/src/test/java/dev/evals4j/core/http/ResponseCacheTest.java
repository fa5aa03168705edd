package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseCacheTest {
    private static final String URL = "http://127.0.0.1:8000/v1/chat/completions";
    private static final String REQUEST =
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]," + "\"temperature\":0}";
    private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"message\":"
            + "{\"role\":\"assistant\",\"content\":\"4\"},\"logprobs\":null,\"finish_reason\":\"stop\"}]}";

    @TempDir
    Path dir;

    @Test
    void storesAndFindsAnAnswerByItsRequest() {
        ResponseCache cache = ResponseCache.open(dir);
        ResponseCache.Key key = ResponseCache.key(URL, "m", REQUEST, 0);

        assertThat(cache.get(key)).isEmpty();
        cache.put(key, REQUEST, ANSWER);

        assertThat(cache.get(key)).contains(ANSWER);
        assertThat(ResponseCache.open(dir).get(ResponseCache.key(URL, "m", REQUEST, 0)))
                .contains(ANSWER);
        assertThat(cache.stats()).isEqualTo(new ResponseCache.Stats(1, 1, 1));
    }

    @Test
    void theKeyIsStableAcrossVersionsAndProcesses() {
        // computed independently (Python hashlib) from the documented encoding; a change here orphans every
        // user's cache, so it must be deliberate (and bump evals4j-response-cache/1)
        assertThat(ResponseCache.key(URL, "m", REQUEST, 0).hash())
                .isEqualTo("beb7806c2a9eeec7f78ce21c63c1598f4e9f6b28a9d0bd75ad6e6d462b4ce16d");
    }

    @Test
    void everythingThatChangesTheAnswerChangesTheKey() {
        String base = ResponseCache.key(URL, "m", REQUEST, 0).hash();

        assertThat(ResponseCache.key(URL, "m", REQUEST, 1).hash()).isNotEqualTo(base);
        assertThat(ResponseCache.key(URL, "m2", REQUEST, 0).hash()).isNotEqualTo(base);
        assertThat(ResponseCache.key(URL.replace("8000", "8001"), "m", REQUEST, 0)
                        .hash())
                .isNotEqualTo(base);
        assertThat(ResponseCache.key(URL, "m", REQUEST.replace("\"temperature\":0", "\"temperature\":0.1"), 0)
                        .hash())
                .isNotEqualTo(base);
        assertThat(ResponseCache.key("http://user:pw@127.0.0.1:8000/v1/chat/completions", "m", REQUEST, 0)
                        .hash())
                .isEqualTo(base);
    }

    @Test
    void oneFilePerEntryUnderItsHashPrefixWithTheRequestForReaders() throws IOException {
        ResponseCache cache = ResponseCache.open(dir);
        ResponseCache.Key key =
                ResponseCache.key("http://u:secret@127.0.0.1:8000/v1/chat/completions?k=s3", "m", REQUEST, 2);

        cache.put(key, REQUEST, ANSWER);

        Path file = dir.resolve("v1").resolve(key.hash().substring(0, 2)).resolve(key.hash() + ".json");
        assertThat(cache.file(key)).isEqualTo(file);
        String entry = Files.readString(file);
        assertThat(entry)
                .startsWith("{\"url\":\"http://127.0.0.1:8000/v1/chat/completions\",\"model\":\"m\","
                        + "\"epoch\":2,\"created\":\"");
        assertThat(entry).endsWith(",\"request\":" + REQUEST + ",\"response\":" + ANSWER + "}\n");
        assertThat(entry).doesNotContain("secret").doesNotContain("s3");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(file); // no temporary file left
        }
    }

    @Test
    void aNewerAnswerReplacesTheOlder() {
        ResponseCache cache = ResponseCache.open(dir);
        ResponseCache.Key key = ResponseCache.key(URL, "m", REQUEST, 0);
        cache.put(key, REQUEST, ANSWER);

        cache.put(key, REQUEST, ANSWER.replace("\"4\"", "\"four\""));

        assertThat(cache.get(key)).hasValueSatisfying(a -> assertThat(a).contains("\"four\""));
    }

    @Test
    void anUnreadableEntryIsAMiss() throws IOException {
        ResponseCache cache = ResponseCache.open(dir);
        ResponseCache.Key key = ResponseCache.key(URL, "m", REQUEST, 0);
        Files.createDirectories(cache.file(key).getParent());
        Files.writeString(cache.file(key), "{\"url\":\"http://127.0.0.1:8000/v1/chat/comp");

        assertThat(cache.get(key)).isEmpty();
        assertThat(cache.stats().misses()).isEqualTo(1);
    }
}
