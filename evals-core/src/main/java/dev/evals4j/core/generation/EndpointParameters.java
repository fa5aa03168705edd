package dev.evals4j.core.generation;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.http.ConcurrencyLimiter;
import dev.evals4j.core.http.HttpClients;
import dev.evals4j.core.http.ModelHttpClient;
import dev.evals4j.core.http.RateLimiter;
import dev.evals4j.core.http.ResponseCache;
import dev.evals4j.core.internal.KnownSecrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/** The parameters every HTTP generator shares (key, timeout, retries, limits, cache), and what they build. */
final class EndpointParameters {
    static final List<Parameter> PARAMETERS = List.of(
            Parameter.optional(
                    "api_key_env",
                    ParamType.STRING,
                    "name of the environment variable that holds the API key, sent as 'Authorization: Bearer'"),
            Parameter.withDefault(
                            "timeout_seconds",
                            ParamType.NUMBER,
                            "time one attempt may take, from connecting to the whole answer",
                            120)
                    .range(0.001, 86_400),
            Parameter.withDefault(
                            "deadline_seconds",
                            ParamType.NUMBER,
                            "time one call may take in all, its retries and the waits between them included",
                            300)
                    .range(0.001, 86_400),
            Parameter.withDefault(
                            "max_response_mb",
                            ParamType.INTEGER,
                            "the largest answer read, in MiB; a larger one fails that sample",
                            64)
                    .range(1, 4096),
            Parameter.withDefault(
                            "max_retries",
                            ParamType.INTEGER,
                            "retries after the first attempt for connection errors, timeouts, 408, 429 and 5xx",
                            3)
                    .range(0, 100),
            Parameter.optional(
                            "requests_per_second",
                            ParamType.NUMBER,
                            "the most requests to start per second (retries included); unlimited when unset")
                    .range(0.001, 1_000_000),
            Parameter.optional(
                            "max_concurrency",
                            ParamType.INTEGER,
                            "the most requests in flight at once, whatever the number of workers; with"
                                    + " adaptive_concurrency, the ceiling (default 256)")
                    .range(1, 100_000),
            Parameter.withDefault(
                    "adaptive_concurrency",
                    ParamType.BOOLEAN,
                    "halve the requests in flight when the server answers 429 or 503, and grow back slowly",
                    false),
            Parameter.withDefault(
                    "cache",
                    ParamType.STRING,
                    "response cache: auto (use it for deterministic requests when the instance caches answers; the"
                            + " evals command does), use, bypass or refresh",
                    "auto"),
            Parameter.optional(
                    "cache_dir",
                    ParamType.STRING,
                    "directory of the response cache; default the instance's (<cache folder>/responses)"));

    /** The longest time one attempt may be given. */
    static final int MAX_TIMEOUT_SECONDS = 86_400;

    /** The slowest request rate accepted: one request every 1,000 seconds. */
    static final double MIN_RATE = 0.001;

    /** The fastest request rate accepted. */
    static final double MAX_RATE = 1_000_000;

    private EndpointParameters() {}

    /** The parameters of a generator: its own first, then the shared ones. */
    static List<Parameter> with(List<Parameter> own) {
        List<Parameter> all = new ArrayList<>(own);
        all.addAll(PARAMETERS);
        return List.copyOf(all);
    }

