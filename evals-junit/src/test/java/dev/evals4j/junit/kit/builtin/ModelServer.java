package dev.evals4j.junit.kit.builtin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A model server on loopback that answers each path with one body, as many times as it is asked; 404 elsewhere. */
final class ModelServer implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();

    ModelServer(Map<String, String> answers) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = answers.get(request.getUrl().encodedPath());
                return new MockResponse.Builder()
                        .code(body == null ? 404 : 200)
                        .addHeader("Content-Type", "application/json")
                        .body(body == null ? ServerAnswers.NOT_FOUND : body)
                        .build();
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of a path on this server. */
    String url(String path) {
        return server.url(path).toString();
    }

    /** A loopback port that nothing listens on: a call to it is refused. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
