package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evals run --spark} without evals-spark on the class path (as in this module's tests) is a usage error that
 * says what is missing; the run itself on Spark is tested in evals-spark.
 */
class SparkHandOffTest {
    @TempDir
    Path dir;

    @Test
    void withoutEvalsSparkTheCommandSaysWhatIsMissing() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(
                new String[] {
                    "run",
                    "--dataset",
                    "../evals-examples/data/capitals.csv",
                    "--base-url",
                    "http://127.0.0.1:1/v1",
                    "--model",
                    "m",
                    "--scorer",
                    "basic::equality",
                    "--spark",
                    "local[2]",
                    "--output",
                    dir.resolve("run").toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.of("EVALS4J_CACHE_DIR", dir.resolve("cache").toString()));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("evals: --spark needs evals-spark and Apache Spark on the class path"
                        + " (dev.evals4j.spark.SparkEvals was not found): the repository's ./evals launcher adds them"
                        + " when --spark is given; elsewhere, see docs/spark.md");
        assertThat(dir.resolve("run")).doesNotExist();
    }
}
