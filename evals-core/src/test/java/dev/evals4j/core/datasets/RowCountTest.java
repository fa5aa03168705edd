package dev.evals4j.core.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.RowReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte-scan count agrees with the rows the readers give, on the files that make counting lines wrong. */
class RowCountTest {
    @TempDir
    Path dir;

    private OptionalLong count(Path file) {
        return RowCount.of(DatasetSource.uri(file.toString()));
    }

    private long read(Path file) {
        long n = 0;
        try (RowReader reader = new FileDataset().open(DatasetSource.uri(file.toString()))) {
            while (reader.next().isPresent()) {
                n++;
            }
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "q,a\n1,2\n3,4\n",
                "q,a\n1,2\n3,4", // no line feed at the end
                "q,a\r\n1,2\r\n3,4\r\n",
                "q,a\n\n1,2\n\r\n3,4\n\n", // empty lines are not rows
                "q,a\n\"line one\nline two\",2\n\"say \"\"hi\"\"\nthen go\",4\n", // quoted line feeds and quotes
                "q,a\n",
                "\uFEFFq,a\n1,2\n"
            })
    void csvCountsAsTheReaderReads(String text) throws IOException {
        Path file = dir.resolve("rows.csv");
        Files.writeString(file, text);

        assertThat(count(file)).hasValue(read(file));
    }

    @Test
    void jsonLinesCountTheirNonBlankLines() throws IOException {
        Path file = dir.resolve("rows.jsonl");
        Files.writeString(file, "{\"a\":1}\n\n   \n{\"a\":\"x\\ny\"}\r\n{\"a\":3}");

        assertThat(count(file)).hasValue(3).hasValue(read(file));
    }

    @Test
    void aJsonArrayCountsItsObjects() throws IOException {
        Path file = dir.resolve("rows.json");
        Files.writeString(file, "[{\"a\":[1,2,{\"b\":[]}]},{\"a\":\"]\"}, {}]");

        assertThat(count(file)).hasValue(3).hasValue(read(file));
    }

    @Test
    void gzipFilesAreCountedUncompressed() throws IOException {
        Path file = dir.resolve("rows.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("q,a\n1,2\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(count(file)).hasValue(3);
    }

    @Test
    void whatCannotBeCountedSoIsNotCounted() throws IOException {
        Path unknown = dir.resolve("rows.txt");
        Files.writeString(unknown, "a\nb\n");
        Path notAnArray = dir.resolve("rows.json");
        Files.writeString(notAnArray, "{\"a\":1}");

        assertThat(count(unknown)).isEmpty();
        assertThat(count(notAnArray)).isEmpty();
        assertThat(count(dir.resolve("missing.csv"))).isEmpty();
        assertThat(RowCount.of(DatasetSource.uri("https://example.com/rows.csv")))
                .isEmpty();
    }
}
