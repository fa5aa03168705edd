package dev.evals4j.hf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.core.http.HttpClients;
import dev.evals4j.core.http.TimeSource;
import java.io.IOException;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token and the redirects, on two origins: a Hub and the storage its downloads are redirected to. */
class HubHttpTest {
    private static final String TOKEN = "hf_testtoken123";
    private static final String SHA256 = "b2d6c4a1f0e3d5c7b9a8e6f4d2c0b1a3e5d7f9c8b6a4e2d0c1b3a5e7d9f8c6b4";
    private static final String COMMIT = "cb2099c76426ff97da7aa591cbd317d91fb5fcb7";
    private static final HubHttp.Target TARGET = new HubHttp.Target(
            "download acme/evals data/test.parquet", "acme/evals", COMMIT, Optional.of("data/test.parquet"));

    private final MockWebServer hub = new MockWebServer();
    private final MockWebServer storage = new MockWebServer();
    private HubHttp http;

    @BeforeEach
    void start() throws IOException {
        hub.start();
        storage.start();
        http = new HubHttp(
                HttpClients.shared(),
                hub.url("/"),
                Optional.of(TOKEN),
                HubHttp.RETRY_POLICY,
                TimeSource.system(),
                "evals4j-test");
    }

    @AfterEach
    void stop() {
        hub.close();
        storage.close();
    }

    private HttpUrl resolveUrl() {
        return hub.url("/datasets/acme/evals/resolve/" + COMMIT + "/data/test.parquet");
    }

    @Test
    void theTokenReachesTheHubButNotTheStorageOfAnotherOriginWhoseHeadersAreNotTheOnesRead() throws Exception {
        HttpUrl signed = storage.url("/xet-bridge-us/" + SHA256 + "?Expires=1893456000&Signature=fake~sig");
        assertThat(HubHttp.sameOrigin(signed, hub.url("/"))).isFalse();
        hub.enqueue(new MockResponse.Builder()
                .code(302)
                .addHeader("Location", signed.toString())
                .addHeader("X-Repo-Commit", COMMIT)
                .addHeader("X-Linked-Size", "11")
                .addHeader("X-Linked-ETag", "\"" + SHA256 + "\"")
                .body("Found. Redirecting to " + signed)
                .build());
        storage.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/octet-stream")
                .addHeader("ETag", "\"storage-etag\"")
                .body("PAR1 rows 1")
                .build());

        String read = http.get(
                resolveUrl(),
                TARGET,
                answer -> answer.first().get("X-Repo-Commit") + " "
                        + answer.first().get("X-Linked-Size") + " "
                        + answer.first().get("X-Linked-ETag") + " "
                        + answer.response().header("ETag") + " " + answer.url().port() + " "
                        + answer.response().body().string());

        assertThat(read)
                .isEqualTo(COMMIT + " 11 \"" + SHA256 + "\" \"storage-etag\" " + storage.getPort() + " PAR1 rows 1");
        RecordedRequest toHub = hub.takeRequest();
        RecordedRequest toStorage = storage.takeRequest();
        assertThat(toHub.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(toStorage.getHeaders().get("Authorization")).isNull();
        assertThat(toStorage.getHeaders().toString()).doesNotContain(TOKEN);
        assertThat(toStorage.getUrl().queryParameter("Signature")).isEqualTo("fake~sig");
    }

    @Test
    void aRelativeRedirectStaysOnTheHubAndKeepsTheToken() throws Exception {
        hub.enqueue(new MockResponse.Builder()
                .code(307)
                .addHeader("Location", "/api/resolve-cache/datasets/acme/evals/" + COMMIT + "/data/test.jsonl")
                .addHeader("X-Repo-Commit", COMMIT)
                .addHeader("X-Linked-Size", "12")
                .body("Temporary Redirect.")
                .build());
        hub.enqueue(new MockResponse.Builder().body("{\"q\":\"2+2\"}\n").build());

        String read = http.get(
                resolveUrl(),
                TARGET,
                answer -> answer.first().get("X-Linked-Size") + " "
                        + answer.response().body().string());

        assertThat(read).isEqualTo("12 {\"q\":\"2+2\"}\n");
        assertThat(hub.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        RecordedRequest redirected = hub.takeRequest();
        assertThat(redirected.getUrl().encodedPath()).startsWith("/api/resolve-cache/");
        assertThat(redirected.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(storage.getRequestCount()).isZero();
    }
}
