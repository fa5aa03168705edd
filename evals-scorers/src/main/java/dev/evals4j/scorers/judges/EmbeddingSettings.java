package dev.evals4j.scorers.judges;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedding model of the judges that compare meanings ({@code braintrust::answer-similarity},
 * {@code answer-correctness}, {@code answer-relevancy}): an OpenAI-compatible {@code /embeddings} endpoint, whose
 * URL and key default to the judge's. Immutable.
 *
 * @param scorerId the scorer these settings belong to, for messages
 * @param model the embedding model
 * @param baseUrl the embeddings server's root URL
 * @param apiKeyEnv the environment variable holding its API key
 * @param timeoutSeconds the time one request may take
 * @param maxRetries retries of a failed request (connection errors, timeouts, 408, 429, 5xx)
 */
public record EmbeddingSettings(
        String scorerId,
        Optional<String> model,
        Optional<String> baseUrl,
        Optional<String> apiKeyEnv,
        double timeoutSeconds,
        int maxRetries) {

    public EmbeddingSettings {
        Objects.requireNonNull(scorerId, "scorerId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
    }

    /** The embedding parameters; {@code fallsBackToJudge} says whether URL and key default to the judge's. */
    static List<Parameter> parameters(boolean fallsBackToJudge) {
        String fallback = fallsBackToJudge ? "; default judge_base_url" : "";
        return List.of(
                Parameter.optional(
                        "embedding_model", ParamType.STRING, "the embedding model, such as text-embedding-3-small"),
                Parameter.optional(
                        "embedding_base_url",
                        ParamType.STRING,
                        "the OpenAI-compatible root URL of the embeddings server" + fallback),
                Parameter.optional(
                        "embedding_api_key_env",
                        ParamType.STRING,
                        "name of the environment variable holding the embeddings server's API key"
                                + (fallsBackToJudge ? "; default judge_api_key_env" : "")),
                Parameter.withDefault(
                                "embedding_timeout_seconds",
                                ParamType.NUMBER,
                                "time one embeddings request may take",
                                120)
                        .range(0.001, 86_400),
                Parameter.withDefault(
                                "embedding_max_retries",
                                ParamType.INTEGER,
                                "retries of a failed embeddings request (connection errors, timeouts, 408, 429, 5xx)",
                                3)
                        .range(0, 100));
    }

    /**
     * Reads the settings from a scorer's resolved parameters.
     *
     * @param judge the judge's settings, whose URL and key are the defaults; null when the scorer has no judge
     */
    static EmbeddingSettings from(String scorerId, Params params, JudgeSettings judge) {
        double timeout = params.number("embedding_timeout_seconds", 120);
        if (!(timeout >= 0.001 && timeout <= 86_400)) {
            throw new ConfigurationException(
                    "parameter 'embedding_timeout_seconds' of " + scorerId + " must be from 0.001 to 86400 (a day),"
                            + " was " + params.get("embedding_timeout_seconds").orElse(null));
        }
        long retries = params.integer("embedding_max_retries", 3);
        if (retries < 0 || retries > 100) {
            throw new ConfigurationException(
                    "parameter 'embedding_max_retries' of " + scorerId + " must be from 0 to 100, was " + retries);
        }
        Optional<String> baseUrl = params.string("embedding_base_url").map(String::strip);
        Optional<String> key = params.string("embedding_api_key_env").map(String::strip);
        if (judge != null) {
            baseUrl = baseUrl.or(judge::baseUrl);
            key = key.or(judge::apiKeyEnv);
        }
        return new EmbeddingSettings(
                scorerId, params.string("embedding_model").map(String::strip), baseUrl, key, timeout, (int) retries);
    }
}
