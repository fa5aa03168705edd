package dev.evals4j.core.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.Evals;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipAndPathsTest {
    @TempDir
    Path dir;

    private Path zip(String name, Map<String, String> members) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> m : members.entrySet()) {
                z.putNextEntry(new ZipEntry(m.getKey()));
                z.write(m.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return file;
    }

    private static List<Map<String, Object>> read(Evals evals, DatasetDefinition d) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (RowReader reader = ((DatasetService) evals.datasets()).open(d)) {
            for (Optional<Map<String, Object>> r = reader.next(); r.isPresent(); r = reader.next()) {
                rows.add(r.get());
            }
        }
        return rows;
    }

    @Test
    void readsTheOneDataFileOfAZip() throws IOException {
        Path file = zip(
                "outputs.zip",
                Map.of("__MACOSX/._x.json", "junk", "out/x.json", "[{\"a\": 1}, {\"a\": 2}]", "README.txt", "hi"));
        try (Evals evals = TestEvals.builder().build()) {
            assertThat(read(evals, DatasetDefinition.ofUri(file.toString())))
                    .extracting(r -> r.get("a"))
                    .containsExactly(1, 2);
        }
    }

    @Test
    void aZipWithSeveralOrNoDataFilesIsRefusedNamingThem() throws IOException {
        Path two = zip("two.zip", new java.util.TreeMap<>(Map.of("a.json", "[]", "b.jsonl", "")));
        Path none = zip("none.zip", Map.of("notes.txt", "x"));
        try (Evals evals = TestEvals.builder().build()) {
            assertThatThrownBy(() -> read(evals, DatasetDefinition.ofUri(two.toString())))
                    .isInstanceOf(DatasetLoadException.class)
                    .hasMessage(two + " holds 2 data files (a.json, b.jsonl); evals4j reads a zip archive that"
                            + " holds one data file");
            assertThatThrownBy(() -> read(evals, DatasetDefinition.ofUri(none.toString())))
                    .hasMessage(none + " holds no .csv, .json or .jsonl file (it holds notes.txt); evals4j reads a"
                            + " zip archive that holds one data file");
        }
    }

    @Test
    void aRenameFromAPathCopiesANestedValue() throws IOException {
        Path file = dir.resolve("nested.jsonl");
        Files.writeString(
                file,
                "{\"sys\": {\"solution\": \"A: 3\"}, \"output\": [\"x\", \"y\"]}\n"
                        + "{\"sys\": {\"solution\": \"A: 4\"}, \"output\": [\"z\"]}\n");
        try (Evals evals = TestEvals.builder().build()) {
            List<Map<String, Object>> rows = read(
                    evals,
                    DatasetDefinition.ofUri(file.toString())
                            .withRenamedColumns(Map.of("sys.solution", "generated_answer", "output.0", "first")));
            assertThat(rows).extracting(r -> r.get("generated_answer")).containsExactly("A: 3", "A: 4");
            assertThat(rows).extracting(r -> r.get("first")).containsExactly("x", "z");
            assertThat(rows.get(0)).containsKey("sys");
            assertThatThrownBy(() -> read(
                            evals,
                            DatasetDefinition.ofUri(file.toString()).withRenamedColumns(Map.of("sys.nope", "x"))))
                    .hasMessage("cannot rename the column 'sys.nope' of " + file + " line 1: it has no such column"
                            + " nor a value at that path; its columns: sys, output");
        }
    }
}
