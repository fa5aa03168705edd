package dev.evals4j.core.testing;

import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.Evals;
import dev.evals4j.core.plugins.PluginRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Evals instances for tests: an environment the test gives (empty unless it gives one), and a cache folder of
 * their own under {@code target/}, so that no test reads the user's home or the process environment.
 */
public final class TestEvals {
    private TestEvals() {}

    /** A builder with every plugin on the class path, an empty environment and a fresh cache folder. */
    public static Evals.Builder builder() {
        return Evals.builder().environment(Map.of()).cacheDir(freshDir("cache"));
    }

    /** An instance with every plugin on the class path and this environment. */
    public static Evals withEnvironment(Map<String, String> env) {
        return builder().environment(env).build();
    }

    /** An instance with these plugins, an empty environment and a fresh cache folder. */
    public static Evals with(PluginRegistry plugins) {
        return builder().plugins(plugins).build();
    }

    /** The context of an instance with every plugin on the class path and an empty environment. */
    public static PluginContext context() {
        return builder().build().context();
    }

    /** A new empty folder under {@code target/test-folders}. */
    public static Path freshDir(String prefix) {
        try {
            Path base = Path.of("target", "test-folders");
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
