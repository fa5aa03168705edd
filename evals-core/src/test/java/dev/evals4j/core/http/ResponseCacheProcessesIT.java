package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes share one capped cache directory: no entry is ever torn, and the cap holds, about. */
class ResponseCacheProcessesIT {
    private static final String URL = "http://127.0.0.1:8000/v1/chat/completions";
    private static final long CAP = 50 * 4096;
    private static final int PER_PROCESS = 300;

    @TempDir
    Path temp;

    static ResponseCache.Key key(int i) {
        return ResponseCache.key(URL, "m", request(i), 0);
    }

    static String request(int i) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + i + "+" + i
                + "?\"}],\"temperature\":0}";
    }

    static String answer(int i) {
        return "{\"id\":\"chatcmpl-" + i
                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + (2 * i)
                + "\"},\"logprobs\":null,\"finish_reason\":\"stop\"}]}";
    }

    @Test
    void threeProcessesWritingReadingAndEvictingKeepEveryEntryWholeAndTheCacheNearItsCap() throws Exception {
        Path dir = temp.resolve("cache");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int p = 1; p <= 2; p++) {
            children.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            ResponseCacheWriter.class.getName(),
                            dir.toString(),
                            Long.toString(CAP),
                            Integer.toString(p * PER_PROCESS),
                            Integer.toString(PER_PROCESS))
                    .redirectErrorStream(true)
                    .redirectOutput(temp.resolve("child" + p + ".log").toFile())
                    .start());
        }
        ResponseCache cache = ResponseCache.open(dir, CAP);
        for (int i = 0; i < PER_PROCESS; i++) {
            cache.put(key(i), request(i), answer(i));
            for (int other : new int[] {i - 3, PER_PROCESS + i - 3, 2 * PER_PROCESS + i - 3}) {
                Optional<String> found = cache.get(key(other));
                found.ifPresent(a -> assertThat(a).isEqualTo(answer(other)));
            }
        }
        for (Process child : children) {
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
        }

        long total = 0;
        int entries = 0;
        try (Stream<Path> files = Files.walk(dir.resolve("v1"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                assertThat(name).doesNotEndWith(".tmp");
                if (!name.endsWith(".json")) {
                    assertThat(name).isEqualTo(".evict.lock");
                    continue;
                }
                JsonNode entry = Json.MAPPER.readTree(Files.readString(file));
                String content = entry.at("/request/messages/0/content").asText();
                int i = Integer.parseInt(content.substring(0, content.indexOf('+')));
                assertThat(entry.get("response").toString()).isEqualTo(answer(i));
                total += ResponseCache.blocks(Files.size(file));
                entries++;
            }
        }
        // each process notices the others' writes within a tenth of the cap of its own
        assertThat(total).isLessThanOrEqualTo(CAP + 3 * (CAP / 10) + 3 * 4096);
        assertThat(entries).isGreaterThan(0);
    }
}
