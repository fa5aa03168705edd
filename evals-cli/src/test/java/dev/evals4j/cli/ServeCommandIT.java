package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evals serve}: in its own JVM until SIGTERM, its state kept; usage errors exit 2, a busy port 1. */
class ServeCommandIT {
    private static final Pattern URL = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+) ");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HttpClient http = HttpClient.newHttpClient();

    private int run(Map<String, String> env, String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
    }

    private Process serve() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "serve",
                        "--port",
                        "0",
                        "--data-dir",
                        dir.resolve("data").toString())
                .redirectError(dir.resolve("serve.err").toFile());
        pb.environment().put("EVALS4J_CACHE_DIR", dir.resolve("cache").toString());
        return pb.start();
    }

    private static String url(Process p) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        assertThat(line).isNotNull();
        Matcher m = URL.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesUntilSigtermAndKeepsItsState() throws Exception {
        Process first = serve();
        try {
            String base = url(first);
            HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(base + "/v1/health")));
            assertThat(health.body()).isEqualTo("{\"status\":\"OK\"}");
            HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(base + "/v1beta/datasets"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"dataset_id\": \"kept\", \"purpose\": \"eval/question-answer\", \"source\": {\"rows\":"
                                    + " [{\"generated_answer\": \"a\", \"expected_answer\": \"a\"}]}}")));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        } finally {
            first.destroy(); // SIGTERM
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first.exitValue()).isEqualTo(143);

        Process second = serve();
        try {
            String base = url(second);
            JsonNode rows = Json.MAPPER.readTree(
                    send(HttpRequest.newBuilder(URI.create(base + "/v1beta/datasetio/iterrows/kept")))
                            .body());
            assertThat(rows.at("/data/0/expected_answer").asText()).isEqualTo("a");
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void usageErrorsExitWith2AndABusyPortWith1() throws Exception {
        Map<String, String> env =
                Map.of("EVALS4J_CACHE_DIR", dir.resolve("cache").toString());
        assertThat(run(env, "serve", "--api-key-env", "NO_SUCH_VARIABLE", "--data-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("--api-key-env names the environment variable NO_SUCH_VARIABLE, which is not set");
        assertThat(run(env, "serve", "--port", "-3", "--data-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--port must be from 0 to 65535, was -3");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThat(run(env, "serve", "--port", Integer.toString(port), "--data-dir", dir.toString()))
                    .isEqualTo(1);
            assertThat(err.toString())
                    .contains("evals: cannot listen on 127.0.0.1:" + port + ": ")
                    .contains("(is another server using the port? choose another with --port)");
        }
    }
}
