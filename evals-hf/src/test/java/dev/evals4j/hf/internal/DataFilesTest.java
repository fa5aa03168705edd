package dev.evals4j.hf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataFilesTest {
    static RepoInfo repo(String card, String... paths) throws IOException {
        List<RepoFile> files = new ArrayList<>();
        for (String p : paths) {
            files.add(new RepoFile(p, 10, Optional.empty()));
        }
        JsonNode cardData = card == null ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(card);
        return new RepoInfo("o/n", "main", "abc", "false", files, cardData);
    }

    static List<String> describe(Layout layout) {
        return layout.splits().stream()
                .map(s -> s.config() + "/" + s.split() + " " + s.format() + " "
                        + s.files().stream().map(RepoFile::path).toList())
                .toList();
    }

    @Test
    void shardedFilesUnderDataNameTheirSplits() throws IOException {
        Layout layout = DataFiles.fromRepository(repo(
                        null,
                        ".gitattributes",
                        "README.md",
                        "data/train-00001-of-00002.parquet",
                        "data/train-00000-of-00002.parquet",
                        "data/test-00000-of-00001.parquet"))
                .layout()
                .orElseThrow();

        assertThat(describe(layout))
                .containsExactly(
                        "default/train parquet [data/train-00000-of-00002.parquet, data/train-00001-of-00002.parquet]",
                        "default/test parquet [data/test-00000-of-00001.parquet]");
        assertThat(layout.defaultConfig()).contains("default");
    }

    @Test
    void splitKeywordsInDirectoriesThenFileNames() throws IOException {
        assertThat(describe(DataFiles.fromRepository(repo(null, "dev/a.jsonl", "eval/b.jsonl", "train/c.jsonl"))
                        .layout()
                        .orElseThrow()))
                .containsExactly(
                        "default/train jsonl [train/c.jsonl]",
                        "default/validation jsonl [dev/a.jsonl]",
                        "default/test jsonl [eval/b.jsonl]");
        assertThat(describe(DataFiles.fromRepository(repo(null, "gsm_test.csv", "gsm-training.csv.gz", "notes.txt"))
                        .layout()
                        .orElseThrow()))
                .containsExactly("default/train csv [gsm-training.csv.gz]", "default/test csv [gsm_test.csv]");
        assertThat(describe(DataFiles.fromRepository(repo(null, "questions.json"))
                        .layout()
                        .orElseThrow()))
                .containsExactly("default/train json [questions.json]");
    }

    @Test
    void cardConfigsWithPatternsDataDirAndADefault() throws IOException {
        String card =
                """
                {"configs":[
                  {"config_name":"abstract_algebra","data_files":[{"split":"test","path":"abstract_algebra/test-*"},
                                                                 {"split":"dev","path":["abstract_algebra/dev-*"]}]},
                  {"config_name":"all","default":true,"data_dir":"all"},
                  {"config_name":"flat","data_files":"flat/**/*.jsonl"}]}""";
        Layout layout = DataFiles.fromRepository(repo(
                        card,
                        "abstract_algebra/test-00000-of-00001.parquet",
                        "abstract_algebra/dev-00000-of-00001.parquet",
                        "all/test-00000-of-00001.parquet",
                        "flat/x/1.jsonl",
                        "flat/2.jsonl"))
                .layout()
                .orElseThrow();

        assertThat(describe(layout))
                .containsExactly(
                        "abstract_algebra/test parquet [abstract_algebra/test-00000-of-00001.parquet]",
                        "abstract_algebra/dev parquet [abstract_algebra/dev-00000-of-00001.parquet]",
                        "all/test parquet [all/test-00000-of-00001.parquet]",
                        "flat/train jsonl [flat/2.jsonl, flat/x/1.jsonl]");
        assertThat(layout.defaultConfig()).contains("all");
    }

    @Test
    void theMostCommonFormatWinsAndParquetBreaksTies() throws IOException {
        assertThat(describe(DataFiles.fromRepository(repo(null, "test.parquet", "test.csv"))
                        .layout()
                        .orElseThrow()))
                .containsExactly("default/test parquet [test.parquet]");
        assertThat(DataFiles.fromRepository(repo(null, "train/a.arrow", "train/b.arrow", "train/c.parquet"))
                        .reason())
                .isEqualTo("the split train of the config default is in a format evals4j does not read (arrow)");
        assertThat(DataFiles.fromRepository(repo(null, "README.md", "loader.py"))
                        .reason())
                .isEqualTo("it has no data files");
    }

    @Test
    void globsAndNaturalOrder() {
        assertThat(DataFiles.glob("data/test-*")
                        .matcher("data/test-00000-of-00001.parquet")
                        .matches())
                .isTrue();
        assertThat(DataFiles.glob("data/test-*")
                        .matcher("data/sub/test-0.parquet")
                        .matches())
                .isFalse();
        assertThat(DataFiles.glob("**/*.csv").matcher("a/b/c.csv").matches()).isTrue();
        assertThat(DataFiles.glob("**/*.csv").matcher("c.csv").matches()).isTrue();
        assertThat(DataFiles.glob("part-[0-9].json").matcher("part-7.json").matches())
                .isTrue();
        assertThat(DataFiles.naturalOrder("t/train-part2/0000.parquet", "t/train-part10/0000.parquet"))
                .isNegative();
        assertThat(DataFiles.naturalOrder("0009.parquet", "0010.parquet")).isNegative();
    }
}
