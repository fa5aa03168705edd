package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.Cancellation;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunCancelledException;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run at concurrency 64 or more keeps its calls in flight without a thread each (an event loop reads the answers,
 * a timer waits between retries): it writes what a run with a thread per call writes, retries, failures, secrets
 * and cancellation included.
 */
class AsyncRunTest {
    private static final String KEY = "sk-async-5e4d3c2b1a";
    private static final int ROWS = 200;

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                calls.incrementAndGet();
                hold.await(30, TimeUnit.SECONDS);
                String body = request.getBody().utf8();
                int q = Integer.parseInt(body.replaceAll("(?s).*\"question (\\d+)\".*", "$1"));
                int attempt =
                        asked.computeIfAbsent("q" + q, k -> new AtomicInteger()).incrementAndGet();
                if (q % 10 == 3 && attempt == 1) {
                    return json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"overloaded\"}}")
                            .newBuilder()
                            .addHeader("retry-after-ms", "10")
                            .build();
                }
                if (q % 10 == 7) {
                    return json(
                            400,
                            "{\"error\":{\"message\":\"This model's maximum context length is 8 tokens\","
                                    + "\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}");
                }
                String content = q % 10 == 5
                        ? "You sent " + request.getHeaders().get("Authorization")
                        : q % 2 == 0 ? "Paris" : "Lyon";
                return json(
                        200,
                        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{"
                                + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content
                                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,"
                                + "\"completion_tokens\":1,\"total_tokens\":6}}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        hold.countDown();
        server.close();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    private Evals evals() {
        return TestEvals.builder()
                .plugins(PluginRegistry.builder().register(new ExactScorer()).build())
                .environment(Map.of("ASYNC_KEY", KEY))
                .build();
    }

    private EvalRequest request(Path out) {
        return request(out, Map.of());
    }

    /** The run of the {@value #ROWS} questions, with the generator's parameters and {@code extra}. */
    private EvalRequest request(Path out, Map<String, Object> extra) {
        return request(out, extra, "test::exact");
    }

    private EvalRequest request(Path out, Map<String, Object> extra, String scorer) {
        List<Map<String, Object>> rows = IntStream.range(0, ROWS)
                .mapToObj(i -> Map.<String, Object>of("input_query", "question " + i, "expected_answer", "Paris"))
                .toList();
        Map<String, Object> params = new HashMap<>(Map.of(
                "base_url", server.url("/v1").toString(), "model", "m", "api_key_env", "ASYNC_KEY", "max_retries", 1));
        params.putAll(extra);
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofRows("qs", rows))
                .processor(PluginSpec.of("template"))
                .generator(new PluginSpec("openai-compatible", params))
                .scorer(scorer)
                .outputDir(out)
                .build();
    }

    /** The journal's lines, in the order of their rows. */
    private static List<String> samples(Path run) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(run.resolve("samples.jsonl")));
        lines.sort(Comparator.comparingInt(AsyncRunTest::index));
        return lines;
    }

    private static int index(String line) {
        return Integer.parseInt(line.replaceAll("^\\{\"index\":(\\d+),.*", "$1"));
    }

    @Test
    void writesWhatARunWithAThreadPerCallWrites() throws IOException {
        Evals evals = evals();
        EvalResult threaded = evals.evals()
                .runEvalTask(
                        request(dir.resolve("threaded")),
                        RunOptions.builder().concurrency(8).build());
        asked.clear();
        int before = calls.get();
        EvalResult async = evals.evals()
                .runEvalTask(
                        request(dir.resolve("async")),
                        RunOptions.builder().concurrency(64).build());

        assertThat(Thread.getAllStackTraces().keySet())
                .anyMatch(t -> t.getName().equals("evals-http-loop"));
        // 200 calls, 20 of them once more after a 503, none again after a 400
        assertThat(calls.get() - before).isEqualTo(220);
        assertThat(async.numErrors()).isEqualTo(20).isEqualTo(threaded.numErrors());
        assertThat(samples(dir.resolve("async"))).hasSize(ROWS).isEqualTo(samples(dir.resolve("threaded")));
        JsonNode a = Json.MAPPER.readTree(dir.resolve("async/results.json").toFile());
        JsonNode t = Json.MAPPER.readTree(dir.resolve("threaded/results.json").toFile());
        assertThat(a.get("scores")).isEqualTo(t.get("scores"));
        assertThat(a.get("counts")).isEqualTo(t.get("counts"));
        assertThat(a.get("usage")).isEqualTo(t.get("usage"));
        assertThat(a.at("/generator_stats/retries").asInt()).isEqualTo(20);
        assertThat(a.at("/generator_stats/throttled").asInt()).isEqualTo(20);
        String refused = Json.MAPPER
                .readTree(samples(dir.resolve("async")).get(7))
                .at("/error/message")
                .asText();
        assertThat(refused)
                .isEqualTo("POST " + server.url("/v1/chat/completions") + " answered 400 Bad Request: This model's"
                        + " maximum context length is 8 tokens (invalid_request_error, context_length_exceeded)");
        assertThat(samples(dir.resolve("async")).get(5)).contains("You sent Bearer ***");
        try (Stream<Path> files = Files.walk(dir.resolve("async"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(KEY);
            }
        }
    }

    @Test
    void aCancelledRunSendsNothingMoreKeepsWhatFinishedAndResumes() throws Exception {
        hold = new CountDownLatch(1);
        Cancellation cancellation = new Cancellation();
        Path out = dir.resolve("run");
        Evals evals = evals();
        Thread canceller = new Thread(() -> {
            while (calls.get() < 64) {
                Thread.onSpinWait();
            }
            cancellation.cancel("test");
            hold.countDown(); // the 64 calls in flight are answered
        });
        canceller.start();

        assertThatThrownBy(() -> evals.evals()
                        .runEvalTask(
                                request(out),
                                RunOptions.builder()
                                        .concurrency(64)
                                        .cancellation(cancellation)
                                        .build()))
                .isInstanceOf(RunCancelledException.class);
        canceller.join();

        // the 64 in flight finished and were journaled (the 503s among them retried once); nothing else was sent
        assertThat(samples(out)).hasSize(64);
        int sent = calls.get();
        assertThat(sent).isLessThanOrEqualTo(64 + 7);
        JsonNode cancelled = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");

        EvalResult resumed =
                evals.evals().resume(out, RunOptions.builder().concurrency(64).build());
        assertThat(resumed.numSamples()).isEqualTo(ROWS);
        // every row once; the refused ones among the first 64 (every tenth) were tried again on resume, as resuming
        // does
        Map<Integer, Integer> perRow = new HashMap<>();
        for (String line : samples(out)) {
            perRow.merge(index(line), 1, Integer::sum);
        }
        assertThat(perRow).hasSize(ROWS);
        perRow.forEach(
                (row, n) -> assertThat(n).as("lines of row " + row).isEqualTo(row % 10 == 7 && row < 64 ? 2 : 1));
    }

    /** A scorer with a model of its own, configured through the run's context as a judge's is: its calls block. */
    private final class ModelBackedScorer implements dev.evals4j.api.spi.BaseScorer {
        private final Set<String> threads;

        ModelBackedScorer(Set<String> threads) {
            this.threads = threads;
        }

        @Override
        public String id() {
            return "test::model-backed";
        }

        @Override
        public String description() {
            return "a scorer that has a model of its own (test fake)";
        }

        @Override
        public dev.evals4j.api.spi.BaseScorer configure(
                dev.evals4j.api.spi.Params params, dev.evals4j.api.spi.PluginContext context) {
            context.generator(
                    "openai-compatible", Map.of("base_url", server.url("/v1").toString(), "model", "judge"));
            return this;
        }

        @Override
        public dev.evals4j.api.ScoreResult score(dev.evals4j.api.ScorerInputSample sample) {
            threads.add(Thread.currentThread().getName());
            return dev.evals4j.api.ScoreResult.of(1.0);
        }
    }

    @Test
    void aRunWhoseScorersHaveModelsOfTheirOwnKeepsAThreadPerSample() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Evals evals = TestEvals.builder()
                .plugins(PluginRegistry.builder()
                        .register(new ModelBackedScorer(threads))
                        .build())
                .environment(Map.of("ASYNC_KEY", KEY))
                .build();
        EvalRequest judged = request(dir.resolve("judged"), Map.of(), "test::model-backed");

        evals.evals().runEvalTask(judged, RunOptions.builder().concurrency(64).build());

        // its scorer could wait on its model from every worker, not from the two of a run without threads per call
        assertThat(threads).hasSizeGreaterThan(2).allMatch(name -> name.startsWith("evals-worker-"));
    }

    @Test
    void aCallPastItsTimeoutFailsItsSampleOnly() throws IOException {
        hold = new CountDownLatch(1); // no answer comes
        EvalRequest slow = request(dir.resolve("slow"), Map.of("timeout_seconds", 0.3, "max_retries", 0));

        assertThatThrownBy(() -> evals().evals()
                        .runEvalTask(
                                slow, RunOptions.builder().concurrency(ROWS).build()))
                .hasMessageContaining("every one of its 200 samples failed")
                .hasMessageContaining("got no answer within 300 ms (InterruptedIOException: timeout)");
        assertThat(samples(dir.resolve("slow"))).hasSize(ROWS);
    }
}
