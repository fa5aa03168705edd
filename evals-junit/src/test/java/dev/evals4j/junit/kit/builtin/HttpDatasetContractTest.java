package dev.evals4j.junit.kit.builtin;

import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.Evals;
import dev.evals4j.core.datasets.HttpDataset;
import dev.evals4j.junit.kit.DatasetContractTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http}, on a JSON Lines file served with a signed query (which messages leave out) by a server that answers
 * 404, as a static file server does, for a file it does not have.
 */
class HttpDatasetContractTest extends DatasetContractTest {
    private final MockWebServer server = new MockWebServer();
    private Evals evals;

    @TempDir
    Path cacheDir;

    HttpDatasetContractTest() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().equals("/data/rows.jsonl")) {
                    return new MockResponse.Builder()
                            .addHeader("Content-Type", "application/octet-stream")
                            .body(DatasetRows.JSONL)
                            .build();
                }
                return new MockResponse.Builder()
                        .code(404)
                        .addHeader("Content-Type", "text/plain; charset=utf-8")
                        .body("404 page not found")
                        .build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (evals != null) {
            evals.close();
        }
        server.close();
    }

    @Override
    protected BaseDataset dataset() {
        return new HttpDataset();
    }

    @Override
    protected PluginContext context() {
        evals = Evals.builder().environment(Map.of()).cacheDir(cacheDir).build();
        return evals.context();
    }

    @Override
    protected DatasetSource source() {
        return DatasetSource.uri(
                server.url("/data/rows.jsonl?X-Amz-Signature=abc123").toString());
    }

    @Override
    protected List<Map<String, Object>> expectedRows() {
        return DatasetRows.ROWS;
    }

    @Override
    protected Optional<DatasetSource> missingSource() {
        return Optional.of(DatasetSource.uri(server.url("/data/missing.jsonl").toString()));
    }
}
