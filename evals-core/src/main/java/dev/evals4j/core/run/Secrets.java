package dev.evals4j.core.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of result files: parameter values whose names say they are secrets ({@code api_key},
 * {@code hf_token}, {@code password}, …) are replaced. Names of environment variables ({@code …_env}) and counts
 * ({@code max_tokens}) are not secrets.
 */
final class Secrets {
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(^|.*_)(api_?key|token|access_token|secret|secret_key|password|authorization|credentials?)");

    private Secrets() {}

    static Map<String, Object> redact(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(
                k, v != null && SECRET_NAME.matcher(k.toLowerCase(Locale.ROOT)).matches() ? "***" : v));
        return out;
    }
}
