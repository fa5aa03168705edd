package dev.evals4j.core.generation;

import dev.evals4j.api.ModelCallException;
import dev.evals4j.core.http.CacheMode;
import dev.evals4j.core.http.ModelHttpClient;
import dev.evals4j.core.http.ResponseCache;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.internal.KnownSecrets;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured model server as the generators use it: the HTTP client, the authentication headers (kept out
 * of everything printed) and the response cache with its policy.
 */
final class ModelEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ModelEndpoint.class);

    private final ModelHttpClient http;
    private final Map<String, String> headers;
    private final ResponseCache cache;
    private final CachePolicy policy;

    ModelEndpoint(ModelHttpClient http, Map<String, String> headers, ResponseCache cache, CachePolicy policy) {
        this.http = http;
        this.headers = Map.copyOf(headers);
        this.cache = cache;
        this.policy = policy;
    }

    ModelHttpClient http() {
        return http;
    }

    Optional<ResponseCache> cache() {
        return Optional.ofNullable(cache);
    }

    ModelEndpoint withHttp(ModelHttpClient client) {
        return new ModelEndpoint(client, headers, cache, policy);
    }

    /**
     * Sends a request (or answers it from the cache) and parses the answer.
     *
     * @param parse reads an answer body; it is given the endpoint for messages, and throws
     *     {@link ModelCallException} for an answer it cannot read, which is then not cached
     */
    <T> T call(
            String url,
            String model,
            Map<String, Object> body,
            int epoch,
            boolean deterministic,
            BiFunction<String, String, T> parse) {
        Request<T> request = request(url, model, body, epoch, deterministic, parse);
        if (request.cached() != null) {
            return request.cached();
        }
        return parse(request, http.postJson(url, request.json(), headers));
    }

    /**
     * {@link #call} without a thread waiting for the answer ({@link ModelHttpClient#postJsonAsync}): the request is
     * built, looked up in the cache and sent by the calling thread; the answer is parsed (and cached) by
     * {@code executor}, which completes the future, with the parsed answer or the exception {@link #call} would throw.
     */
    <T> CompletableFuture<T> callAsync(
            String url,
            String model,
            Map<String, Object> body,
            int epoch,
            boolean deterministic,
            BiFunction<String, String, T> parse,
            Executor executor) {
        Request<T> request = request(url, model, body, epoch, deterministic, parse);
        if (request.cached() != null) {
            return CompletableFuture.completedFuture(request.cached());
        }
        // handleAsync, not thenApplyAsync: a failed call, too, completes on the executor, not on an HTTP thread
        return http.postJsonAsync(url, request.json(), headers)
                .handleAsync(
                        (answer, error) -> {
                            if (error != null) {
                                throw new java.util.concurrent.CompletionException(error);
                            }
                            return parse(request, answer);
                        },
                        executor);
    }

    /**
     * A request as sent: its JSON, how messages name it, its cache key when the cache is used, and the cached answer,
     * parsed, when there is one.
     */
    private record Request<T>(
            String json,
            String where,
            ResponseCache.@Nullable Key key,
            @Nullable T cached,
            BiFunction<String, String, T> parse) {}

    private <T> Request<T> request(
            String url,
            String model,
            Map<String, Object> body,
            int epoch,
            boolean deterministic,
            BiFunction<String, String, T> parse) {
        String json = Json.write(body);
        String where = http.describePost(url);
        CacheMode mode = cache == null ? CacheMode.BYPASS : policy.modeFor(deterministic);
        ResponseCache.Key key = null;
        if (mode != CacheMode.BYPASS) {
            key = ResponseCache.key(url, model, json, epoch);
            if (mode == CacheMode.USE) {
                Optional<String> hit = cache.get(key);
                if (hit.isPresent()) {
                    try {
                        return new Request<>(json, where, key, parse.apply(where, hit.get()), parse);
                    } catch (ModelCallException e) {
                        LOG.warn("Ignoring the cache entry {}: {}", cache.file(key), e.getMessage());
                    }
                }
            }
        }
        return new Request<>(json, where, key, null, parse);
    }

    /**
     * Parses an answer to the request, and caches it when the request is cached; a server may echo the key even in a
     * successful answer, which must reach neither the cache nor the journal.
     */
    private <T> T parse(Request<T> request, String received) {
        String answer = KnownSecrets.scrub(received);
        T parsed;
        try {
            parsed = request.parse().apply(request.where(), answer);
        } catch (BadAnswer e) {
            http.countFailure(e.kind());
            throw e;
        }
        if (request.key() != null) {
            try {
                cache.put(request.key(), request.json(), answer);
            } catch (UncheckedIOException e) {
                LOG.warn("Could not cache an answer of {}", request.where(), e);
            }
        }
        return parsed;
    }
}
