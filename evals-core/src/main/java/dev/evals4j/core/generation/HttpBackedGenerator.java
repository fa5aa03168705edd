package dev.evals4j.core.generation;

import dev.evals4j.core.http.ModelHttpClient;
import dev.evals4j.core.http.ResponseCache;
import java.util.Optional;

/** A generator that calls its server through a {@link ModelHttpClient}, whose counts a run reports. */
public interface HttpBackedGenerator {
    /** The HTTP client of this configured generator: its retries, throttles and failures so far. */
    ModelHttpClient httpClient();

    /** The response cache, when this configuration uses one. */
    Optional<ResponseCache> cache();
}
