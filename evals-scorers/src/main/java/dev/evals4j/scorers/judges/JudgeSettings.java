package dev.evals4j.scorers.judges;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How a judge scorer calls its judge model, read from the scorer's {@code judge_*} parameters: the generator, the
 * model, its base URL and key (which may differ from the candidate's), sampling, the generator's other parameters,
 * whether to ask for JSON output, and how often to ask again for an answer that cannot be read. Immutable.
 *
 * @param scorerId the scorer these settings belong to, for messages
 * @param generator the generator plugin id, {@code openai-compatible} by default
 * @param model the judge model, as its server names it
 * @param baseUrl the judge server's root URL
 * @param apiKeyEnv the environment variable holding the judge server's API key
 * @param temperature the judge's sampling temperature; 0 by default, so verdicts repeat and are cached
 * @param maxTokens the most tokens the judge may write; the server's default when empty
 * @param generatorParams the generator's other parameters ({@code judge_params}), such as {@code timeout_seconds},
 *     {@code max_retries}, {@code cache} or {@code extra_body}
 * @param format whether to ask for a JSON object ({@code response_format}) or plain text
 * @param maxParseRetries how often an answer that cannot be read is followed by a request to answer again
 */
public record JudgeSettings(
        String scorerId,
        String generator,
        Optional<String> model,
        Optional<String> baseUrl,
        Optional<String> apiKeyEnv,
        double temperature,
        OptionalLong maxTokens,
        Map<String, Object> generatorParams,
        OutputFormat format,
        int maxParseRetries) {

    /** The generator the judge uses unless {@code judge_generator} names another. */
    public static final String DEFAULT_GENERATOR = "openai-compatible";

    /** The most {@code max_parse_retries} accepted. */
    public static final int MAX_PARSE_RETRIES = 10;

    /** The generator parameters that have a {@code judge_*} parameter of their own. */
    private static final Set<String> OWN = Set.of("model", "base_url", "api_key_env", "temperature", "max_tokens");

    /** What the judge is asked to answer in. */
    public enum OutputFormat {
        /** A JSON object ({@code "response_format": {"type": "json_object"}}), falling back to text. */
        JSON_OBJECT("json_object"),
        /** Plain text. */
        TEXT("text");

        private final String value;

        OutputFormat(String value) {
            this.value = value;
        }

        /** The parameter value, such as {@code json_object}. */
        public String value() {
            return value;
        }
    }

    public JudgeSettings {
        Objects.requireNonNull(scorerId, "scorerId");
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(maxTokens, "maxTokens");
        generatorParams = JsonValues.copyRow(generatorParams);
        Objects.requireNonNull(format, "format");
    }

    /** The parameters every judge scorer accepts, with {@code judge_response_format} defaulting to this format. */
    public static List<Parameter> parameters(OutputFormat defaultFormat) {
        return List.of(
                Parameter.withDefault(
                        "judge_generator",
                        ParamType.STRING,
                        "the generator plugin that calls the judge model",
                        DEFAULT_GENERATOR),
                Parameter.optional("judge_model", ParamType.STRING, "the judge model, as its server names it"),
                Parameter.optional(
                        "judge_base_url",
                        ParamType.STRING,
                        "the judge server's root URL, such as http://127.0.0.1:8000/v1"),
                Parameter.optional(
                        "judge_api_key_env",
                        ParamType.STRING,
                        "name of the environment variable holding the judge server's API key"),
                Parameter.withDefault(
                                "judge_temperature",
                                ParamType.NUMBER,
                                "the judge's sampling temperature; 0 makes verdicts repeatable and cacheable",
                                0)
                        .atLeast(0),
                Parameter.optional(
                                "judge_max_tokens",
                                ParamType.INTEGER,
                                "the most tokens the judge may write; the server's default when unset")
                        .atLeast(1),
                Parameter.optional(
                        "judge_params",
                        ParamType.JSON,
                        "a JSON object of the judge generator's other parameters (timeout_seconds, max_retries,"
                                + " cache, cache_dir, seed, extra_body, …)"),
                Parameter.withDefault(
                        "judge_response_format",
                        ParamType.STRING,
                        "json_object (ask for JSON through response_format, read text when the answer is not"
                                + " JSON) or text",
                        defaultFormat.value()),
                Parameter.withDefault(
                                "max_parse_retries",
                                ParamType.INTEGER,
                                "how often to ask the judge again when its answer cannot be read",
                                0)
                        .range(0, MAX_PARSE_RETRIES));
    }

    /**
     * Reads the settings from a scorer's resolved parameters.
     *
     * @throws ConfigurationException for a value out of range, naming the parameter
     */
    public static JudgeSettings from(String scorerId, Params params) {
        String generator =
                params.string("judge_generator").orElse(DEFAULT_GENERATOR).strip();
        double temperature = params.number("judge_temperature", 0);
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new ConfigurationException(
                    "parameter 'judge_temperature' of " + scorerId + " must be at least 0, was "
                            + params.get("judge_temperature").orElse(null));
        }
        OptionalLong maxTokens = OptionalLong.empty();
        if (params.has("judge_max_tokens")) {
            long n = params.integer("judge_max_tokens", 0);
            if (n < 1) {
                throw new ConfigurationException(
                        "parameter 'judge_max_tokens' of " + scorerId + " must be at least 1, was " + n);
            }
            maxTokens = OptionalLong.of(n);
        }
        Map<String, Object> generatorParams = Map.of();
        Object given = params.get("judge_params").orElse(null);
        if (given != null) {
            if (!(given instanceof Map<?, ?> map)) {
                throw new ConfigurationException("parameter 'judge_params' of " + scorerId
                        + " must be a JSON object of generator parameters, was " + JsonValues.toJson(given));
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            for (String key : copy.keySet()) {
                if (OWN.contains(key)) {
                    throw new ConfigurationException("parameter 'judge_params' of " + scorerId + " sets '" + key
                            + "'; use the parameter judge_" + key + " instead");
                }
            }
            if (copy.containsKey("extra_body") && !(copy.get("extra_body") instanceof Map<?, ?>)) {
                throw new ConfigurationException("parameter 'judge_params' of " + scorerId
                        + ": extra_body must be a JSON object, was " + JsonValues.toJson(copy.get("extra_body")));
            }
            generatorParams = copy;
        }
        String formatName = params.string("judge_response_format")
                .orElse("json_object")
                .strip()
                .toLowerCase(Locale.ROOT);
        OutputFormat format = null;
        for (OutputFormat f : OutputFormat.values()) {
            if (f.value().equals(formatName)) {
                format = f;
            }
        }
        if (format == null) {
            throw new ConfigurationException("parameter 'judge_response_format' of " + scorerId
                    + " must be json_object or text, was '" + formatName + "'");
        }
        long retries = params.integer("max_parse_retries", 0);
        if (retries < 0 || retries > MAX_PARSE_RETRIES) {
            throw new ConfigurationException("parameter 'max_parse_retries' of " + scorerId + " must be from 0 to "
                    + MAX_PARSE_RETRIES + ", was " + retries);
        }
        return new JudgeSettings(
                scorerId,
                generator,
                params.string("judge_model").map(String::strip),
                params.string("judge_base_url").map(String::strip),
                params.string("judge_api_key_env").map(String::strip),
                temperature,
                maxTokens,
                generatorParams,
                format,
                (int) retries);
    }

    /**
     * The parameters for the judge's generator: {@code model}, {@code base_url}, {@code api_key_env},
     * {@code temperature}, {@code max_tokens} from the {@code judge_*} parameters, then {@code judge_params}; with
     * {@code json}, {@code response_format: {"type": "json_object"}} is added to {@code extra_body} unless
     * {@code judge_params} sets a {@code response_format} of its own.
     *
     * <p>A temperature of 0 is sent to {@code openai-compatible} only; other generators (Llama Stack's refuses a
     * temperature of 0) get their greedy default.
     */
    public Map<String, Object> generatorParameters(boolean json) {
        Map<String, Object> out = new LinkedHashMap<>();
        model.ifPresent(m -> out.put("model", m));
        baseUrl.ifPresent(u -> out.put("base_url", u));
        apiKeyEnv.ifPresent(k -> out.put("api_key_env", k));
        if (temperature > 0 || generator.equals(DEFAULT_GENERATOR)) {
            out.put("temperature", temperature);
        }
        maxTokens.ifPresent(n -> out.put("max_tokens", n));
        out.putAll(generatorParams);
        if (json) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if (generatorParams.get("extra_body") instanceof Map<?, ?> given) {
                given.forEach((k, v) -> extra.put(String.valueOf(k), v));
            }
            extra.putIfAbsent("response_format", Map.of("type", "json_object"));
            out.put("extra_body", extra);
        }
        return out;
    }

    /** The judge as messages name it: its model, or the generator when no model is set. */
    public String judgeName() {
        return model.map(m -> "judge " + m).orElse("judge (" + generator + ")");
    }

    /** The names of the judge parameters, for checks and docs. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Parameter p : parameters(OutputFormat.JSON_OBJECT)) {
            names.add(p.name());
        }
        return names;
    }
}
