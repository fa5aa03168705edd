/**
 * The HTTP layer of evals4j, on OkHttp: the shared client, and {@link dev.evals4j.core.http.ModelHttpClient} for
 * calls to model servers, with retries, a request-rate limit, a (possibly adaptive) bound on requests in flight,
 * and {@link dev.evals4j.core.http.ResponseCache}, the response cache on disk.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
package dev.evals4j.core.http;
