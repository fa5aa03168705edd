package dev.evals4j.core.internal;

import java.nio.file.Path;
import java.util.Map;

/**
 * The one place evals4j reads the process's world — its environment and the user's home folder — for the defaults
 * of an {@link dev.evals4j.core.Evals} instance and of clients built without one. Plugins never read it: they get
 * their instance's {@link dev.evals4j.api.spi.PluginContext}.
 */
public final class ProcessDefaults {
    private ProcessDefaults() {}

    /** The process's environment variables. */
    public static Map<String, String> environment() {
        return System.getenv();
    }

    /**
     * evals4j's cache folder for an environment: {@code $EVALS4J_CACHE_DIR}, else {@code $XDG_CACHE_HOME/evals4j},
     * else {@code $HOME/.cache/evals4j} (the user's home folder when {@code HOME} is unset).
     */
    public static Path cacheDir(Map<String, String> env) {
        String explicit = env.get("EVALS4J_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit.strip());
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg.strip(), "evals4j");
        }
        return home(env).resolve(".cache").resolve("evals4j");
    }

    /** {@code $HOME}, else the user's home folder as Java knows it. */
    public static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home.strip() : System.getProperty("user.home"));
    }
}
