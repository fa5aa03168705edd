package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import dev.evals4j.junit.server.FakeModelServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evals fake-model}, run in this JVM on a free port and stopped by interrupting its thread. */
class FakeModelCommandTest {
    private static final String CAPITALS = "../evals-examples/data/capitals.csv";
    private static final Pattern BASE_URL = Pattern.compile("fake model server on (http://127\\.0\\.0\\.1:\\d+/v1) ");

    @TempDir
    Path dir;

    /** A {@code fake-model} command running in its own thread, with what it printed. */
    private final class Running implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread thread;
        final String baseUrl;

        Running(String... args) throws InterruptedException {
            String[] all = new String[args.length + 1];
            all[0] = "fake-model";
            System.arraycopy(args, 0, all, 1, args.length);
            thread = new Thread(() -> code.set(Main.run(
                    all,
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    Map.of("EVALS4J_CACHE_DIR", dir.resolve("cache").toString()))));
            thread.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Matcher m = BASE_URL.matcher("");
            while (!(m = BASE_URL.matcher(out.toString())).find() && thread.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(m.find(0)).as("printed: %s; errors: %s", out, err).isTrue();
            baseUrl = m.group(1);
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
            assertThat(thread.isAlive()).isFalse();
            return code.get();
        }

        @Override
        public void close() {
            thread.interrupt();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static HttpResponse<String> ask(String baseUrl, String question) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fake\",\"messages\":[{\"role\":"
                                        + "\"user\",\"content\":\"" + question + "\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesAnswersFromTheDatasetOnAFreePortUntilInterrupted() throws Exception {
        try (Running server = new Running("--port", "0", "--answers", CAPITALS)) {
            HttpResponse<String> answer = ask(server.baseUrl, "What is the capital of Canada?");

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER
                            .readTree(answer.body())
                            .at("/choices/0/message/content")
                            .asText())
                    .isEqualTo("Ottawa");
            assertThat(server.stop()).isEqualTo(Main.INTERRUPTED);
            assertThat(server.out.toString())
                    .isEqualTo("fake model server on " + server.baseUrl + " (answers from " + CAPITALS + ": 12 rows,"
                            + " input_query → expected_answer; Ctrl-C to stop)" + System.lineSeparator()
                            + "fake model server stopped after 1 request" + System.lineSeparator());
            assertThat(server.err.toString()).isEmpty();
        }
    }

    @Test
    void withoutAnswersEveryQuestionGetsTheDefaultAnswer() throws Exception {
        try (Running server = new Running("--port", "0", "--default-answer", "42", "--model", "tiny")) {
            HttpResponse<String> answer = ask(server.baseUrl, "What is the capital of Canada?");

            assertThat(Json.MAPPER
                            .readTree(answer.body())
                            .at("/choices/0/message/content")
                            .asText())
                    .isEqualTo("42");
            assertThat(server.out.toString())
                    .startsWith("fake model server on " + server.baseUrl + " (answers \"42\" to everything; --answers"
                            + " FILE answers from a dataset; Ctrl-C to stop)");
            HttpResponse<String> models = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl + "/models"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(Json.MAPPER.readTree(models.body()).at("/data/0/id").asText())
                    .isEqualTo("tiny");
        }
    }

    @Test
    void theReadmesRunExampleWorksAgainstIt() throws Exception {
        try (Running server = new Running("--port", "0", "--answers", CAPITALS, "--wrong-share", "0.25")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Path output = dir.resolve("runs/capitals-fake");

            int code = Main.run(
                    new String[] {
                        "run",
                        "--dataset",
                        CAPITALS,
                        "--base-url",
                        server.baseUrl,
                        "--model",
                        "fake",
                        "--system",
                        "Answer with the name of the city only.",
                        "--prompt-template",
                        "{input_query}",
                        "--scorer",
                        "basic::equality",
                        "--scorer",
                        "example::starts-with",
                        "--param",
                        "example::starts-with.ignore_case=true",
                        "--temperature",
                        "0",
                        "--max-tokens",
                        "16",
                        "--concurrency",
                        "32",
                        "--output",
                        output.toString()
                    },
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    Map.of("EVALS4J_CACHE_DIR", dir.resolve("cache").toString()));

            assertThat(code).as(err.toString()).isZero();
            JsonNode results =
                    Json.MAPPER.readTree(output.resolve("results.json").toFile());
            assertThat(results.at("/counts/samples").asInt()).isEqualTo(12);
            assertThat(results.at("/counts/errors").asInt()).isZero();
            // 3 of the 12 rows (a quarter) are answered with another row's city
            assertThat(results.at("/scores/basic::equality/aggregated_results/accuracy/accuracy")
                            .asDouble())
                    .isEqualTo(0.75);
            assertThat(results.at("/scores/example::starts-with/aggregated_results/accuracy/accuracy")
                            .asDouble())
                    .isEqualTo(0.75);
            assertThat(out.toString()).contains("12 samples; ");
            assertThat(server.stop()).isEqualTo(Main.INTERRUPTED);
            assertThat(server.out.toString()).contains("fake model server stopped after 12 requests");
        }
    }

    @Test
    void usageErrorsExitWith2AndSayWhatIsWrong() {
        assertUsageError(
                "evals: --wrong-share must be from 0 to 1, was 1.5", "--answers", CAPITALS, "--wrong-share", "1.5");
        assertUsageError(
                "evals: --question-column, --answer-column, --wrong-share and --seed need --answers: the"
                        + " file whose rows give the answers",
                "--wrong-share",
                "0.25");
        assertUsageError("evals: --port must be from 0 to 65535, was 70000", "--port", "70000");
        assertUsageError(
                "evals: --latency-ms must be from 0 to 3600000 (an hour), was -1", "--port", "0", "--latency-ms", "-1");
        assertUsageError("evals: --model must not be empty", "--model", " ");
    }

    @Test
    void aPortInUseIsAUsageErrorThatSaysWhatToDo() {
        try (FakeModelServer taken = FakeModelServer.builder().start()) {
            assertUsageError(
                    "evals: cannot listen on 127.0.0.1:" + taken.port() + ": Address already in use; choose another"
                            + " --port, or --port 0 for a free one",
                    "--port",
                    Integer.toString(taken.port()));
        }
    }

    @Test
    void aDatasetThatCannotBeReadFailsWith1NamingTheProblem() {
        StringWriter err = new StringWriter();
        int missingFile = Main.run(
                new String[] {"fake-model", "--port", "0", "--answers", "no-such.csv"},
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                Map.of());
        StringWriter err2 = new StringWriter();
        int missingColumn = Main.run(
                new String[] {"fake-model", "--port", "0", "--answers", CAPITALS, "--answer-column", "answer"},
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err2, true),
                Map.of());

        assertThat(missingFile).isEqualTo(Main.FAILED);
        assertThat(err.toString()).startsWith("evals: dataset file not found: no-such.csv (resolved against ");
        assertThat(missingColumn).isEqualTo(Main.FAILED);
        assertThat(err2.toString())
                .isEqualTo("evals: the dataset " + CAPITALS + " has no column 'answer' (the answer column); its"
                        + " columns: input_query, generated_answer, expected_answer" + System.lineSeparator());
    }

    private static void assertUsageError(String message, String... args) {
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "fake-model";
        System.arraycopy(args, 0, all, 1, args.length);

        int code = Main.run(all, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), Map.of());

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).isEqualTo(message + System.lineSeparator());
    }
}