    static ModelEndpoint endpoint(String pluginId, Params params, PluginContext context) {
        Map<String, String> headers = new LinkedHashMap<>();
        params.string("api_key_env").ifPresent(name -> {
            String key = context.env(name)
                    .orElseThrow(() -> new ConfigurationException("parameter 'api_key_env' of " + pluginId
                            + " names the environment variable " + name + ", which is not set"));
            headers.put("Authorization", "Bearer " + KnownSecrets.add(key));
        });
        double timeout = params.number("timeout_seconds", 120);
        if (!(timeout >= 0.001 && timeout <= MAX_TIMEOUT_SECONDS)) {
            throw new ConfigurationException(
                    "parameter 'timeout_seconds' of " + pluginId + " must be from 0.001 to " + MAX_TIMEOUT_SECONDS
                            + " (a day), was " + params.get("timeout_seconds").orElse(null));
        }
        double deadline = params.number("deadline_seconds", 300);
        if (!(deadline >= 0.001 && deadline <= MAX_TIMEOUT_SECONDS)) {
            throw new ConfigurationException(
                    "parameter 'deadline_seconds' of " + pluginId + " must be from 0.001 to " + MAX_TIMEOUT_SECONDS
                            + " (a day), was " + params.get("deadline_seconds").orElse(null));
        }
        long maxResponse = params.integer("max_response_mb", 64);
        if (maxResponse < 1 || maxResponse > 4096) {
            throw new ConfigurationException(
                    "parameter 'max_response_mb' of " + pluginId + " must be from 1 to 4096, was " + maxResponse);
        }
        long retries = params.integer("max_retries", 3);
        if (retries < 0 || retries > 100) {
            throw new ConfigurationException(
                    "parameter 'max_retries' of " + pluginId + " must be from 0 to 100, was " + retries);
        }
        ModelHttpClient.Builder http = ModelHttpClient.builder()
                .okHttpClient(HttpClients.of(context))
                .timeout(Duration.ofNanos((long) (timeout * 1e9)))
                .deadline(Duration.ofNanos((long) (deadline * 1e9)))
                .maxResponseBytes(maxResponse << 20)
                .maxRetries((int) retries);
        if (params.has("requests_per_second")) {
            double rate = params.number("requests_per_second", 0);
            if (!(rate >= MIN_RATE && rate <= MAX_RATE)) {
                throw new ConfigurationException(
                        "parameter 'requests_per_second' of " + pluginId + " must be from " + MIN_RATE + " (one every"
                                + " 1,000 s) to " + (long) MAX_RATE + ", was "
                                + params.get("requests_per_second").orElse(null));
            }
            http.rateLimiter(RateLimiter.perSecond(rate));
        }
        boolean adaptive = params.bool("adaptive_concurrency", false);
        if (params.has("max_concurrency") || adaptive) {
            long max = params.integer("max_concurrency", 256);
            if (max < 1 || max > 100_000) {
                throw new ConfigurationException(
                        "parameter 'max_concurrency' of " + pluginId + " must be from 1 to 100000, was " + max);
            }
            http.concurrencyLimiter(
                    adaptive ? ConcurrencyLimiter.adaptive((int) max) : ConcurrencyLimiter.fixed((int) max));
        }
        CachePolicy policy = CachePolicy.parse(pluginId, params.string("cache").orElse("auto"));
        Optional<Path> dir = params.string("cache_dir").map(Path::of).or(context::responseCacheDir);
        if (dir.isEmpty() && policy != CachePolicy.AUTO) {
            // asked for by name: the cache is used even where the instance leaves it off by default
            dir = Optional.of(context.cacheDir().resolve("responses"));
        }
        ResponseCache cache = policy == CachePolicy.BYPASS
                ? null
                : dir.map(ResponseCache::open).orElse(null);
        return new ModelEndpoint(http.build(), headers, cache, policy);
    }

    /** The base URL without a trailing slash, checked. */
    static String baseUrl(String pluginId, Params params) {
        String url = params.string("base_url").orElseThrow().strip();
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new ConfigurationException("parameter 'base_url' of " + pluginId
                    + " must be an http or https URL, such as http://127.0.0.1:8000/v1, was '" + url + "'");
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    static void requireAtLeast(String pluginId, Params params, String name, long min) {
        if (params.has(name) && params.integer(name, min) < min) {
            throw new ConfigurationException("parameter '" + name + "' of " + pluginId + " must be at least " + min
                    + ", was " + params.get(name).orElseThrow());
        }
    }
}
