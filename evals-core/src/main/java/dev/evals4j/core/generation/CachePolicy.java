package dev.evals4j.core.generation;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.core.http.CacheMode;
import java.util.Locale;

/** The {@code cache} parameter: which {@link CacheMode} a request gets. */
enum CachePolicy {
    /** {@link CacheMode#USE} for deterministic requests (greedy, or a fixed seed), else {@link CacheMode#BYPASS}. */
    AUTO,
    USE,
    BYPASS,
    REFRESH;

    static CachePolicy parse(String pluginId, String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    "parameter 'cache' of " + pluginId + " must be auto, use, bypass or refresh, was '" + value + "'");
        }
    }

    CacheMode modeFor(boolean deterministic) {
        return switch (this) {
            case AUTO -> deterministic ? CacheMode.USE : CacheMode.BYPASS;
            case USE -> CacheMode.USE;
            case BYPASS -> CacheMode.BYPASS;
            case REFRESH -> CacheMode.REFRESH;
        };
    }
}
