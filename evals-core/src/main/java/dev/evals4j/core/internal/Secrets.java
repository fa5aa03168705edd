package dev.evals4j.core.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of result files: parameter values whose names say they are secrets ({@code api_key},
 * {@code hf_token}, {@code password}, …) are replaced. Names of environment variables ({@code …_env}) and counts
 * ({@code max_tokens}) are not secrets.
 */
public final class Secrets {
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(^|.*_)(api_?key|token|access_token|secret|secret_key|password|authorization|credentials?)");

    private Secrets() {}

    /** The parameters with the values of secret-named ones replaced by {@code ***}. */
    public static Map<String, Object> redact(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(
                k, v != null && SECRET_NAME.matcher(k.toLowerCase(Locale.ROOT)).matches() ? "***" : v));
        return out;
    }
}
