package dev.evals4j.junit;

import dev.evals4j.core.Evals;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Evals in JUnit 5 tests ({@link EvalsTest}): gives each test an {@link Evals} instance and its folder, keeps the
 * runs for CI, never touches the user's home, and publishes each run's summary to the test report.
 *
 * <ul>
 *   <li>Runs without an output folder go to {@code target/evals/<test class>/<test>/} ({@code <test>-<n>} for the
 *       n-th invocation of a parameterized or repeated test; the folder is emptied when the
 *       test starts, so that a test can run again without {@code mvn clean}); {@code -Devals4j.junit.dir=DIR} moves
 *       the root.</li>
 *   <li>The instance's cache folder is {@code target/evals-cache}, and its response cache is off: a test against a
 *       fake model server gets that server's answers, never answers cached by an earlier run.</li>
 *   <li>After the test, the instance is closed and each run's scores are published as report entries
 *       ({@code evals.<run folder>}), which Surefire and IDEs show with the test.</li>
 * </ul>
 */
public final class EvalsExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EvalsExtension.class);

    /** The root of every test's folder: {@code -Devals4j.junit.dir}, else {@code target/evals}. */
    static Path root() {
        String given = System.getProperty("evals4j.junit.dir");
        return given != null && !given.isBlank() ? Path.of(given) : Path.of("target", "evals");
    }

    /** The folder of a test: {@code <root>/<test class>/<test method>[-<invocation>]}. */
    static Path folderOf(ExtensionContext context) {
        String className = context.getRequiredTestClass().getName();
        Method method = context.getRequiredTestMethod();
        String name = method.getName();
        // a parameterized or repeated test has one folder per invocation
        java.util.regex.Matcher invocation = INVOCATION.matcher(context.getUniqueId());
        if (invocation.find()) {
            name = name + "-" + invocation.group(1);
        }
        return root().resolve(className).resolve(safe(name)).toAbsolutePath();
    }

    private static final java.util.regex.Pattern INVOCATION =
            java.util.regex.Pattern.compile("\\[test-template-invocation:#(\\d+)]");

    private static String safe(String text) {
        String s = text.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Path dir = folderOf(context);
        deleteRecursively(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test's folder " + dir, e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Evals.class || (type == Path.class && parameter.isAnnotated(EvalsDir.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Path dir = folderOf(context);
        if (type == Path.class) {
            return dir;
        }
        if (type == Evals.class) {
            ExtensionContext.Store store = context.getStore(NAMESPACE);
            // an AutoCloseable in the store is closed by JUnit when the test ends
            return store.getOrComputeIfAbsent(
                    "evals",
                    k -> Evals.builder()
                            .dataDir(dir)
                            .cacheDir(Path.of("target", "evals-cache").toAbsolutePath())
                            .build(),
                    Evals.class);
        }
        throw new ParameterResolutionException("EvalsExtension cannot give a " + type.getName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Path dir = folderOf(context);
        for (Map.Entry<String, String> entry : summaries(dir).entrySet()) {
            context.publishReportEntry(entry.getKey(), entry.getValue());
        }
    }

    /** Each run under a folder, by its path relative to the folder, with its scores on one line. */
    static Map<String, String> summaries(Path dir) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, 4)) {
            files = walk.filter(p -> p.getFileName().toString().equals(RunFiles.RESULTS))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return out;
        }
        for (Path file : files) {
            Path runDir = file.getParent();
            String key = "evals."
                    + (dir.equals(runDir) ? "." : dir.relativize(runDir).toString());
            try {
                out.put(key, line(RunFiles.readResults(runDir)) + " (" + runDir + ")");
            } catch (RuntimeException e) {
                out.put(key, "unreadable results: " + e.getMessage());
            }
        }
        return out;
    }

    private static String line(ResultsFile results) {
        List<String> parts = new ArrayList<>();
        Map<String, ResultsFile.ScoreEntry> scores =
                results.scores() != null ? results.scores() : results.scoresSoFar();
        if (scores != null) {
            scores.forEach((id, entry) -> entry.aggregatedResults().forEach((name, values) -> {
                if (values instanceof Map<?, ?> m && m.get(name) instanceof Number n) {
                    Object ci = m.get("ci95");
                    String interval = ci instanceof List<?> b && b.size() == 2 && b.get(0) instanceof Number lo
                            ? String.format(
                                    Locale.ROOT, " [%.4f, %.4f]", lo.doubleValue(), ((Number) b.get(1)).doubleValue())
                            : "";
                    parts.add(String.format(Locale.ROOT, "%s %s %.4f%s", id, name, n.doubleValue(), interval));
                }
            }));
        }
        return results.status() + ", " + results.counts().samples() + " samples, "
                + results.counts().errors() + " errors" + (parts.isEmpty() ? "" : "; " + String.join("; ", parts));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the test's folder " + dir, e);
        }
    }
}
