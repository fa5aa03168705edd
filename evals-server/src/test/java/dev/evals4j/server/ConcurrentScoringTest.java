package dev.evals4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 clients at once, each scoring batches of 1,000 rows whose scores are known: every request answers, and every
 * row comes back scored, in its place. (How fast is measured by {@code ServerLoad} in evals-bench, not here.)
 */
class ConcurrentScoringTest {
    private static final int CLIENTS = 50;
    private static final int ROWS = 1000;
    private static final int REQUESTS_EACH = 3;

    @TempDir
    Path dir;

    @Test
    void fiftyClientsScoringThousandRowBatchesLoseNoRow() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        for (int r = 0; r < REQUESTS_EACH; r++) {
                            check(s, client, r, problems);
                        }
                    } catch (Exception e) {
                        problems.add("client " + client + ": " + e);
                    }
                });
                t.start();
                clients.add(t);
            }
            go.countDown();
            for (Thread t : clients) {
                t.join();
            }
            assertThat(problems).isEmpty();
        }
    }

    private static void check(TestServer s, int client, int request, ConcurrentLinkedQueue<String> problems) {
        // each request's rows are its own, so that a row of another request in the answer would show
        List<Map<String, Object>> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            String answer = client + "/" + request + "/" + i;
            rows.add(Map.of(
                    "generated_answer", answer, "expected_answer", (i + client) % 3 == 0 ? "x" + answer : answer));
        }
        Map<String, Object> functions = new LinkedHashMap<>();
        functions.put("basic::equality", null);
        TestServer.Reply reply =
                s.post("/v1/scoring/score", Map.of("input_rows", rows, "scoring_functions", functions));
        if (reply.status() != 200) {
            problems.add("client " + client + " request " + request + ": " + reply.status() + " " + reply.text());
            return;
        }
        JsonNode result = reply.json().at("/results/basic::equality");
        JsonNode scores = result.get("score_rows");
        if (scores.size() != ROWS) {
            problems.add("client " + client + " request " + request + ": " + scores.size() + " score rows");
            return;
        }
        long correct = 0;
        for (int i = 0; i < ROWS; i++) {
            double expected = (i + client) % 3 == 0 ? 0.0 : 1.0;
            correct += (long) expected;
            if (scores.get(i).get("score").asDouble() != expected) {
                problems.add("client " + client + " request " + request + " row " + i + ": " + scores.get(i));
                return;
            }
        }
        if (result.at("/aggregated_results/accuracy/num_correct").asLong() != correct
                || result.at("/aggregated_results/accuracy/num_total").asLong() != ROWS) {
            problems.add("client " + client + " request " + request + ": " + result.get("aggregated_results"));
        }
    }
}
