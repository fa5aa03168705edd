package dev.evals4j.api;

import org.jspecify.annotations.Nullable;

/** A configuration that cannot work: an unknown plugin id or parameter, a bad value, a missing setting. */
public class ConfigurationException extends EvalException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
