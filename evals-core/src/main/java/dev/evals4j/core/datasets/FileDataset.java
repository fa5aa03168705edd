package dev.evals4j.core.datasets;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.text.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code file}: reads a local CSV, JSON or JSONL file (optionally gzip-compressed, or the one data file of a zip
 * archive) given as a path or {@code file:} URI.
 */
public final class FileDataset implements BaseDataset {
    @Override
    public String id() {
        return "file";
    }

    @Override
    public String description() {
        return "local CSV, JSON or JSONL files (also .gz, or one inside a .zip), by path or file: URI";
    }

    @Override
    public boolean accepts(DatasetSource source) {
        return source instanceof DatasetSource.Uri uri && uri.scheme().equals("file");
    }

    @Override
    public RowReader open(DatasetSource source) {
        DatasetSource.Uri uri = (DatasetSource.Uri) source;
        Path path = uri.uri().startsWith("file:") ? Path.of(URI.create(uri.uri())) : Path.of(uri.uri());
        String name = path.toString();
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")
                && uri.format().isEmpty()) {
            return ZipMember.open(path);
        }
        DatasetFormat format = uri.format()
                .map(f -> DatasetFormat.parse(f, name))
                .or(() -> DatasetFormat.fromFileName(name))
                .orElseThrow(() -> Files.exists(path)
                        ? new DatasetLoadException("cannot tell the format of " + name
                                + " from its extension; name the file .csv, .json or .jsonl, or give the format"
                                + " (csv, json or jsonl)")
                        : notFound(path, null));
        if (Files.isDirectory(path)) {
            throw new DatasetLoadException(name + " is a folder, not a dataset file");
        }
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw notFound(path, e);
        } catch (IOException e) {
            throw new DatasetLoadException("cannot open " + name + ": " + e, e);
        }
        return format.open(in, name, DatasetFormat.isGzip(name));
    }

    /** A missing file, with the files beside it whose names are nearest (a typo in the name). */
    private static DatasetLoadException notFound(Path path, @Nullable Exception cause) {
        Path parent = path.toAbsolutePath().getParent();
        List<String> near = List.of();
        if (parent != null && path.getFileName() != null && Files.isDirectory(parent)) {
            try (Stream<Path> files = Files.list(parent)) {
                List<String> names = files.limit(10_000)
                        .filter(Files::isRegularFile)
                        .map(f -> f.getFileName().toString())
                        .sorted()
                        .toList();
                Path shown = path.getParent();
                near = Suggestions.nearest(path.getFileName().toString(), names).stream()
                        .map(n -> shown == null ? n : shown.resolve(n).toString())
                        .toList();
            } catch (IOException | UncheckedIOException e) {
                // no suggestion then
            }
        }
        return new DatasetLoadException(
                "dataset file not found: " + path + resolvedAgainst(path)
                        + Suggestions.didYouMean(near)
                                .map(meant -> "; " + meant)
                                .orElse(""),
                cause);
    }

    /** Where a relative path was looked for, for a message: {@code " (resolved against /work)"}; nothing for others. */
    static String resolvedAgainst(Path path) {
        return path.isAbsolute() ? "" : " (resolved against " + Path.of("").toAbsolutePath() + ")";
    }
}
