package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evals run} in its own JVM against a model server that hangs, stopped with SIGTERM and SIGINT: it writes
 * {@code results.json} with the status {@code interrupted}, says how to resume, and exits with 143 or 130 within
 * the grace period, not when the hung calls time out.
 */
class StopOnSignalIT {
    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                // a model that never answers within the test
                return new MockResponse.Builder()
                        .headersDelay(10, TimeUnit.MINUTES)
                        .body("{}")
                        .build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Process evals(Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        "--dataset",
                        "../evals-examples/data/capitals.csv",
                        "--base-url",
                        server.url("/v1").toString(),
                        "--model",
                        "qwen",
                        "--prompt-template",
                        "{input_query}",
                        "--scorer",
                        "basic::equality",
                        "--concurrency",
                        "4",
                        "--output",
                        output.toString())
                .redirectOutput(dir.resolve(output.getFileName() + ".out").toFile())
                .redirectError(dir.resolve(output.getFileName() + ".err").toFile());
        builder.environment().put("EVALS_STOP_GRACE_SECONDS", "1");
        builder.environment().put("EVALS4J_CACHE_DIR", dir.resolve("cache").toString());
        return builder.start();
    }

    private static void awaitRequests(MockWebServer server, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.getRequestCount() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.getRequestCount()).isGreaterThanOrEqualTo(n);
    }

    @Test
    void sigtermAndSigintStopTheRunWithItsResultsAndTheSignalsExitCode() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Path output = dir.resolve("run-" + signal);
            int before = server.getRequestCount();
            Process run = evals(output);
            awaitRequests(server, before + 4); // four samples in flight, hanging
            long sent = System.nanoTime();

            new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid()))
                    .start()
                    .waitFor();

            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            String err = Files.readString(dir.resolve(output.getFileName() + ".err"));
            assertThat(run.exitValue()).as(err).isEqualTo(signal.equals("TERM") ? 143 : 130);
            assertThat(took).isLessThan(Duration.ofSeconds(15));
            JsonNode results =
                    Json.MAPPER.readTree(output.resolve("results.json").toFile());
            assertThat(results.at("/status").asText()).isEqualTo("interrupted");
            assertThat(results.at("/error/message").asText())
                    .contains("4 still in flight after the grace period will run again");
            assertThat(err)
                    .contains("evals: the run was interrupted (the process was asked to end (SIGINT or SIGTERM)); 0"
                            + " samples finished are kept in " + output)
                    .contains("; resume it to continue: evals run --resume --output " + output);
        }
    }
}
