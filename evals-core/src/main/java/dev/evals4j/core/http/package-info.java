/**
 * The HTTP layer of evals4j, on OkHttp: {@link dev.evals4j.core.http.HttpClients} (one client, one connection
 * pool, per evals4j instance), {@link dev.evals4j.core.http.Retrier} (the one retry loop, for model calls,
 * embeddings and the Hugging Face Hub, run as a {@link dev.evals4j.core.http.RetryPolicy} says),
 * {@link dev.evals4j.core.http.ModelHttpClient} for calls to model servers, with a request-rate limit and a
 * (possibly adaptive) bound on requests in flight, and {@link dev.evals4j.core.http.ResponseCache}, the response
 * cache on disk.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
package dev.evals4j.core.http;
