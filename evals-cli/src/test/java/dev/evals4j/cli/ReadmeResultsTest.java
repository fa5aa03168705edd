package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Results on disk" says what a run leaves, truly: the files its table lists are the files of a real
 * run's folder, and its {@code results.json} example has every key (and no other) that the same run writes.
 */
class ReadmeResultsTest {
    private static final Path README = Path.of("../README.md");

    @TempDir
    Path dir;

    /** Runs the README's example: {@code score --dataset …/test_dataset.csv --scorer basic::equality}. */
    private Path run() {
        Path output = dir.resolve("run");
        StringWriter err = new StringWriter();
        int code = Main.run(
                new String[] {
                    "score",
                    "--dataset",
                    "src/test/resources/llama-stack/test_dataset.csv",
                    "--scorer",
                    "basic::equality",
                    "--output",
                    output.toString()
                },
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                Map.of("EVALS4J_CACHE_DIR", dir.resolve("cache").toString()));
        assertThat(code).as(err.toString()).isZero();
        return output;
    }

    private static String resultsSection() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Results on disk");
        return readme.substring(start, readme.indexOf("\n## ", start + 1));
    }

    @Test
    void theFilesTheReadmeListsAreTheFilesOfARun() throws IOException {
        Set<String> listed = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z.]+)` \\|").matcher(resultsSection());
        while (row.find()) {
            listed.add(row.group(1));
        }

        Set<String> written = new TreeSet<>();
        try (Stream<Path> files = Files.list(run())) {
            files.forEach(f -> written.add(f.getFileName().toString()));
        }

        assertThat(listed).isNotEmpty().isEqualTo(written);
    }

    @Test
    void theReadmesResultsExampleHasEveryKeyARunWrites() throws IOException {
        String section = resultsSection();
        int example = section.indexOf("```json", section.indexOf("`results.json` — ")) + "```json".length();
        JsonNode readme = Json.MAPPER.readTree(section.substring(example, section.indexOf("```", example)));

        JsonNode written = Json.MAPPER.readTree(run().resolve("results.json").toFile());

        assertThat(keys(readme, "")).isEqualTo(keys(written, ""));
    }

    /** Every key path of a document, such as {@code /scores/basic::equality/num_rows}; a list by its first element. */
    private static Set<String> keys(JsonNode node, String path) {
        Set<String> keys = new TreeSet<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path + "/" + field.getKey();
                keys.add(child);
                keys.addAll(keys(field.getValue(), child));
            }
        } else if (node.isArray() && !node.isEmpty() && node.get(0).isContainerNode()) {
            keys.addAll(keys(node.get(0), path + "/0"));
        }
        return keys;
    }
}
