package dev.evals4j.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p>The cache holds at most about {@code maxBytes} (default {@link #DEFAULT_MAX_BYTES}), counting each entry as
 * the 4 KiB blocks it takes on disk. The least recently used entries go first: a hit sets its entry's
 * modification time to now, and when a write takes the total over the cap, the entries with the oldest times are
 * deleted until the total is 90% of the cap. The total is a running estimate — a scan of the directory on the
 * first write of a process, then each write's size — rescanned only when it goes over the cap or a tenth of the
 * cap has been written since the last scan, so that the writes of other processes sharing the directory are
 * noticed too (see {@code docs/decisions/007-response-cache-limits.md}). Deleting never touches an entry being
 * written, and a reader that finds an entry gone has a miss.
 */
public final class ResponseCache {
    /**
     * The default cap, 1 GiB: about 260,000 answers of up to 4 KiB (a chat answer is about 1.6 KB), twenty runs
     * of a 12,000-question benchmark, while a scan of a full cache takes about a second.
     */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    private static final String VERSION = "v1";
    private static final String JSON = ".json";
    private static final long BLOCK = 4096;
    private static final Duration STALE_TEMPORARY_FILE = Duration.ofHours(1);
    /** What this JVM knows of each directory's size, shared by every cache object opened on it. */
    private static final ConcurrentMap<Path, Usage> USAGE = new ConcurrentHashMap<>();

    private final Path directory;
    private final long maxBytes;
    private final TimeSource time;
    private final Usage usage;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    private ResponseCache(Path directory, long maxBytes, TimeSource time) {
        if (maxBytes < BLOCK) {
            throw new IllegalArgumentException("maxBytes must be at least " + BLOCK + " (one entry), was " + maxBytes);
        }
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.time = time;
        this.usage = USAGE.computeIfAbsent(directory, d -> new Usage());
    }

    /** A cache in this directory, holding at most {@link #DEFAULT_MAX_BYTES}; created on the first write. */
    public static ResponseCache open(Path directory) {
        return open(directory, DEFAULT_MAX_BYTES);
    }

    /**
     * A cache in this directory, holding at most about {@code maxBytes} (entries counted in 4 KiB blocks); the
     * directory is created on the first write.
     *
     * @throws IllegalArgumentException when {@code maxBytes} is below 4096, one entry
     */
    public static ResponseCache open(Path directory, long maxBytes) {
        return open(directory, maxBytes, TimeSource.system());
    }

    /** A cache whose access times come from {@code time}; tests pass a fake clock. */
    static ResponseCache open(Path directory, long maxBytes, TimeSource time) {
        return new ResponseCache(
                Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize(),
                maxBytes,
                Objects.requireNonNull(time, "time"));
    }

    /** The directory of this cache. */
    public Path directory() {
        return directory;
    }

    /** The most this cache holds, about: entries are counted in 4 KiB blocks. */
    public long maxBytes() {
        return maxBytes;
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
            touch(file);
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
        byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
        long replaced;
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), key.hash().substring(0, 16), ".tmp");
            try {
                Files.write(tmp, bytes);
                // the entry's last use: the clock's now, which the rename keeps
                Files.setLastModifiedTime(tmp, FileTime.from(time.now()));
                replaced = sizeIfPresent(file);
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
        long written = blocks(bytes.length);
        usage.bytes.addAndGet(written - blocks(replaced));
        long sinceScan = usage.writtenSinceScan.addAndGet(written);
        if (!usage.scanned || usage.bytes.get() > maxBytes || sinceScan > maxBytes / 10) {
            keepUnderCap();
        }
    }

    /** Bytes on disk of a file of this size, in whole 4 KiB blocks, as ext4, XFS, APFS and NTFS store it. */
    static long blocks(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static long sizeIfPresent(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Marks an entry as just used, so that eviction takes it last; an entry gone meanwhile is no matter. */
    private void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(time.now()));
        } catch (IOException e) {
            LOG.debug("Cannot mark the cache entry {} as used: {}", file, e.toString());
        }
    }

    /**
     * Scans the directory for its true size, and when it is over the cap deletes the least recently used entries
     * down to 90% of it. One thread of a JVM scans at a time (the others go on writing); deleting is also locked
     * between processes, by a lock on {@code v1/.evict.lock}, so two processes do not both trim.
     */
    private void keepUnderCap() {
        if (!usage.scanning.tryLock()) {
            return; // another thread is at it
        }
        try {
            long writtenBefore = usage.writtenSinceScan.get();
            try {
                Scan scan = scan();
                long total = scan.total() > maxBytes ? evict(scan) : scan.total();
                // writes during the scan may or may not be in it: count them again, an estimate too high is safe
                long during = usage.writtenSinceScan.addAndGet(-writtenBefore);
                usage.bytes.set(total + during);
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("Cannot keep the response cache {} under {} bytes: {}", directory, maxBytes, e.toString());
                // count afresh, to try again after a tenth of the cap rather than at every write
                usage.writtenSinceScan.addAndGet(-writtenBefore);
                usage.bytes.set(0);
            }
            usage.scanned = true;
        } finally {
            usage.scanning.unlock();
        }
    }

    /** The entries' last-use times and sizes, and their total; leftover temporary files are deleted. */
    private record Scan(long[] times, long[] sizes, int count, long total) {}

    private Scan scan() throws IOException {
        Path root = directory.resolve(VERSION);
        long[][] found = {new long[1024], new long[1024]};
        int[] count = {0};
        long[] total = {0};
        long staleBefore = time.now().minus(STALE_TEMPORARY_FILE).toEpochMilli();
        if (!Files.isDirectory(root)) {
            return new Scan(new long[0], new long[0], 0, 0);
        }
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), 2, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                if (name.endsWith(JSON) && attributes.isRegularFile()) {
                    if (count[0] == found[0].length) {
                        found[0] = Arrays.copyOf(found[0], count[0] * 2);
                        found[1] = Arrays.copyOf(found[1], count[0] * 2);
                    }
                    long size = blocks(attributes.size());
                    found[0][count[0]] = attributes.lastModifiedTime().toMillis();
                    found[1][count[0]] = size;
                    count[0]++;
                    total[0] += size;
                } else if (name.endsWith(".tmp")
                        && attributes.lastModifiedTime().toMillis() < staleBefore) {
                    // left by a process killed while writing
                    deleteQuietly(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // deleted meanwhile by another process
            }
        });
        return new Scan(found[0], found[1], count[0], total[0]);
    }

    /**
     * Deletes the entries used longest ago until the total is 90% of the cap: the cut-off time comes from the
     * scan, and a second pass deletes the entries not used since, so an entry hit in between is kept.
     *
     * @return the total after deleting
     */
    private long evict(Scan scan) throws IOException {
        long excess = scan.total() - maxBytes / 10 * 9;
        // the earliest cut-off time whose older entries free enough: a binary search over the sorted times
        long[] sorted = Arrays.copyOf(scan.times(), scan.count());
        Arrays.sort(sorted);
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (freedUpTo(scan, sorted[mid]) >= excess) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long cutoff = sorted.length == 0 ? Long.MIN_VALUE : sorted[lo];
        Path root = directory.resolve(VERSION);
        try (FileChannel channel = FileChannel.open(
                        root.resolve(".evict.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel)) {
            if (lock == null) {
                // another process is evicting, down to 90% of its cap: count on that rather than scan again at once
                return Math.min(scan.total(), maxBytes / 10 * 9);
            }
            long[] total = {scan.total()};
            long last = cutoff;
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), 2, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (file.getFileName().toString().endsWith(JSON)
                            && attributes.lastModifiedTime().toMillis() <= last
                            && deleteQuietly(file)) {
                        total[0] -= blocks(attributes.size());
                        evictions.increment();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
            return total[0];
        }
    }

    /** What deleting every entry used at or before {@code time} frees. */
    private static long freedUpTo(Scan scan, long time) {
        long freed = 0;
        for (int i = 0; i < scan.count(); i++) {
            if (scan.times()[i] <= time) {
                freed += scan.sizes()[i];
            }
        }
        return freed;
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held in this JVM, through another path to the same directory
        }
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false; // open elsewhere (Windows) or gone: try again at the next eviction
        }
    }

    /** What this JVM knows of one directory's size. */
    private static final class Usage {
        /** The estimated total, in 4 KiB blocks. */
        final AtomicLong bytes = new AtomicLong();
        /** Bytes written since the last scan. */
        final AtomicLong writtenSinceScan = new AtomicLong();

        final ReentrantLock scanning = new ReentrantLock();
        volatile boolean scanned;
    }

    private static String compact(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return node == null ? "null" : node.toString();
        } catch (IOException e) {
            return Json.write(json); // not JSON: kept as a string
        }
    }

    /** Hits, misses, writes and evictions since this cache object was opened. */
    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), writes.sum(), evictions.sum());
    }

    /**
     * What a {@link ResponseCache} has done since it was opened.
     *
     * @param evictions entries it deleted to stay under its cap
     */
    public record Stats(long hits, long misses, long writes, long evictions) {}

    @Override
    public String toString() {
        return "ResponseCache[" + directory + ", max " + maxBytes + " bytes]";
    }
}
