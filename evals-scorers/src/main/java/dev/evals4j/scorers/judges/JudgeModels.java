package dev.evals4j.scorers.judges;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.core.generation.EmbeddingsClient;
import dev.evals4j.core.http.ModelHttpClient;
import dev.evals4j.core.plugins.PluginKind;
import dev.evals4j.core.plugins.PluginRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * Where judge scorers get their models: the generators found on the class path and OpenAI-compatible embeddings
 * in a run, hand-written fakes in tests.
 */
interface JudgeModels {

    /**
     * A configured generator.
     *
     * @throws ConfigurationException when it cannot be configured with these parameters
     */
    BaseGenerator generator(String id, Map<String, Object> params);

    /** Whether the generator with this id accepts a parameter (such as {@code extra_body}). */
    boolean accepts(String generatorId, String parameter);

    /**
     * An embedder for these settings.
     *
     * @throws ConfigurationException when the settings lack the model or the URL
     */
    Embedder embedder(EmbeddingSettings settings);

    /** The generators discovered on the context class loader, and {@link EmbeddingsClient} for embeddings. */
    static JudgeModels discovered() {
        return Discovered.INSTANCE;
    }

    /** The discovered plugins; the registry is built once, when first needed. */
    final class Discovered implements JudgeModels {
        static final Discovered INSTANCE = new Discovered();

        private volatile PluginRegistry registry;

        private Discovered() {}

        private PluginRegistry registry() {
            PluginRegistry r = registry;
            if (r == null) {
                synchronized (this) {
                    r = registry;
                    if (r == null) {
                        r = PluginRegistry.discover();
                        registry = r;
                    }
                }
            }
            return r;
        }

        @Override
        public BaseGenerator generator(String id, Map<String, Object> params) {
            return registry().generator(id, params);
        }

        @Override
        public boolean accepts(String generatorId, String parameter) {
            for (Parameter p : registry().get(PluginKind.GENERATOR, generatorId).parameters()) {
                if (p.name().equals(parameter)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Embedder embedder(EmbeddingSettings settings) {
            String scorer = settings.scorerId();
            if (settings.model().isEmpty() || settings.baseUrl().isEmpty()) {
                throw new ConfigurationException(scorer + " compares embeddings and needs the parameter"
                        + (settings.model().isEmpty() && settings.baseUrl().isEmpty()
                                ? "s embedding_model and" + " embedding_base_url"
                                : settings.model().isEmpty() ? " embedding_model" : " embedding_base_url")
                        + " (the embedding model and its OpenAI-compatible URL, such as http://127.0.0.1:8000/v1)");
            }
            EmbeddingsClient.Builder b;
            try {
                b = EmbeddingsClient.builder()
                        .baseUrl(settings.baseUrl().get())
                        .model(settings.model().get());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(
                        "parameter 'embedding_base_url' of " + scorer + ": " + e.getMessage(), e);
            }
            settings.apiKeyEnv().ifPresent(b::apiKeyEnv);
            b.httpClient(ModelHttpClient.builder()
                    .timeout(Duration.ofNanos((long) (settings.timeoutSeconds() * 1e9)))
                    .maxRetries(settings.maxRetries())
                    .build());
            EmbeddingsClient client = b.build();
            return client::embed;
        }
    }
}
