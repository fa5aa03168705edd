package dev.evals4j.core.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Keeps secrets out of result files: parameter values whose names say they are secrets are replaced. */
final class Secrets {
    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(api_?key|token|secret|password|authorization|credential).*");

    private Secrets() {}

    static Map<String, Object> redact(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v != null && SECRET_NAME.matcher(k.toLowerCase(Locale.ROOT)).matches()
                && !k.toLowerCase(Locale.ROOT).endsWith("_env") ? "***" : v));
        return out;
    }
}
