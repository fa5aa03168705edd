package dev.evals4j.core.generation;

import dev.evals4j.core.http.ModelHttpClient;
import dev.evals4j.core.http.ResponseCache;
import java.util.Optional;

/**
 * Something that calls a model server through a {@link ModelHttpClient} — a generator, an embeddings client — whose
 * counts a run reports.
 */
public interface HttpBacked {
    /** The HTTP client: its retries, throttles and failures so far. */
    ModelHttpClient httpClient();

    /** The response cache, when this configuration uses one. */
    default Optional<ResponseCache> cache() {
        return Optional.empty();
    }
}
