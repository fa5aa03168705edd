package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
        assertThat(cache.stats()).isEqualTo(new ResponseCache.Stats(1, 1, 1, 0));
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

    private static ResponseCache.Key key(int i) {
        return ResponseCache.key(URL, "m", request(i), 0);
    }

    private static String request(int i) {
        return REQUEST.replace("2+2?", i + "+" + i + "?");
    }

    private static String answer(int i) {
        return ANSWER.replace("\"4\"", "\"" + (2 * i) + "\"");
    }

    private static long bytesOnDisk(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .mapToLong(f -> ResponseCache.blocks(f.toFile().length()))
                    .sum();
        }
    }

    @Test
    void aCapBelowOneEntryIsRefusedAndEntriesCountInWholeBlocks() {
        assertThatThrownBy(() -> ResponseCache.open(dir, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must be at least 4096 (one entry), was 100");
        assertThat(ResponseCache.open(dir).maxBytes()).isEqualTo(1L << 30);
        assertThat(ResponseCache.blocks(1)).isEqualTo(4096);
        assertThat(ResponseCache.blocks(4096)).isEqualTo(4096);
        assertThat(ResponseCache.blocks(4097)).isEqualTo(8192);
    }

    @Test
    void aWriteOverTheCapEvictsTheLeastRecentlyUsedEntriesDownToNinetyPercent() throws IOException {
        FakeTime time = new FakeTime();
        ResponseCache cache = ResponseCache.open(dir, 10 * 4096, time);
        for (int i = 0; i < 10; i++) {
            cache.put(key(i), request(i), answer(i));
            time.advance(Duration.ofSeconds(1));
        }
        assertThat(cache.get(key(0))).contains(answer(0)); // a hit makes entry 0 the most recently used

        time.advance(Duration.ofSeconds(1));
        cache.put(key(10), request(10), answer(10)); // 11 entries: over the cap, trimmed to 9

        assertThat(cache.stats().evictions()).isEqualTo(2);
        assertThat(Files.exists(cache.file(key(1)))).isFalse();
        assertThat(Files.exists(cache.file(key(2)))).isFalse();
        for (int i : new int[] {0, 3, 4, 5, 6, 7, 8, 9, 10}) {
            assertThat(cache.get(key(i))).as("entry %d", i).contains(answer(i));
        }
        assertThat(cache.get(key(1))).isEmpty();
        assertThat(bytesOnDisk(dir)).isEqualTo(9 * 4096);
    }

    @Test
    void aCacheAlreadyOverItsCapIsTrimmedOnTheFirstWrite() throws IOException {
        FakeTime time = new FakeTime();
        ResponseCache large = ResponseCache.open(dir, 1L << 30, time);
        for (int i = 0; i < 30; i++) {
            large.put(key(i), request(i), answer(i));
            time.advance(Duration.ofSeconds(1));
        }

        ResponseCache small = ResponseCache.open(dir, 20 * 4096, time);
        small.put(key(30), request(30), answer(30));

        assertThat(bytesOnDisk(dir)).isEqualTo(18 * 4096);
        assertThat(small.get(key(30))).contains(answer(30));
        assertThat(small.get(key(12))).isEmpty();
        assertThat(small.get(key(13))).contains(answer(13));
    }

    @Test
    void theTreeIsRescannedOnlyWhenTheEstimateSaysSo() throws IOException {
        ResponseCache cache = ResponseCache.open(dir, 100 * 4096);
        cache.put(key(0), request(0), answer(0)); // the first write of the process scans
        // an entry the estimate does not know of (another process's): found only at the next scan
        Path foreign = cache.file(key(0)).resolveSibling("0".repeat(64) + ".json");
        Files.write(foreign, new byte[99 * 4096]);

        cache.put(key(1), request(1), answer(1));
        assertThat(cache.stats().evictions()).isZero(); // over the cap, but no scan has seen it
        assertThat(bytesOnDisk(dir)).isEqualTo(101 * 4096);

        for (int i = 2; i < 12; i++) { // a tenth of the cap written since the last scan: scan again
            cache.put(key(i), request(i), answer(i));
        }
        assertThat(cache.stats().evictions()).isPositive();
        assertThat(bytesOnDisk(dir)).isLessThanOrEqualTo(90 * 4096);
    }

    @Test
    void threadsWritingReadingAndEvictingAtOnceNeverSeeATornEntry() throws Exception {
        ResponseCache cache = ResponseCache.open(dir, 40 * 4096);
        int threads = 8;
        int perThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                work.add(pool.submit(() -> {
                    int hits = 0;
                    for (int i = base; i < base + perThread; i++) {
                        cache.put(key(i), request(i), answer(i));
                        int other = (i * 7919) % (threads * perThread);
                        Optional<String> found = cache.get(key(other));
                        if (found.isPresent()) {
                            assertThat(found.get()).isEqualTo(answer(other));
                            hits++;
                        }
                    }
                    return hits;
                }));
            }
            for (Future<Integer> w : work) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        cache.put(key(-1), request(-1), answer(-1));

        assertThat(bytesOnDisk(dir)).isLessThanOrEqualTo(40 * 4096);
        assertThat(cache.stats().evictions()).isGreaterThanOrEqualTo(threads * perThread - 40);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
        }
    }
}
