package dev.evals4j.junit.kit.builtin;

import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.core.datasets.FileDataset;
import dev.evals4j.junit.kit.DatasetContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** {@code file}, on a JSON Lines, a JSON and a CSV file. */
class FileDatasetContractTest {
    @TempDir
    Path dir;

    /** The kit for one file the test writes. */
    abstract class OfAFile extends DatasetContractTest {
        private final String name;
        private final String content;

        OfAFile(String name, String content) {
            this.name = name;
            this.content = content;
        }

        @Override
        protected BaseDataset dataset() {
            return new FileDataset();
        }

        @Override
        protected DatasetSource source() {
            Path file = dir.resolve(name);
            try {
                Files.writeString(file, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return DatasetSource.uri(file.toString());
        }

        @Override
        protected Optional<DatasetSource> missingSource() {
            return Optional.of(DatasetSource.uri(dir.resolve("missing-" + name).toString()));
        }
    }

    @Nested
    class JsonLines extends OfAFile {
        JsonLines() {
            super("rows.jsonl", DatasetRows.JSONL);
        }

        @Override
        protected List<Map<String, Object>> expectedRows() {
            return DatasetRows.ROWS;
        }
    }

    @Nested
    class JsonArray extends OfAFile {
        JsonArray() {
            super("rows.json", DatasetRows.JSON);
        }

        @Override
        protected List<Map<String, Object>> expectedRows() {
            return DatasetRows.ROWS;
        }
    }

    @Nested
    class Csv extends OfAFile {
        Csv() {
            super("rows.csv", DatasetRows.CSV);
        }

        @Override
        protected List<Map<String, Object>> expectedRows() {
            return DatasetRows.CSV_ROWS;
        }
    }
}
