package dev.evals4j.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.EvalException;
import dev.evals4j.core.internal.KnownSecrets;
import dev.evals4j.core.results.RunFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The server's state on disk: one JSON file per resource, written so that a crash at any moment leaves either the
 * old file or the new one, and what was acknowledged stays on disk. Unlike {@link RunFiles#writeAtomically}, which
 * run files use, the bytes are forced to the device before the rename and the folder after it: the server answers
 * a client only once its write is durable. Secrets known to the process are scrubbed as in every evals4j file.
 */
public final class StateFiles {
    private StateFiles() {}

    /**
     * A file name for a resource id: letters, digits, {@code .}, {@code _} and {@code -} are kept, anything else
     * (the {@code /} of {@code meta/mmlu}) is written as {@code %XX}; a long id is cut and given a hash, so that two
     * ids never share a name.
     */
    public static String fileName(String id) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z')
                    || (b >= 'A' && b <= 'Z')
                    || (b >= '0' && b <= '9')
                    || b == '_'
                    || b == '-'
                    || (b == '.' && i > 0);
            if (plain) {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b));
            }
        }
        if (out.length() > 120) {
            return out.substring(0, 100) + "~" + sha256(id).substring(0, 16);
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Writes a value as JSON into {@code file}: into a temporary file, forced to disk, renamed over the file, and the
     * folder forced, so that the file is whole and durable when this returns.
     *
     * @throws EvalException when it cannot be written
     */
    public static void write(Path file, Object value) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = (KnownSecrets.scrub(RunFiles.mapper()
                                    .writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(value))
                            + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            try (FileChannel out = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceFolder(file.getParent());
        } catch (JsonProcessingException e) {
            throw new EvalException("cannot write " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EvalException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a JSON file written by {@link #write} as a value of this type. */
    public static <T> T read(Path file, Class<T> type) {
        try {
            return RunFiles.mapper().readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw new EvalException(
                    file + " is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads every {@code *.json} file of a folder written by {@link #write}, in the order of their names. */
    public static <T> List<T> readAll(Path dir, Class<T> type) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .sorted()
                    .map(f -> read(f, type))
                    .toList();
        } catch (IOException e) {
            throw new EvalException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a file, forcing its folder, so that the deletion is durable too. */
    public static void delete(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                forceFolder(file.getParent());
            }
        } catch (IOException e) {
            throw new EvalException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a folder and everything in it; what cannot be deleted is left (it is ignored when state is read). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover file without its resource file is never read
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    private static void forceFolder(Path dir) {
        // a folder can be opened for reading and forced on Linux and macOS; elsewhere the rename is what we have
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported on this platform or file system
        }
    }
}
