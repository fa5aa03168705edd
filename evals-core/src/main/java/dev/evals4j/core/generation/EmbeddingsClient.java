package dev.evals4j.core.generation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.core.http.ModelHttpClient;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.internal.KnownSecrets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Turns texts into vectors through an OpenAI-compatible {@code /embeddings} endpoint (OpenAI, vLLM, Ollama,
 * llama.cpp with {@code --embeddings}, TGI, Llama Stack), for scorers that compare meanings; immutable after
 * {@link Builder#build()} and thread-safe.
 *
 * <p>It asks for {@code encoding_format: float}, and also reads the base64 form (little-endian float32) that
 * some servers send anyway. Texts are sent in batches of {@link Builder#batchSize(int)}, each through the
 * retrying {@link ModelHttpClient}.
 */
public final class EmbeddingsClient implements HttpBacked, AutoCloseable {
    private final String baseUrl;
    private final String model;
    private final Integer dimensions;
    private final int batchSize;
    private final ModelHttpClient http;
    private final Map<String, String> headers;
    private final String apiKey;
    private volatile boolean closed;

    private EmbeddingsClient(Builder b) {
        this.baseUrl = b.baseUrl;
        this.model = b.model;
        this.dimensions = b.dimensions;
        this.batchSize = b.batchSize;
        this.http = b.http;
        this.apiKey = b.apiKey;
        this.headers = b.apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + b.apiKey);
    }

    /** A new builder; {@link Builder#baseUrl} and {@link Builder#model} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this client's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.baseUrl = baseUrl;
        b.model = model;
        b.dimensions = dimensions;
        b.batchSize = batchSize;
        b.http = http;
        b.apiKey = apiKey;
        return b;
    }

    /** The HTTP client, whose {@link ModelHttpClient#stats()} say how many calls were made. */
    @Override
    public ModelHttpClient httpClient() {
        return http;
    }

    /** The vector of one text. */
    public float[] embed(String text) {
        return embed(List.of(Objects.requireNonNull(text, "text"))).get(0);
    }

    /**
     * The vectors of some texts, in their order.
     *
     * @throws ModelCallException when a call fails, or the answer does not hold one vector per text
     */
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            out.addAll(batch(texts.subList(from, Math.min(texts.size(), from + batchSize))));
        }
        return out;
    }

    /** Marks this client closed; it sends no request afterwards. */
    @Override
    public void close() {
        closed = true;
    }

    private List<float[]> batch(List<String> texts) {
        if (closed) {
            throw new IllegalStateException(this + " is closed: the run that made it has ended");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("input", List.copyOf(texts));
        body.put("encoding_format", "float");
        if (dimensions != null) {
            body.put("dimensions", dimensions);
        }
        String url = baseUrl + "/embeddings";
        String where = http.describePost(url);
        String answer = KnownSecrets.scrub(http.postJson(url, Json.write(body), headers));
        try {
            return vectors(where, answer, texts.size());
        } catch (BadAnswer e) {
            http.countFailure(e.kind());
            throw e;
        }
    }

    private static List<float[]> vectors(String where, String answer, int count) {
        JsonNode root = OpenAiProtocol.read(where, answer);
        JsonNode data = root.get("data");
        if (data == null || !data.isArray() || data.size() != count) {
            throw new BadAnswer(
                    BadAnswer.UNREADABLE,
                    where + " answered "
                            + (data == null || !data.isArray()
                                    ? "without data"
                                    : data.size() + " embeddings for " + count + " texts")
                            + ": "
                            + OpenAiProtocol.shorten(answer),
                    null);
        }
        float[][] vectors = new float[count][];
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            if (index < 0 || index >= vectors.length || vectors[index] != null) {
                throw new BadAnswer(
                        BadAnswer.UNREADABLE,
                        where + " answered an embedding with the index " + index + " for " + count + " texts",
                        null);
            }
            vectors[index] = vector(where, item.get("embedding"));
        }
        return List.of(vectors);
    }

    private static float[] vector(String where, JsonNode embedding) {
        if (embedding != null && embedding.isArray()) {
            float[] v = new float[embedding.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) embedding.get(i).asDouble();
            }
            return v;
        }
        if (embedding != null && embedding.isTextual()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(embedding.asText());
            } catch (IllegalArgumentException e) {
                throw new BadAnswer(
                        BadAnswer.UNREADABLE,
                        where + " answered an embedding that is neither a list of numbers nor" + " base64: "
                                + e.getMessage(),
                        e);
            }
            if (bytes.length % Float.BYTES != 0) {
                throw new BadAnswer(
                        BadAnswer.UNREADABLE,
                        where + " answered a base64 embedding of " + bytes.length
                                + " bytes, not a whole number of float32 values",
                        null);
            }
            float[] v = new float[bytes.length / Float.BYTES];
            ByteBuffer.wrap(bytes)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(v);
            return v;
        }
        throw new BadAnswer(BadAnswer.UNREADABLE, where + " answered an item without an embedding", null);
    }

    @Override
    public String toString() {
        return "EmbeddingsClient[" + model + " at " + baseUrl + "]";
    }

    /** Configures an {@link EmbeddingsClient}; not thread-safe. */
    public static final class Builder {
        private String baseUrl;
        private String model;
        private Integer dimensions;
        private int batchSize = 128;
        private ModelHttpClient http;
        private String apiKey;

        private Builder() {}

        /** The server's OpenAI-compatible root, such as {@code http://127.0.0.1:8000/v1}. */
        public Builder baseUrl(String url) {
            Objects.requireNonNull(url, "url");
            if (HttpUrl.parse(url.strip()) == null) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL, was '" + url + "'");
            }
            String u = url.strip();
            while (u.endsWith("/")) {
                u = u.substring(0, u.length() - 1);
            }
            this.baseUrl = u;
            return this;
        }

        /** The embedding model, as the server names it. */
        public Builder model(String name) {
            this.model = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The vectors' length, for models that can shorten them (OpenAI's text-embedding-3); default unset. */
        public Builder dimensions(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("dimensions must be at least 1, was " + count);
            }
            this.dimensions = count;
            return this;
        }

        /** How many texts to send in one request; default 128. */
        public Builder batchSize(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, was " + count);
            }
            this.batchSize = count;
            return this;
        }

        /** The HTTP client (retries, limits); default a {@link ModelHttpClient} with its defaults. */
        public Builder httpClient(ModelHttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The API key, sent as {@code Authorization: Bearer}. */
        public Builder apiKey(String key) {
            this.apiKey = KnownSecrets.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalStateException when the base URL or the model is missing
         */
        public EmbeddingsClient build() {
            if (baseUrl == null || model == null) {
                throw new IllegalStateException(
                        "an embeddings client needs " + (baseUrl == null ? "a baseUrl" : "a model"));
            }
            if (http == null) {
                http = ModelHttpClient.builder().build();
            }
            return new EmbeddingsClient(this);
        }

        @Override
        public String toString() {
            return "EmbeddingsClient.Builder[" + model + " at " + baseUrl + "]";
        }
    }
}
