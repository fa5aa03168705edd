package dev.evals4j.hf;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.datasets.DatasetFormat;
import dev.evals4j.hf.parquet.ParquetRowReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** The rows of a split's files, one file after the other, each opened only when the previous one is done. */
final class SplitRowReader implements RowReader {
    private final String repo;
    private final String format;
    private final List<String> paths;
    private final List<Path> files;
    private int index = -1;
    private RowReader current;
    private String lastLocation;

    SplitRowReader(String repo, String format, List<String> paths, List<Path> files) {
        this.repo = repo;
        this.format = format;
        this.paths = List.copyOf(paths);
        this.files = List.copyOf(files);
        this.lastLocation = repo;
    }

    @Override
    public Optional<Map<String, Object>> next() {
        while (true) {
            if (current == null) {
                if (index + 1 >= files.size()) {
                    return Optional.empty();
                }
                index++;
                current = open(index);
            }
            Optional<Map<String, Object>> row = current.next();
            if (row.isPresent()) {
                return row;
            }
            lastLocation = current.location();
            current.close();
            current = null;
        }
    }

    private RowReader open(int i) {
        String source = repo + " " + paths.get(i);
        Path file = files.get(i);
        if (format.equals("parquet")) {
            return ParquetRowReader.open(file, source);
        }
        try {
            InputStream in = Files.newInputStream(file);
            if (paths.get(i).toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
            DatasetFormat text =
                    switch (format) {
                        case "csv" -> DatasetFormat.CSV;
                        case "jsonl" -> DatasetFormat.JSONL;
                        default -> startsWithArray(buffered) ? DatasetFormat.JSON : DatasetFormat.JSONL;
                    };
            return text.open(buffered, source, false);
        } catch (IOException e) {
            throw new DatasetLoadException("cannot read " + source + ": " + HubHttp.describe(e), e);
        }
    }

    /** The {@code datasets} library reads {@code .json} files holding JSON Lines too; the first character tells. */
    private static boolean startsWithArray(BufferedInputStream in) throws IOException {
        in.mark(4096);
        try {
            for (int i = 0; i < 4096; i++) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
                if (b == '[') {
                    return true;
                }
                if (!(Character.isWhitespace(b) || b == 0xEF || b == 0xBB || b == 0xBF)) {
                    return false;
                }
            }
            return true;
        } finally {
            in.reset();
        }
    }

    @Override
    public String location() {
        return current != null ? current.location() : lastLocation;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
