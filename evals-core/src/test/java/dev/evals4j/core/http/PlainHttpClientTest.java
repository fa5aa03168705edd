package dev.evals4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ModelCallException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * evals4j's own HTTP/1.1 client, through {@link ModelHttpClient}, against a server that writes its answers byte by
 * byte as the test says: the framings a model server may use, connections it closes, answers that never end.
 */
class PlainHttpClientTest {
    private static final String OK = "{\"choices\":[{\"message\":{\"content\":\"Paris\"}}]}";

    /** What the raw server does after reading a request. */
    private interface Reply {
        /** Writes the answer; returns false to close the connection afterwards. */
        boolean write(int call, OutputStream out) throws IOException;
    }

    private ServerSocket socket;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void stop() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }

    /** A server on 127.0.0.1 that answers each request with {@code reply}; returns the URL to post to. */
    private String serve(Reply reply) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> handle(s, reply));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1/chat/completions";
    }

    private void handle(Socket s, Reply reply) {
        try (s) {
            InputStream in = s.getInputStream();
            while (true) {
                String request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                if (!reply.write(calls.incrementAndGet(), s.getOutputStream())) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The request's head and body as text, or null at the end of the connection. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                int length = 0;
                for (String line : text.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                byte[] body = in.readNBytes(length);
                return text + new String(body, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static boolean write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return true;
    }

    private static ModelHttpClient client() {
        return ModelHttpClient.builder().maxRetries(0).build();
    }

    /** A call as the test class makes it: here, waiting for the answer. */
    String post(ModelHttpClient client, String url, String body, Map<String, String> headers) {
        return client.postJson(url, body, headers);
    }

    @Test
    void sendsOnePostWithItsHeadersAndTheBodyInUtf8() throws IOException {
        String url = serve((call, out) -> write(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + OK.length() + "\r\n\r\n"
                        + OK));
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Où est 東京?\"}]}";

        assertThat(post(client(), url, body, Map.of("Authorization", "Bearer sk-test-1234")))
                .isEqualTo(OK);

        String request = requests.get(0);
        assertThat(request)
                .startsWith("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + socket.getLocalPort() + "\r\n")
                .contains("\r\nAccept: application/json\r\n")
                .contains("\r\nContent-Type: application/json; charset=utf-8\r\n")
                .contains("\r\nAuthorization: Bearer sk-test-1234\r\n")
                .contains("\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
                .endsWith("\r\n\r\n" + body);
        assertThat(request).containsPattern("\r\nUser-Agent: evals4j/[^\r]+\r\n");
    }

    @Test
    void readsAChunkedAnswerWithExtensionsAndTrailers() throws IOException {
        String url = serve((call, out) -> write(
                out,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "a;name=x\r\n" + OK.substring(0, 10) + "\r\n"
                        + Integer.toHexString(OK.length() - 10) + "\r\n" + OK.substring(10) + "\r\n"
                        + "0\r\nX-Trailer: done\r\n\r\n"));
        ModelHttpClient client = client();

        assertThat(post(client, url, "{}", Map.of())).isEqualTo(OK);
        assertThat(post(client, url, "{}", Map.of())).isEqualTo(OK);
        assertThat(connections).hasValue(1); // the connection was kept
    }

    @Test
    void readsAGzipAnswerAndSkipsInformationalAnswers() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(OK.getBytes(StandardCharsets.UTF_8));
        }
        String url = serve((call, out) -> {
            write(
                    out,
                    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                            + zipped.size() + "\r\n\r\n");
            out.write(zipped.toByteArray());
            return true;
        });

        assertThat(post(client(), url, "{}", Map.of())).isEqualTo(OK);
    }

    @Test
    void readsAnAnswerThatEndsWithItsConnectionAndDoesNotKeepIt() throws IOException {
        String url =
                serve((call, out) -> !write(out, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + OK));
        ModelHttpClient client = client();

        assertThat(post(client, url, "{}", Map.of())).isEqualTo(OK);
        assertThat(post(client, url, "{}", Map.of())).isEqualTo(OK);
        assertThat(connections).hasValue(2);
    }

    @Test
    void aKeptConnectionTheServerClosedMeanwhileIsReplacedWithoutARetry() throws IOException {
        // the server answers as if it kept the connection, then closes it (an idle timeout, a restart)
        String url = serve(
                (call, out) -> !write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + OK.length() + "\r\n\r\n" + OK));
        ModelHttpClient client = client();

        assertThat(post(client, url, "{}", Map.of())).isEqualTo(OK);
        assertThat(post(client, url, "{}", Map.of())).isEqualTo(OK);
        assertThat(client.stats().retries()).isZero();
        assertThat(client.stats().failed()).isZero();
        assertThat(calls).hasValue(2);
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerOnANewConnectionFailsTheAttempt() throws IOException {
        String url = serve((call, out) -> false);

        assertThatThrownBy(() -> post(client(), url, "{}", Map.of()))
                .isInstanceOfSatisfying(
                        ModelCallException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessage(
                        "POST " + url + " failed (EOFException: the server closed the connection without an answer)");
    }

    @Test
    void theWatchdogTicksWhileACallIsOnAndStopsAfter() throws Exception {
        String url = serve((call, out) -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + OK.length() + "\r\n\r\n" + OK);
        });
        ModelHttpClient client = client();

        java.util.concurrent.CompletableFuture<String> answer =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> post(client, url, "{}", Map.of()));
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!PlainHttpClient.watchdogTicking() && !answer.isDone() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(PlainHttpClient.watchdogTicking())
                .as("ticking while the answer is awaited")
                .isTrue();
        assertThat(answer.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(OK);
        until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (PlainHttpClient.watchdogTicking() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(PlainHttpClient.watchdogTicking())
                .as("ticking once no call is on")
                .isFalse();
    }

    @Test
    void anAnswerThatStopsInTheMiddleIsATimeoutAtTheAttemptsLimit() throws IOException {
        String url = serve((call, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + OK.length() + "\r\n\r\n" + OK.substring(0, 5));
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });
        ModelHttpClient client = ModelHttpClient.builder()
                .maxRetries(0)
                .timeout(Duration.ofMillis(300))
                .build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> post(client, url, "{}", Map.of()))
                .hasMessage("POST " + url + " got no answer within 300 ms (InterruptedIOException: timeout)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aServerThatIsNotThereCannotBeConnectedTo() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/v1/chat/completions";

        assertThatThrownBy(() -> post(client(), url, "{}", Map.of()))
                .isInstanceOfSatisfying(
                        ModelCallException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessageStartingWith("POST " + url + " could not connect (ConnectException: Connection refused");
    }

    @Test
    void anAnswerCutShortOfItsLengthFails() throws IOException {
        String url = serve((call, out) ->
                !write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + OK.length() + "\r\n\r\n" + OK.substring(0, 5)));

        assertThatThrownBy(() -> post(client(), url, "{}", Map.of()))
                .hasMessage("POST " + url + " failed (EOFException: the server closed the connection after 5 of the "
                        + OK.length() + " bytes it announced)");
    }

    @Test
    void somethingThatIsNotHttpFailsSayingWhatCame() throws IOException {
        String url = serve((call, out) -> !write(out, "SSH-2.0-OpenSSH_9.6\r\n\r\n"));

        assertThatThrownBy(() -> post(client(), url, "{}", Map.of()))
                .hasMessage("POST " + url + " failed (ProtocolException: not an HTTP/1.x status line:"
                        + " SSH-2.0-OpenSSH_9.6)");
    }

    @Test
    void anErrorAnswerIsReadForItsMessageAndHeaders() throws IOException {
        String error = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\"}}";
        String url = serve((call, out) -> write(
                out,
                call == 1
                        ? "HTTP/1.1 429 Too Many Requests\r\nretry-after-ms: 10\r\nContent-Length: " + error.length()
                                + "\r\n\r\n" + error
                        : "HTTP/1.1 200 OK\r\nContent-Length: " + OK.length() + "\r\n\r\n" + OK));
        ModelHttpClient client = ModelHttpClient.builder().maxRetries(1).build();

        assertThat(post(client, url, "{}", Map.of())).isEqualTo(OK);
        assertThat(client.stats().throttled()).isEqualTo(1);
        assertThat(connections).hasValue(1);
    }

    @Test
    void aRedirectIsLeftToOkHttpWhichKeepsThePostOnA307() throws Exception {
        try (MockWebServer mock = new MockWebServer()) {
            mock.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return request.getUrl().encodedPath().endsWith("/")
                            ? new MockResponse.Builder().body(OK).build()
                            : new MockResponse.Builder()
                                    .code(307)
                                    .addHeader("Location", "/v1/chat/completions/")
                                    .build();
                }
            });
            mock.start();

            assertThat(post(client(), mock.url("/v1/chat/completions").toString(), "{\"q\":1}", Map.of()))
                    .isEqualTo(OK);

            assertThat(mock.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            // OkHttp sent the call again, and followed the redirect with the body
            assertThat(mock.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            RecordedRequest followed = mock.takeRequest();
            assertThat(followed.getMethod()).isEqualTo("POST");
            assertThat(followed.getUrl().encodedPath()).isEqualTo("/v1/chat/completions/");
            assertThat(followed.getBody().utf8()).isEqualTo("{\"q\":1}");
        }
    }
}
