package dev.evals4j.scorers.judges;

import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.Evals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Instance contexts for judge tests: every plugin on the class path, the given environment, a cache under target/. */
final class Contexts {
    private Contexts() {}

    /** The context of an instance with an empty environment. */
    static PluginContext empty() {
        return evals(Map.of()).context();
    }

    /** An instance with this environment. */
    static Evals evals(Map<String, String> env) {
        try {
            Path base = Path.of("target", "test-folders");
            Files.createDirectories(base);
            return Evals.builder()
                    .environment(env)
                    .cacheDir(Files.createTempDirectory(base, "cache"))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
