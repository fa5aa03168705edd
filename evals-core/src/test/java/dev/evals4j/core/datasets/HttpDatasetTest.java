package dev.evals4j.core.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSource;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpDatasetTest {
    private final MockWebServer server = new MockWebServer();
    private final HttpDataset http = new HttpDataset();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readsCsvFromAUrlByItsExtension() {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/octet-stream")
                .body("generated_answer,expected_answer\nParis,Paris\n")
                .build());

        assertThat(FormatsTest.readAll(
                        http.open(DatasetSource.uri(server.url("/data/qa.csv").toString()))))
                .containsExactly(Map.of("generated_answer", "Paris", "expected_answer", "Paris"));
    }

    @Test
    void readsJsonlFromAUrlByItsContentType() {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/x-ndjson; charset=utf-8")
                .body("{\"a\": 1}\n{\"a\": 2}\n")
                .build());

        assertThat(FormatsTest.readAll(
                        http.open(DatasetSource.uri(server.url("/export?id=3").toString()))))
                .hasSize(2);
    }

    @Test
    void anErrorStatusSaysWhichUrlAndWhatTheServerAnswered() {
        server.enqueue(new MockResponse.Builder()
                .code(404)
                .body("{\"error\":\"Entry not found\"}")
                .build());
        String url = server.url("/missing.csv").toString();

        assertThatThrownBy(() -> http.open(DatasetSource.uri(url + "?token=abc")))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("could not read " + url + ": the server answered 404 Client Error:"
                        + " {\"error\":\"Entry not found\"}");
    }

    @Test
    void anUnreachableServerSaysWhichUrl() {
        String url = server.url("/qa.csv").toString();
        server.close();

        assertThatThrownBy(() -> http.open(DatasetSource.uri(url)))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("could not read " + url + ": could not connect to " + server.getHostName() + ":"
                        + server.getPort() + " (nothing answers there, or a firewall refuses the connection)");
    }

    @Test
    void aHostThatCannotBeResolvedIsSaidInWords() {
        OkHttpClient noDns = new OkHttpClient.Builder()
                .dns(host -> {
                    throw new UnknownHostException(host + ": Name or service not known");
                })
                .build();

        assertThatThrownBy(() -> new HttpDataset(noDns).open(DatasetSource.uri("https://data.example/qa.csv")))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("could not read https://data.example/qa.csv: the host data.example could not be resolved"
                        + " (no network, or a misspelt host name)");
    }
}
