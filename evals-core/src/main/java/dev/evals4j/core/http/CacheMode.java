package dev.evals4j.core.http;

/** How a request uses the {@link ResponseCache}. */
public enum CacheMode {
    /** Answer from the cache when it holds the request; otherwise call the server and store its answer. */
    USE,
    /** Neither read nor write the cache. */
    BYPASS,
    /** Always call the server, and store its answer over any cached one. */
    REFRESH
}
