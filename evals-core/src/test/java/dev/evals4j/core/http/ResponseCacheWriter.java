package dev.evals4j.core.http;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Another process of {@link ResponseCacheProcessesIT}: writes entries {@code first …} into a shared cache with a
 * cap, reading others back; exits 1 if any entry read back is not the one written.
 *
 * <p>{@code ResponseCacheWriter <dir> <maxBytes> <first> <count>}
 */
public final class ResponseCacheWriter {
    private ResponseCacheWriter() {}

    public static void main(String[] args) {
        ResponseCache cache = ResponseCache.open(Path.of(args[0]), Long.parseLong(args[1]));
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        for (int i = first; i < first + count; i++) {
            cache.put(
                    ResponseCacheProcessesIT.key(i),
                    ResponseCacheProcessesIT.request(i),
                    ResponseCacheProcessesIT.answer(i));
            int other = i - 7;
            Optional<String> found = cache.get(ResponseCacheProcessesIT.key(other));
            if (found.isPresent() && !found.get().equals(ResponseCacheProcessesIT.answer(other))) {
                System.out.println("entry " + other + " read back as " + found.get());
                System.exit(1);
            }
        }
        System.out.println(cache.stats());
    }
}
