package dev.evals4j.core.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.RowReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatsTest {
    @TempDir
    Path dir;

    private final FileDataset files = new FileDataset();

    static List<Map<String, Object>> readAll(RowReader reader) {
        try (reader) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Optional<Map<String, Object>> r = reader.next(); r.isPresent(); r = reader.next()) {
                rows.add(r.get());
            }
            return rows;
        }
    }

    private List<Map<String, Object>> read(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return readAll(files.open(DatasetSource.uri(file.toString())));
    }

    private Path resource(String name) throws URISyntaxException {
        return Path.of(getClass().getResource("/llama-stack/" + name).toURI());
    }

    @Test
    void readsLlamaStacksCsvWithItsJsonColumnAsText() throws Exception {
        List<Map<String, Object>> rows = readAll(
                files.open(DatasetSource.uri(resource("test_dataset.csv").toString())));

        assertThat(rows).hasSize(5);
        assertThat(rows.get(0))
                .containsOnlyKeys("input_query", "generated_answer", "expected_answer", "chat_completion_input");
        assertThat(rows.get(0).get("chat_completion_input"))
                .isEqualTo("[{\"role\": \"user\", \"content\": \"What is the capital of France?\"}]");
        assertThat(rows.get(3)).containsEntry("expected_answer", "Vatican City");
    }

    @Test
    void csvHandlesQuotedCommasNewlinesAndAByteOrderMark() throws IOException {
        List<Map<String, Object>> rows =
                read("q.csv", "\uFEFFid,text\n1,\"a, b\"\n2,\"line one\nline two\"\n3,\"say \"\"hi\"\"\"\n");

        assertThat(rows).extracting(r -> r.get("text")).containsExactly("a, b", "line one\nline two", "say \"hi\"");
        assertThat(rows.get(0)).containsOnlyKeys("id", "text");
    }

    @Test
    void aCsvExpectedAnswerHoldingAJsonListIsReadAsAList() throws IOException {
        List<Map<String, Object>> rows =
                read("l.csv", "generated_answer,expected_answer\nYen,\"[\"\"JPY\"\", \"\"Yen\"\"]\"\n[x],[not json\n");

        assertThat(rows.get(0).get("expected_answer")).isEqualTo(List.of("JPY", "Yen"));
        assertThat(rows.get(1)).containsEntry("expected_answer", "[not json").containsEntry("generated_answer", "[x]");
    }

    @Test
    void aMalformedCsvRecordNamesTheFileAndLine() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "a,b\n1,2\n3,4,5\n");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(file.toString()))))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage(file + " line 3: 3 fields, but the header has 2 columns (a, b)");
    }

    @Test
    void invalidUtf8IsRefusedNamingTheFileLineAndByteInEveryFormat() throws IOException {
        // "Zürich" written in Latin-1 on line 3: 0xFC is not UTF-8
        byte[] latin1 = "\"Z\u00fcrich\"".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String name : List.of("bad.csv", "bad.jsonl", "bad.json")) {
            Path file = dir.resolve(name);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            String head = name.endsWith(".csv")
                    ? "generated_answer,expected_answer\na,b\n"
                    : name.endsWith(".jsonl")
                            ? "{\"a\": \"b\"}\n{\"a\": \"c\"}\n"
                            : "[{\"a\": \"b\"},\n{\"a\": \"c\"},\n";
            bytes.write(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            bytes.write(
                    name.endsWith(".csv")
                            ? "x,".getBytes(java.nio.charset.StandardCharsets.UTF_8)
                            : "{\"a\": ".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            bytes.write(latin1);
            bytes.write(
                    name.endsWith(".csv")
                            ? "\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)
                            : "}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (name.endsWith(".json")) {
                bytes.write("]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            Files.write(file, bytes.toByteArray());
            int offset = head.length() + (name.endsWith(".csv") ? 2 : 6) + 2;

            assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(file.toString()))))
                    .as(name)
                    .isInstanceOf(DatasetLoadException.class)
                    .hasMessage(file + " line 3: not valid UTF-8 (byte 0xFC at byte offset " + offset + "); evals4j"
                            + " reads datasets as UTF-8: convert the file, for example with iconv -f latin1 -t utf-8");
        }
    }

    @Test
    void aHeaderThatNamesAColumnTwiceIsRefusedInOurWords() throws IOException {
        Path file = dir.resolve("capitals.csv");
        Files.writeString(file, "question,answer,answer\n1,2,3\n");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(file.toString()))))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage(file + " line 1: the column 'answer' appears twice in the header (question, answer,"
                        + " answer); rename one of them");
    }

    @Test
    void aHeaderWithAColumnWithoutANameIsRefused() throws IOException {
        Path file = dir.resolve("gap.csv");
        Files.writeString(file, "\na,,b\n1,2,3\n");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(file.toString()))))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage(file + " line 2: column 2 of the header has no name (a, , b); every column needs a name");
    }

    @Test
    void anUnterminatedQuoteNamesTheFileAndTheLineItStartsOn() throws IOException {
        Path file = dir.resolve("quote.csv");
        Files.writeString(file, "a,b\n1,2\n3,\"open\n4,5\n");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(file.toString()))))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage(file + " line 3: a quoted field that starts on this line is not closed before the end of"
                        + " the file (a quote inside a quoted field is written twice: \"\")");
    }

    @Test
    void quoteErrorsPastLine999NameTheirLineWhateverCommonsCsvGroupsItsDigitsWith() throws IOException {
        // commons-csv writes line numbers as "1,000" (the default locale's grouping)
        StringBuilder rows = new StringBuilder("a,b\n");
        for (int i = 2; i < 1502; i++) {
            rows.append(i).append(",x\n");
        }
        Path unclosed = dir.resolve("unclosed.csv");
        Files.writeString(unclosed, rows + "3,\"open\n4,5\n");
        Path after = dir.resolve("after-1502.csv");
        Files.writeString(after, rows + "\"x\"y,3\n");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(unclosed.toString()))))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessageStartingWith(unclosed + " line 1502: a quoted field that starts on this line is not closed");
        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(after.toString()))))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessageStartingWith(after + " line 1502: text follows the closing quote");
    }

    @Test
    void textAfterAClosingQuoteNamesTheLine() throws IOException {
        Path file = dir.resolve("after.csv");
        Files.writeString(file, "a,b\n1,2\n\"x\"y,3\n");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(file.toString()))))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage(file + " line 3: text follows the closing quote of a quoted field (a quote inside a"
                        + " quoted field is written twice: \"\")");
    }

    @Test
    void jsonErrorsNeverShowTheParsersAdviceToProgrammers() throws IOException {
        Path nan = dir.resolve("nan.jsonl");
        Files.writeString(nan, "{\"a\": 1}\n{\"score\": NaN}\n");
        Path comment = dir.resolve("comment.json");
        Files.writeString(comment, "[{\"a\": 1},\n /* two */ {\"a\": 2}]");
        Path open = dir.resolve("open.json");
        Files.writeString(open, "[{\"a\": 1},\n {\"a\": [2, 3}]");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(nan.toString()))))
                .hasMessage(nan + " line 2 column 14: not valid JSON: 'NaN' is not a JSON number: JSON has no NaN or"
                        + " Infinity; write null, or the value as a string");
        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(comment.toString()))))
                .hasMessage(comment + " line 2 column 2: not valid JSON: a comment ('/'): JSON has no comments");
        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(open.toString()))))
                .hasMessage(open + " line 2 column 13: not valid JSON: '}' where ']' should close the array opened at"
                        + " line 2 column 8");
    }

    @Test
    void aJsonLinesLineIsToldAboutAsTheLineItIs() throws IOException {
        Path torn = dir.resolve("torn.jsonl");
        Files.writeString(torn, "{\"a\": 1}\n{\"a\": 2, \"b\": [1, 2}\n{\"a\": 3\n");
        Path cut = dir.resolve("cut.jsonl");
        Files.writeString(cut, "{\"a\": 1}\n{\"a\": 2\n");
        Path split = dir.resolve("split.jsonl");
        Files.writeString(split, "{\"a\": 1,\n\"b\": 2}\n");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(torn.toString()))))
                .hasMessage(torn + " line 2 column 20: not valid JSON: '}' where ']' should close the array opened at"
                        + " column 15");
        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(cut.toString()))))
                .hasMessage(
                        cut + " line 2 column 8: not valid JSON: the input ends inside the object opened at column 1"
                                + " (JSON Lines hold one whole object per line)");
        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(split.toString()))))
                .hasMessage(split + " line 1 column 9: not valid JSON: the input ends inside an object (JSON Lines"
                        + " hold one whole object per line)");
    }

    @Test
    void readsJsonlKeepingJsonTypes() throws IOException {
        List<Map<String, Object>> rows = read(
                "t.jsonl", "{\"a\": 1, \"b\": [\"x\", \"y\"], \"c\": {\"d\": true}, \"e\": null}\n\n{\"a\": 2.5}\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsEntry("a", 1)
                .containsEntry("b", List.of("x", "y"))
                .containsEntry("c", Map.of("d", true))
                .containsEntry("e", null);
        assertThat(rows.get(1)).containsEntry("a", 2.5);
    }

    @Test
    void aBadJsonlLineNamesTheFileLineAndColumn() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"a\": 1}\n{\"a\": 2,}\n");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(file.toString()))))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessageStartingWith(file + " line 2 column 9: not valid JSON: ");
    }

    @Test
    void aJsonlLineThatIsNotAnObjectIsRefused() throws IOException {
        Path file = dir.resolve("array.jsonl");
        Files.writeString(file, "{\"a\": 1}\n[1, 2]\n");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(file.toString()))))
                .hasMessage(file + " line 2: expected a JSON object, found a list");
    }

    @Test
    void readsAJsonArrayOfObjects() throws IOException {
        List<Map<String, Object>> rows = read("a.json", "[{\"q\": \"1+1\", \"a\": 2},\n {\"q\": \"2+2\", \"a\": 4}]");

        assertThat(rows).extracting(r -> r.get("a")).containsExactly(2, 4);
    }

    @Test
    void aJsonFileThatIsNotAnArrayIsRefused() throws IOException {
        Path file = dir.resolve("object.json");
        Files.writeString(file, "{\"rows\": []}");

        assertThatThrownBy(() -> readAll(files.open(DatasetSource.uri(file.toString()))))
                .hasMessage(file + ": expected a JSON array of objects, found '{' at line 1");
    }

    @Test
    void readsGzipCompressedFiles() throws IOException {
        Path file = dir.resolve("z.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"a\": 1}\n{\"a\": 2}\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(readAll(files.open(DatasetSource.uri(file.toString())))).hasSize(2);
    }

    @Test
    void anUnknownExtensionAsksForTheFormat() throws IOException {
        Path file = dir.resolve("rows.txt");
        Files.writeString(file, "a\n1\n");

        assertThatThrownBy(() -> files.open(DatasetSource.uri(file.toString())))
                .hasMessage("cannot tell the format of " + file + " from its extension; name the file .csv, .json or"
                        + " .jsonl, or give the format (csv, json or jsonl)");
        assertThat(readAll(files.open(new DatasetSource.Uri(file.toString(), Optional.of("csv")))))
                .hasSize(1);
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> files.open(DatasetSource.uri("no/such/file.csv")))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessageStartingWith("dataset file not found: no/such/file.csv (resolved against ");
        assertThatThrownBy(() -> files.open(DatasetSource.uri("no/such/capitals")))
                .hasMessageStartingWith("dataset file not found: no/such/capitals (resolved against ");
    }

    @Test
    void aMissingFileAsksAboutTheNearestFileBesideIt() throws IOException {
        Files.writeString(dir.resolve("capitals.csv"), "a\n1\n");
        Files.writeString(dir.resolve("rivers.csv"), "a\n1\n");
        Path typo = dir.resolve("capitals.cvs");

        assertThatThrownBy(() -> files.open(DatasetSource.uri(typo.toString())))
                .isInstanceOf(DatasetLoadException.class)
                // an absolute path is not resolved against anything
                .hasMessage("dataset file not found: " + typo + "; did you mean " + dir.resolve("capitals.csv") + "?");
    }

    @Test
    void readsDataUrls() {
        DataUrlDataset data = new DataUrlDataset();
        String csv = "generated_answer,expected_answer\nParis,Paris\n";
        String base64 =
                "data:text/csv;base64," + Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8));
        String plain = "data:application/jsonl,%7B%22a%22%3A%201%7D%0A";

        assertThat(readAll(data.open(DatasetSource.uri(base64))))
                .containsExactly(Map.of("generated_answer", "Paris", "expected_answer", "Paris"));
        assertThat(readAll(data.open(DatasetSource.uri(plain)))).containsExactly(Map.of("a", 1));
        assertThatThrownBy(() -> data.open(DatasetSource.uri("data:image/png;base64,AAAA")))
                .hasMessage("cannot read a data: URL of media type 'image/png'; use text/csv, application/json or"
                        + " application/jsonl");
    }
}
