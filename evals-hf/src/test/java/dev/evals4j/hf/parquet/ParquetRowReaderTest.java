package dev.evals4j.hf.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetLoadException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetRowReaderTest {
    static final Path FIXTURES = Path.of("src/test/resources/parquet");

    @TempDir
    Path dir;

    static List<Map<String, Object>> readAll(Path file) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ParquetRowReader reader =
                ParquetRowReader.open(file, file.getFileName().toString())) {
            for (Optional<Map<String, Object>> row = reader.next(); row.isPresent(); row = reader.next()) {
                rows.add(row.get());
            }
        }
        return rows;
    }

    @Test
    void readsMmluProRowsWithTheirOptionsAsLists() {
        List<Map<String, Object>> rows = readAll(FIXTURES.resolve("mmlu-pro-test.parquet"));

        assertThat(rows).hasSize(4);
        assertThat(rows.get(3))
                .containsExactly(
                        Map.entry("question_id", 73L),
                        Map.entry(
                                "question",
                                "The rate of change of the solubility of a solid with temperature is proportional to what?"),
                        Map.entry("options", List.of("The heat of solution", "The entropy of fusion")),
                        Map.entry("answer", "A"),
                        Map.entry("answer_index", 0L),
                        Map.entry("cot_content", "A: Let's think step by step."),
                        Map.entry("category", "chemistry"),
                        Map.entry("src", "stemez-PhysicalChemistry"));
        assertThat(rows).extracting(r -> ((List<?>) r.get("options")).size()).containsExactly(9, 6, 10, 2);
    }

    @Test
    void convertsEveryColumnTypeToAJsonValue() {
        List<Map<String, Object>> rows = readAll(FIXTURES.resolve("types.parquet"));

        Map<String, Object> full = rows.get(0);
        assertThat(full)
                .containsEntry("id", 1)
                .containsEntry("flag", true)
                .containsEntry("small", -7)
                .containsEntry("unsigned32", 4_294_967_295L)
                .containsEntry("big", 9_007_199_254_740_993L)
                .containsEntry("ratio", 0.25f)
                .containsEntry("score", 0.1)
                .containsEntry("text", "héllo")
                .containsEntry("blob", "AAEC/w==")
                .containsEntry("day", "2024-01-01")
                .containsEntry("at", "2024-01-01T00:00:00.123456Z")
                .containsEntry("local_at", "2024-01-01T00:00")
                .containsEntry("price", new BigDecimal("123.45"))
                .containsEntry("amount", new BigDecimal("12345.6789"))
                .containsEntry("uid", "123e4567-e89b-12d3-a456-426614174000")
                .containsEntry("half", 1.5f)
                .containsEntry("tags", Arrays.asList("a", null, "c"))
                .containsEntry(
                        "steps", List.of(Map.of("name", "read", "weight", 0.5), Map.of("name", "write", "weight", 1.5)))
                .containsEntry("matrix", List.of(List.of(1, 2), List.of()))
                .containsEntry("counts", Map.of("x", 1L, "y", 2L))
                .containsEntry("legacy_numbers", List.of(4, 5))
                .containsEntry("legacy_list", List.of("p", "q"))
                .containsEntry("outer", Map.of("inner", Map.of("leaf", "deep"), "level", 2));
        assertThat(full.keySet()).first().isEqualTo("id");
        assertThat(full.keySet()).last().isEqualTo("outer");
    }

    @Test
    void absentValuesAreNullAndAbsentRepeatedFieldsEmpty() {
        Map<String, Object> empty = readAll(FIXTURES.resolve("types.parquet")).get(1);

        assertThat(empty).hasSize(23).containsEntry("id", 2).containsEntry("legacy_numbers", List.of());
        assertThat(empty)
                .containsEntry("tags", null)
                .containsEntry("counts", null)
                .containsEntry("outer", null);
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionCodecName.class,
            names = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "GZIP"})
    void readsEachCodecTheHubUses(CompressionCodecName codec) throws IOException {
        Path file = FIXTURES.resolve("codec-" + codec.name().toLowerCase(java.util.Locale.ROOT) + ".parquet");
        try (ParquetFileReader footer = ParquetFileReader.open(
                new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            assertThat(footer.getFooter().getBlocks().get(0).getColumns().get(0).getCodec())
                    .isEqualTo(codec);
        }

        List<Map<String, Object>> rows = readAll(file);

        assertThat(rows).hasSize(10);
        assertThat(rows.get(9))
                .containsExactly(
                        Map.entry("id", 9L),
                        Map.entry("question", "Question 9: which of the following is the best answer?"),
                        Map.entry(
                                "options", List.of("option A of 9", "option B of 9", "option C of 9", "option D of 9")),
                        Map.entry("answer", 1),
                        Map.entry("score", 0.009),
                        Map.entry("meta", Map.of("src", "gsm8k", "n", 9)));
    }

    @Test
    void readsAcrossRowGroupsInOrder() throws IOException {
        Path file = FIXTURES.resolve("row-groups.parquet");
        try (ParquetFileReader footer = ParquetFileReader.open(
                new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            assertThat(footer.getRowGroups()).hasSizeGreaterThan(3);
        }

        List<Map<String, Object>> rows = readAll(file);

        assertThat(rows).hasSize(2_000);
        assertThat(rows)
                .extracting(r -> r.get("id"))
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.range(0, 2_000).boxed().toList());
    }

    @Test
    void locationCountsRowsFromOne() {
        try (ParquetRowReader reader =
                ParquetRowReader.open(FIXTURES.resolve("qa-0000.parquet"), "owner/name qa.parquet")) {
            reader.next();
            reader.next();

            assertThat(reader.location()).isEqualTo("owner/name qa.parquet row 2");
            assertThat(reader.rowCount()).isEqualTo(3);
        }
    }

    @Test
    void aFileThatIsNotParquetIsNamedInTheError() throws IOException {
        Path html = Files.writeString(dir.resolve("0000.parquet"), "<html>Rate limited</html>");

        assertThatThrownBy(() -> ParquetRowReader.open(html, "owner/name default/test/0000.parquet"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("cannot read owner/name default/test/0000.parquet: " + html + " is not a Parquet file"
                        + " (25 bytes, starting with \"<html>Rate limited</html>\")");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("none.parquet");

        assertThatThrownBy(() -> ParquetRowReader.open(missing, "x"))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("cannot read x: no such file " + missing);
    }
}
