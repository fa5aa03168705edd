package dev.evals4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
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

    private List<String> compile(String code, int n) throws IOException {
        String unit = HEAD + code + "\n    }\n}\n";
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path dir = Files.createDirectories(out.resolve("s" + n));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            JavaFileObject source =
                    new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return unit;
                        }
                    };
            boolean ok = compiler.getTask(
                            null,
                            files,
                            diagnostics,
                            List.of(
                                    "-proc:none",
                                    "--release",
                                    "17",
                                    "-classpath",
                                    System.getProperty("java.class.path"),
                                    "-d",
                                    dir.toString()),
                            null,
                            List.of(source))
                    .call();
            if (ok) {
                return List.of();
            }
        }
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                problems.add("snippet " + n + " line "
                        + (d.getLineNumber() - HEAD.lines().count()) + ": " + d.getMessage(Locale.ROOT));
            }
        }
        return problems;
    }
}
