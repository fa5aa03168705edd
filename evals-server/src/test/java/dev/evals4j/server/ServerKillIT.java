package dev.evals4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a server with SIGKILL while its job calls the model, starts another on its folder, and asks. */
class ServerKillIT {
    private static final int ROWS = 30;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode post(String base, String path, Object body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(TestServer.JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestServer.JSON.readTree(r.body());
    }

    private JsonNode get(String base, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return TestServer.JSON.readTree(r.body());
    }

    @Test
    void aJobOfAServerKilledWithSigkillIsReportedFailedAfterARestartAndResumes() throws Exception {
        Path data = dir.resolve("data");
        Path portFile = dir.resolve("port");
        try (FakeInference model = new FakeInference(q -> "Paris")) {
            model.hold();
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            KillableServer.class.getName(),
                            data.toString(),
                            model.baseUrl(),
                            portFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.log").toFile())
                    .start();
            String jobId;
            String job;
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(portFile) && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(portFile)
                        .as("the child server started; log: %s", Files.readString(dir.resolve("child.log")))
                        .exists();
                String base = "http://127.0.0.1:" + Files.readString(portFile).strip();
                List<Map<String, Object>> rows = IntStream.range(0, ROWS)
                        .mapToObj(i -> Map.<String, Object>of("input_query", "q" + i, "expected_answer", "Paris"))
                        .toList();
                post(
                        base,
                        "/v1beta/datasets",
                        Map.of("dataset_id", "d", "purpose", "eval/question-answer", "source", Map.of("rows", rows)));
                post(
                        base,
                        "/v1alpha/eval/benchmarks",
                        Map.of(
                                "benchmark_id",
                                "b",
                                "dataset_id",
                                "d",
                                "scoring_functions",
                                List.of("basic::equality")));
                jobId = post(
                                base,
                                "/v1alpha/eval/benchmarks/b/jobs",
                                Map.of(
                                        "benchmark_config",
                                        Map.of("eval_candidate", Map.of("model", "m", "sampling_params", Map.of()))))
                        .get("job_id")
                        .asText();
                job = "/v1alpha/eval/benchmarks/b/jobs/" + jobId;
                // let ten samples finish, then hold the model while the next ones are in flight
                model.release(10);
                while (model.calls() < 12 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(get(base, job).get("status").asText()).isEqualTo("in_progress");
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook runs
                child.waitFor(10, TimeUnit.SECONDS);
            }
            int callsBeforeKill = model.calls();
            model.open();

            try (TestServer again = TestServer.start(data, b -> b.inferenceBaseUrl(model.baseUrl()))) {
                JsonNode status = again.get(job).json();
                assertThat(status.get("status").asText()).isEqualTo("failed");
                assertThat(status.get("resumable").asBoolean()).isTrue();
                assertThat(status.get("error").asText())
                        .isEqualTo("the process that ran it (pid " + child.pid()
                                + ") stopped before it finished; resume the job to continue");

                assertThat(again.post(job + "/resume", Map.of()).status()).isEqualTo(200);
                JsonNode done = EvalTest.await(again, job, EvalTest::isFinal);
                assertThat(done.get("status").asText()).isEqualTo("completed");
                JsonNode scores = again.get(job + "/result").json().at("/scores/basic::equality");
                assertThat(scores.get("score_rows")).hasSize(ROWS);
                assertThat(scores.at("/aggregated_results/accuracy/num_total").asInt())
                        .isEqualTo(ROWS);
                // the ten samples journaled before the kill are not asked again
                assertThat(model.calls() - callsBeforeKill).isEqualTo(ROWS - 10);
            }
        }
    }
}
