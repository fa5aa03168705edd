package dev.evals4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of docs/spark.md compiles against evals-spark and Spark (evals-examples' DocSnippetsTest, which
 * compiles the other docs, cannot see Spark): each snippet as the body of a method, with the imports the docs leave
 * out.
 */
class SparkDocSnippetsTest {
    private static final Path DOC = Path.of("../docs/spark.md");
    private static final Pattern FENCE = Pattern.compile("```java[^\\n]*\\n(.*?)```", Pattern.DOTALL);
    private static final String HEAD =
            """
            import dev.evals4j.api.*;
            import dev.evals4j.spark.*;
            import java.nio.file.*;
            import org.apache.spark.sql.*;
            import org.apache.spark.sql.Dataset;
            import org.apache.spark.sql.Row;
            class Snippet {
                EvalRequest request;
                SparkSession spark;
                void run() {
            """;

    @TempDir
    Path out;

    @Test
    void everyJavaSnippetOfTheSparkDocCompiles() throws IOException {
        Matcher m = FENCE.matcher(Files.readString(DOC));
        List<String> problems = new ArrayList<>();
        int n = 0;
        while (m.find()) {
            problems.addAll(compile(m.group(1), n++));
        }
        assertThat(n).isGreaterThanOrEqualTo(3);
        assertThat(problems).as("snippets of docs/spark.md that do not compile").isEmpty();
    }

    /** The compiler's errors for one snippet, its lines numbered from the snippet's first. */
    private List<String> compile(String code, int n) throws IOException {
        Path dir = Files.createDirectories(out.resolve("s" + n));
        Path source = Files.writeString(dir.resolve("Snippet.java"), HEAD + code + "\n    }\n}\n");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        errors,
                        "-proc:none",
                        "--release",
                        "17",
                        "-classpath",
                        System.getProperty("java.class.path"),
                        "-d",
                        dir.toString(),
                        source.toString());
        if (status == 0) {
            return List.of();
        }
        long offset = HEAD.lines().count();
        Matcher line =
                Pattern.compile("(?m)^.*Snippet\\.java:(\\d+): ").matcher(errors.toString(StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder();
        while (line.find()) {
            line.appendReplacement(text, "snippet " + n + " line " + (Long.parseLong(line.group(1)) - offset) + ": ");
        }
        line.appendTail(text);
        return List.of(text.toString());
    }
}
