package dev.evals4j.bench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Closed-loop load on a running evals-server: {@code clients} threads each send {@code POST /v1/scoring/score} with
 * {@code rows} rows and {@code basic::equality} and {@code basic::subset_of}, one request after the other, for
 * {@code seconds}; every answer is checked row by row (each row's expected score is known), so a lost, reordered
 * or wrong row counts as an error. Prints requests/s, rows/s, latency percentiles and the error counts.
 *
 * <pre>
 * java -cp evals-bench/target/benchmarks.jar dev.evals4j.bench.server.ServerLoad URL [CLIENTS] [ROWS] [SECONDS]
 *     [WARMUP_SECONDS]
 * </pre>
 *
 * Exits with 1 when any request failed or lost a row.
 */
public final class ServerLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerLoad() {}

    /** What one client thread saw. */
    private static final class Client {
        final List<Long> latencies = new ArrayList<>();
        long requests;
        long errors;
        long lostRows;
        long rows;
        String firstError;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ServerLoad URL [CLIENTS=50] [ROWS=1000] [SECONDS=60] [WARMUP_SECONDS=10]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/+$", "");
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;

        byte[] body = body(rows);
        double[] expectedEquality = new double[rows];
        double[] expectedSubset = new double[rows];
        for (int i = 0; i < rows; i++) {
            expectedEquality[i] = i % 4 == 0 ? 0.0 : 1.0;
            expectedSubset[i] = i % 4 == 0 ? 0.0 : 1.0;
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/scoring/score"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        if (warmup > 0) {
            System.out.printf(Locale.ROOT, "warm-up: %d clients for %d s%n", clients, warmup);
            run(http, request, clients, warmup, rows, expectedEquality, expectedSubset);
        }
        System.out.printf(
                Locale.ROOT,
                "load: %d clients, %d rows per request (%,d bytes), %d s, against %s%n",
                clients,
                rows,
                body.length,
                seconds,
                base);
        long started = System.nanoTime();
        List<Client> results = run(http, request, clients, seconds, rows, expectedEquality, expectedSubset);
        double elapsed = (System.nanoTime() - started) / 1e9;

        List<Long> all = new ArrayList<>();
        long requests = 0;
        long errors = 0;
        long lost = 0;
        long scored = 0;
        String firstError = null;
        for (Client c : results) {
            all.addAll(c.latencies);
            requests += c.requests;
            errors += c.errors;
            lost += c.lostRows;
            scored += c.rows;
            if (firstError == null) {
                firstError = c.firstError;
            }
        }
        all.sort(null);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("clients", clients);
        report.put("rows_per_request", rows);
        report.put("seconds", round(elapsed));
        report.put("requests", requests);
        report.put("requests_per_second", round(requests / elapsed));
        report.put("rows_scored_per_second", Math.round(scored * 2 / elapsed)); // two scoring functions per row
        report.put("p50_ms", percentile(all, 0.50));
        report.put("p90_ms", percentile(all, 0.90));
        report.put("p99_ms", percentile(all, 0.99));
        report.put("max_ms", all.isEmpty() ? 0 : round(all.get(all.size() - 1) / 1e6));
        report.put("errors", errors);
        report.put("lost_rows", lost);
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        if (firstError != null) {
            System.out.println("first error: " + firstError);
        }
        System.exit(errors == 0 && lost == 0 && requests > 0 ? 0 : 1);
    }

    private static List<Client> run(
            HttpClient http,
            HttpRequest request,
            int clients,
            int seconds,
            int rows,
            double[] expectedEquality,
            double[] expectedSubset)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Client> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            Client c = new Client();
            results.add(c);
            Thread thread = new Thread(
                    () -> {
                        while (System.nanoTime() < deadline) {
                            long start = System.nanoTime();
                            try {
                                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                                long took = System.nanoTime() - start;
                                c.requests++;
                                c.latencies.add(took);
                                if (r.statusCode() != 200) {
                                    fail(
                                            c,
                                            "status " + r.statusCode() + ": "
                                                    + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
                                    continue;
                                }
                                JsonNode answer = JSON.readTree(r.body()).path("results");
                                long lost = check(answer.path("basic::equality"), expectedEquality)
                                        + check(answer.path("basic::subset_of"), expectedSubset);
                                if (lost > 0) {
                                    c.lostRows += lost;
                                    fail(c, lost + " rows missing or wrong");
                                } else {
                                    c.rows += rows;
                                }
                            } catch (Exception e) {
                                c.requests++;
                                fail(c, e.toString());
                            }
                        }
                    },
                    "load-client-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return results;
    }

    private static void fail(Client c, String why) {
        c.errors++;
        if (c.firstError == null) {
            c.firstError = why.length() > 300 ? why.substring(0, 300) + "…" : why;
        }
    }

    /** The rows that are missing or scored otherwise than expected, and the aggregate checked. */
    private static long check(JsonNode result, double[] expected) {
        JsonNode scores = result.path("score_rows");
        long bad = Math.abs(scores.size() - expected.length);
        for (int i = 0; i < Math.min(scores.size(), expected.length); i++) {
            if (scores.get(i).path("score").asDouble(-1) != expected[i]) {
                bad++;
            }
        }
        if (result.at("/aggregated_results/accuracy/num_total").asLong() != expected.length) {
            bad = Math.max(bad, 1);
        }
        return bad;
    }

    /** The request: rows whose answer is right but every fourth. */
    private static byte[] body(int rows) throws Exception {
        List<Map<String, Object>> list = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("input_query", "What is " + i + " + " + i + "?");
            row.put("generated_answer", "The answer is " + (2 * i));
            row.put("expected_answer", i % 4 == 0 ? "The answer is " + (2 * i + 1) : "The answer is " + (2 * i));
            list.add(row);
        }
        Map<String, Object> functions = new LinkedHashMap<>();
        functions.put("basic::equality", null);
        functions.put("basic::subset_of", null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input_rows", list);
        body.put("scoring_functions", functions);
        return JSON.writeValueAsBytes(body);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return round(sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))) / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
