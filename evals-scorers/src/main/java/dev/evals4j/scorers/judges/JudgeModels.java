package dev.evals4j.scorers.judges;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.generation.EmbeddingsClient;
import dev.evals4j.core.http.HttpClients;
import dev.evals4j.core.http.ModelHttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * Where judge scorers get their models: the generators of the evals4j instance they are configured in and
 * OpenAI-compatible embeddings over its HTTP pool, hand-written fakes in tests.
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

    /**
     * The generators of an evals4j instance, through its context (a run's context closes them when the run ends), and
     * {@link EmbeddingsClient} for embeddings, over the instance's HTTP pool.
     */
    static JudgeModels of(PluginContext context) {
        return new FromContext(context);
    }

    /** The models of one instance. */
    final class FromContext implements JudgeModels {
        private final PluginContext context;

        private FromContext(PluginContext context) {
            this.context = context;
        }

        @Override
        public BaseGenerator generator(String id, Map<String, Object> params) {
            return context.generator(id, params);
        }

        @Override
        public boolean accepts(String generatorId, String parameter) {
            return context.plugin(BaseGenerator.class, generatorId)
                    .map(g -> g.parameters().stream().anyMatch(p -> p.name().equals(parameter)))
                    .orElse(false);
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
            settings.apiKeyEnv()
                    .ifPresent(variable -> b.apiKey(context.env(variable)
                            .orElseThrow(() -> new ConfigurationException("the environment variable " + variable
                                    + " that should hold the embeddings API key of " + scorer + " is not set"))));
            b.httpClient(ModelHttpClient.builder()
                    .okHttpClient(HttpClients.of(context))
                    .timeout(Duration.ofNanos((long) (settings.timeoutSeconds() * 1e9)))
                    .maxRetries(settings.maxRetries())
                    .build());
            EmbeddingsClient client = b.build();
            context.closeLater(client);
            return client::embed;
        }
    }
}
