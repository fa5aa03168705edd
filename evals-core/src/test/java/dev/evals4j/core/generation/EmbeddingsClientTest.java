package dev.evals4j.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ModelCallException;
import dev.evals4j.core.http.ModelHttpClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddingsClientTest {
    private final MockWebServer server = new MockWebServer();
    private EmbeddingsClient client;

    @BeforeEach
    void start() throws IOException {
        server.start();
        client = EmbeddingsClient.builder()
                .baseUrl(server.url("/v1").toString())
                .model("text-embedding-3-small")
                .httpClient(ModelHttpClient.builder().maxRetries(0).build())
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(String body) {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build());
    }

    @Test
    void asksForFloatsAndReturnsTheVectorsInTheTextsOrder() throws InterruptedException {
        // OpenAI's shape; the items come back out of order to check that the index decides
        answer("{\"object\":\"list\",\"data\":["
                + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.5,-0.25]},"
                + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.0023064255,-0.009327292]}],"
                + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}");

        List<float[]> vectors = client.embed(List.of("first", "second"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
        assertThat(request.getBody().utf8())
                .isEqualTo("{\"model\":\"text-embedding-3-small\","
                        + "\"input\":[\"first\",\"second\"],\"encoding_format\":\"float\"}");
        assertThat(vectors).hasSize(2);
        assertThat(vectors.get(0)).containsExactly(0.0023064255f, -0.009327292f);
        assertThat(vectors.get(1)).containsExactly(0.5f, -0.25f);
    }

    @Test
    void decodesBase64LittleEndianFloat32() {
        ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putFloat(1.5f).putFloat(-2.0f).putFloat(0.125f);
        String base64 = Base64.getEncoder().encodeToString(bytes.array());
        // Ollama's shape (openai/openai.go floatsToBase64)
        answer("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"embedding\":\"" + base64
                + "\",\"index\":0}],\"model\":\"all-minilm\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}");

        assertThat(client.embed("hello")).containsExactly(1.5f, -2.0f, 0.125f);
    }

    @Test
    void sendsTextsInBatches() {
        answer("{\"data\":[{\"index\":0,\"embedding\":[1]},{\"index\":1,\"embedding\":[2]}]}");
        answer("{\"data\":[{\"index\":0,\"embedding\":[3]}]}");

        List<float[]> vectors = client.toBuilder().batchSize(2).build().embed(List.of("a", "b", "c"));

        assertThat(vectors).extracting(v -> v[0]).containsExactly(1f, 2f, 3f);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void sendsTheKeyAsABearerToken() throws InterruptedException {
        answer("{\"data\":[{\"index\":0,\"embedding\":[1]}]}");
        EmbeddingsClient withKey = client.toBuilder().apiKey("sk-emb-123456").build();

        withKey.embed("x");

        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer sk-emb-123456");
        assertThat(withKey.toString()).doesNotContain("sk-emb-123456");
    }

    @Test
    void tooFewVectorsIsAnError() {
        answer("{\"data\":[{\"index\":0,\"embedding\":[1]}]}");

        assertThatThrownBy(() -> client.embed(List.of("a", "b")))
                .isInstanceOf(ModelCallException.class)
                .hasMessage("POST " + server.url("/v1/embeddings") + " answered 1 embeddings for 2 texts:"
                        + " {\"data\":[{\"index\":0,\"embedding\":[1]}]}");
    }

    @Test
    void aServerErrorQuotesTheServer() {
        server.enqueue(new MockResponse.Builder()
                .code(400)
                .addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Invalid value for 'encoding_format' = float16. Supported values:"
                        + " ['float', 'base64'].\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}")
                .build());

        assertThatThrownBy(() -> client.embed("x"))
                .isInstanceOf(ModelCallException.class)
                .hasMessage(
                        "POST " + server.url("/v1/embeddings") + " answered 400 Bad Request: Invalid value for"
                                + " 'encoding_format' = float16. Supported values: ['float', 'base64']. (invalid_request_error)");
    }
}
