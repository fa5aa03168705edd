package dev.evals4j.bench.cache;

import dev.evals4j.core.http.ResponseCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures the response cache: writes and hits (modes that use only {@code ResponseCache.open(dir)}, so they run
 * against older builds too), and the cost of the size cap — the scan on a process's first write, an eviction, and
 * writes into a full cache.
 *
 * <p>{@code java -cp evals-bench/target/benchmarks.jar dev.evals4j.bench.cache.ResponseCacheBenchmark putget <dir>
 * <entries> <threads>} and {@code … cap <dir> <entries>}; entries are 1.6 KB chat answers, as in decision 004.
 */
public final class ResponseCacheBenchmark {
    private static final String URL = "http://127.0.0.1:8000/v1/chat/completions";

    private ResponseCacheBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int entries = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "putget" -> putGet(dir, entries, Integer.parseInt(args[3]));
            case "cap" -> cap(dir, entries);
            default -> throw new IllegalArgumentException("mode must be putget or cap, was " + args[0]);
        }
    }

    static String request(int i) {
        return "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"system\",\"content\":\"Answer with the name of the"
                + " city only.\"},{\"role\":\"user\",\"content\":\"Question " + i + ": what is the capital of the"
                + " country whose flag is described below?\"}],\"temperature\":0,\"max_tokens\":256}";
    }

    static String answer(int i) {
        String text = ("The capital is Bern. " + i + " ").repeat(45);
        return "{\"id\":\"chatcmpl-" + i + "\",\"object\":\"chat.completion\",\"created\":1764000000,\"model\":"
                + "\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                + "\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":52,"
                + "\"completion_tokens\":240,\"total_tokens\":292}}";
    }

    static ResponseCache.Key key(int i) {
        return ResponseCache.key(URL, "bench-model", request(i), 0);
    }

    /** µs per write and per hit, with {@code threads} writers, through {@code ResponseCache.open(dir)}. */
    private static void putGet(Path dir, int entries, int threads) throws Exception {
        ResponseCache cache = ResponseCache.open(dir);
        double put = timed(threads, entries, i -> cache.put(key(i), request(i), answer(i)));
        double get = timed(threads, entries, i -> {
            if (cache.get(key(i)).isEmpty()) {
                throw new IllegalStateException("entry " + i + " is missing");
            }
        });
        System.out.printf(
                Locale.ROOT,
                "%d entries, %d threads: write %.1f µs/entry, hit %.1f µs/entry, %s%n",
                entries,
                threads,
                put,
                get,
                cache.stats());
    }

    /**
     * Fills {@code dir} with {@code entries}, then times: the first write of a new cache object (a fresh JVM's
     * view, through a symbolic link, so that nothing is known of the directory) which scans it; a write that takes
     * the total over a cap set at the current size, which scans and evicts down to 90%; and 20,000 writes into the
     * full cache, against the same writes under a cap that is never reached.
     */
    private static void cap(Path dir, int entries) throws Exception {
        ResponseCache filler = ResponseCache.open(dir, Long.MAX_VALUE / 2);
        double fill = timed(16, entries, i -> filler.put(key(i), request(i), answer(i)));
        long bytes = onDisk(dir);
        System.out.printf(
                Locale.ROOT,
                "filled %d entries (%.1f µs/entry with 16 writers), %.1f MB in 4 KiB blocks%n",
                entries,
                fill,
                bytes / 1e6);
        for (int round = 0; round < 3; round++) {
            ResponseCache fresh = ResponseCache.open(link(dir, "scan" + round), Long.MAX_VALUE / 2);
            long start = System.nanoTime();
            fresh.put(key(-1 - round), request(-1 - round), answer(-1 - round));
            System.out.printf(
                    Locale.ROOT, "first write of a process (scan of %d entries): %.0f ms%n", entries, ms(start));
        }
        // room for one more entry: the first write scans and reaches the cap, the next one goes over
        ResponseCache capped = ResponseCache.open(link(dir, "evict"), onDisk(dir) + 4096);
        capped.put(key(-10), request(-10), answer(-10));
        long start = System.nanoTime();
        capped.put(key(-11), request(-11), answer(-11));
        System.out.printf(
                Locale.ROOT,
                "a write over the cap (scan, evict %d entries): %.0f ms, %.1f MB left%n",
                capped.stats().evictions(),
                ms(start),
                onDisk(dir) / 1e6);
        int more = 20_000;
        ResponseCache uncapped = ResponseCache.open(link(dir, "uncapped"), Long.MAX_VALUE / 2);
        uncapped.put(key(-20), request(-20), answer(-20));
        double free = timed(1, more, i -> uncapped.put(key(entries + i), request(i), answer(i)));
        double atCap = timed(1, more, i -> capped.put(key(2 * entries + i), request(i), answer(i)));
        System.out.printf(
                Locale.ROOT,
                "%d more writes, one writer: %.1f µs/entry under a cap never reached, %.1f µs/entry into the full"
                        + " cache (%d evictions in all)%n",
                more,
                free,
                atCap,
                capped.stats().evictions());
    }

    private static Path link(Path dir, String name) throws IOException {
        Path link = dir.resolveSibling(dir.getFileName() + "-" + name);
        Files.deleteIfExists(link);
        return Files.createSymbolicLink(link, dir.toAbsolutePath());
    }

    private static long onDisk(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .mapToLong(f -> (f.toFile().length() + 4095) / 4096 * 4096)
                    .sum();
        }
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private interface Step {
        void run(int i) throws Exception;
    }

    /** Wall-clock µs per step, {@code threads} at once. */
    private static double timed(int threads, int count, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = t;
                parts.add(pool.submit(() -> {
                    for (int i = from; i < count; i += threads) {
                        step.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
            return (System.nanoTime() - start) / 1e3 / count;
        } finally {
            pool.shutdown();
        }
    }
}
