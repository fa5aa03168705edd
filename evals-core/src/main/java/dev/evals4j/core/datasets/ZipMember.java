package dev.evals4j.core.datasets;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.spi.RowReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the one data file of a zip archive (such as the model-output archives benchmark authors publish), streamed
 * from the archive without unpacking it. Folders, {@code __MACOSX/} and hidden entries are skipped; an archive with
 * no data file, or with several, is refused naming them.
 */
final class ZipMember {
    private ZipMember() {}

    static RowReader open(Path path) {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            throw new DatasetLoadException(name + " is a folder, not a dataset file");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new DatasetLoadException("dataset file not found: " + name + FileDataset.resolvedAgainst(path), e);
        } catch (ZipException e) {
            throw new DatasetLoadException(name + " is not a readable zip archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetLoadException("cannot open " + name + ": " + e, e);
        }
        try {
            List<ZipEntry> data = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String member = entry.getName();
                String base = member.substring(member.lastIndexOf('/') + 1);
                if (entry.isDirectory() || member.startsWith("__MACOSX/") || base.startsWith(".")) {
                    continue;
                }
                if (DatasetFormat.fromFileName(member).isPresent()) {
                    data.add(entry);
                } else {
                    others.add(member);
                }
            }
            if (data.size() != 1) {
                throw new DatasetLoadException(name + " holds "
                        + (data.isEmpty()
                                ? "no .csv, .json or .jsonl file"
                                        + (others.isEmpty() ? "" : " (it holds " + String.join(", ", others) + ")")
                                : data.size() + " data files ("
                                        + String.join(
                                                ", ",
                                                data.stream()
                                                        .map(ZipEntry::getName)
                                                        .toList())
                                        + ")")
                        + "; evals4j reads a zip archive that holds one data file");
            }
            ZipEntry entry = data.get(0);
            String source = name + "!/" + entry.getName();
            InputStream in = new FilterInputStream(zip.getInputStream(entry)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        zip.close();
                    }
                }
            };
            DatasetFormat format = DatasetFormat.fromFileName(entry.getName()).orElseThrow();
            return format.open(in, source, DatasetFormat.isGzip(entry.getName()));
        } catch (IOException e) {
            closeQuietly(zip);
            throw new DatasetLoadException("cannot read " + name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // the read failure is the error to report
        }
    }
}
