package dev.evals4j.server.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.Dataset;
import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.RowPage;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.EvalsVersion;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.internal.KnownSecrets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of Llama Stack's eval surface as the npm and Python clients call them, under {@code /v1},
 * {@code /v1alpha} and {@code /v1beta} alike (so the paths of older clients work too), with the answers in
 * Llama Stack's shapes and errors as {@code {"error": {"message": …}}}. Ids may hold {@code /}: the rest of the path
 * is the id, as upstream's {@code {id:path}}. Thread-safe.
 */
public final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final Pattern VERSION = Pattern.compile("^/(v1|v1alpha|v1beta)(/.*)$");
    private static final Pattern EVALUATIONS = Pattern.compile("^(.+)/evaluations$");
    private static final Pattern JOBS = Pattern.compile("^(.+)/jobs$");
    private static final Pattern JOB = Pattern.compile("^(.+)/jobs/([^/]+)(/result|/resume)?$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final DatasetStore datasets;
    private final ScoringFunctions functions;
    private final Benchmarks benchmarks;
    private final RowScorer scorer;
    private final EvalService eval;
    private final @Nullable byte[] apiKey;
    private final long maxBodyBytes;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    /** The routes over these stores; {@code apiKey}, when set, is required as a Bearer token. */
    public Router(
            DatasetStore datasets,
            ScoringFunctions functions,
            Benchmarks benchmarks,
            RowScorer scorer,
            EvalService eval,
            Optional<String> apiKey,
            long maxBodyBytes) {
        this.datasets = Objects.requireNonNull(datasets, "datasets");
        this.functions = Objects.requireNonNull(functions, "functions");
        this.benchmarks = Objects.requireNonNull(benchmarks, "benchmarks");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.eval = Objects.requireNonNull(eval, "eval");
        this.apiKey = apiKey.map(k -> ("Bearer " + k).getBytes(StandardCharsets.UTF_8))
                .orElse(null);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** An answer: a status and a JSON body, or none for 204. */
    record Response(int status, @Nullable Object body, boolean hasBody) {
        static Response ok(@Nullable Object body) {
            return new Response(200, body, true);
        }

        static Response noContent() {
            return new Response(204, null, false);
        }
    }

    /** The requests being answered now. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        int status;
        inFlight.incrementAndGet();
        try {
            Response response;
            try {
                response = answer(exchange);
            } catch (ApiException e) {
                response = error(e.status(), e.getMessage());
            } catch (DatasetLoadException | ConfigurationException | IllegalArgumentException e) {
                response = error(400, e.getMessage());
            } catch (UnsupportedOperationException e) {
                response = error(501, e.getMessage());
            } catch (EvalException e) {
                LOG.warn(
                        "{} {} failed: {}",
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        KnownSecrets.scrub(e.getMessage()));
                response = error(500, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn(
                        "{} {} failed: {}",
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        KnownSecrets.scrub(e.toString()),
                        e);
                response = error(500, "internal error: " + e);
            }
            status = response.status();
            send(exchange, response);
        } finally {
            exchange.close();
            inFlight.decrementAndGet();
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "{} {} {} {} ms",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    status,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static Response error(int status, @Nullable String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message == null ? "error" : message);
        return new Response(status, Map.of("error", error), true);
    }

    private Response answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        Matcher version = VERSION.matcher(rawPath == null ? "" : rawPath);
        if (!version.matches()) {
            throw ApiException.notFound("Not Found: " + rawPath);
        }
        String path = version.group(2);
        if (!path.equals("/health") && !path.equals("/version")) {
            // before the body is read: a client without the key cannot make the server read 64 MiB
            authorize(exchange);
        }
        byte[] body = readBody(exchange);
        Request request = new Request(
                method, path, Request.parseQuery(exchange.getRequestURI().getRawQuery()), body);
        return route(request);
    }

    private void authorize(HttpExchange exchange) {
        if (apiKey == null) {
            return;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] bytes = given == null ? new byte[0] : given.strip().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 7 && new String(bytes, 0, 7, StandardCharsets.UTF_8).equalsIgnoreCase("bearer ")) {
            System.arraycopy("Bearer ".getBytes(StandardCharsets.UTF_8), 0, bytes, 0, 7);
        }
        if (!MessageDigest.isEqual(bytes, apiKey)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ApiException(
                    401,
                    given == null
                            ? "this server needs an API key: send the header 'Authorization: Bearer <key>'"
                            : "the API key in the Authorization header is not this server's");
        }
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        boolean tooLong = false;
        try {
            tooLong = length != null && Long.parseLong(length.strip()) > maxBodyBytes;
        } catch (NumberFormatException ignored) {
            // the server reads what comes
        }
        byte[] bytes = tooLong
                ? new byte[0]
                : exchange.getRequestBody().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (tooLong || bytes.length > maxBodyBytes) {
            // the rest of the body is not read: the connection cannot serve another request
            exchange.getResponseHeaders().set("Connection", "close");
            throw new ApiException(
                    413, "the request body is larger than this server takes (" + maxBodyBytes + " bytes)");
        }
        return bytes;
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        if (!response.hasBody()) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        String json = Json.MAPPER.writeValueAsString(response.body());
        byte[] bytes = (KnownSecrets.any() ? KnownSecrets.scrub(json) : json).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Dispatches a request on its method and path. */
    Response route(Request r) {
        String p = r.path();
        String m = r.method();
        switch (p) {
            case "/health":
                return only(m, "GET", () -> Response.ok(Map.of("status", "OK")));
            case "/version":
                return only(m, "GET", () -> Response.ok(Map.of("version", EvalsVersion.get())));
            case "/datasets":
                if (m.equals("GET")) {
                    return Response.ok(data(
                            datasets.list().stream().map(DatasetStore::wire).toList()));
                }
                return only(m, "POST", () -> Response.ok(DatasetStore.wire(datasets.register(r.json()))));
            case "/scoring/score":
                return only(m, "POST", () -> Response.ok(score(r.json())));
            case "/scoring/score-batch":
                return only(m, "POST", () -> Response.ok(scoreBatch(r.json())));
            case "/scoring-functions":
                if (m.equals("GET")) {
                    return Response.ok(data(functions.list()));
                }
                return only(m, "POST", () -> {
                    functions.register(r.json());
                    return Response.ok(null);
                });
            case "/eval/benchmarks":
            case "/eval-tasks":
            case "/eval/tasks":
                if (m.equals("GET")) {
                    return Response.ok(data(benchmarks.list().stream()
                            .map(Benchmarks.Benchmark::wire)
                            .toList()));
                }
                return only(m, "POST", () -> {
                    benchmarks.register(r.json(), this::checkBenchmark);
                    return Response.ok(null);
                });
            default:
                break;
        }
        Optional<String> rest;
        if ((rest = after(p, "/datasets/")).isPresent()) {
            String id = Request.decode(rest.get());
            if (m.equals("GET")) {
                return Response.ok(DatasetStore.wire(datasets.get(id)));
            }
            return only(m, "DELETE", () -> {
                datasets.unregister(id);
                return Response.ok(null);
            });
        }
        if ((rest = after(p, "/datasetio/iterrows/")).isPresent()) {
            String id = Request.decode(rest.get());
            return only(m, "GET", () -> {
                RowPage page = datasets.rows(
                        id,
                        r.queryLong("start_index").orElse(0L),
                        r.queryLong("limit").orElse(-1L));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("data", page.data());
                out.put("has_more", page.hasMore());
                return Response.ok(out);
            });
        }
        if ((rest = after(p, "/datasetio/append-rows/")).isPresent()) {
            String id = Request.decode(rest.get());
            return only(m, "POST", () -> {
                datasets.append(id, r.json().rows("rows"));
                return Response.noContent();
            });
        }
        if ((rest = after(p, "/scoring-functions/")).isPresent()) {
            String id = Request.decode(rest.get());
            if (m.equals("GET")) {
                return Response.ok(functions.get(id));
            }
            return only(m, "DELETE", () -> {
                functions.unregister(id);
                return Response.ok(null);
            });
        }
        rest = after(p, "/eval/benchmarks/").or(() -> after(p, "/eval-tasks/")).or(() -> after(p, "/eval/tasks/"));
        if (rest.isPresent()) {
            return benchmark(r, rest.get());
        }
        throw ApiException.notFound("Not Found: " + m + " " + p);
    }

    private Response benchmark(Request r, String rest) {
        String m = r.method();
        String whole = Request.decode(rest);
        if ((m.equals("GET") || m.equals("DELETE")) && benchmarks.exists(whole)) {
            return benchmarkItself(m, whole);
        }
        Matcher job = JOB.matcher(rest);
        if (job.matches()) {
            String bid = Request.decode(job.group(1));
            String jobId = Request.decode(job.group(2));
            String tail = job.group(3);
            if (tail == null) {
                if (m.equals("GET")) {
                    return Response.ok(eval.status(bid, jobId));
                }
                return only(m, "DELETE", () -> Response.ok(eval.cancel(bid, jobId)));
            }
            if (tail.equals("/result")) {
                return only(m, "GET", () -> Response.ok(eval.result(bid, jobId)));
            }
            return only(m, "POST", () -> Response.ok(eval.resume(bid, jobId)));
        }
        Matcher jobs = JOBS.matcher(rest);
        if (jobs.matches()) {
            String bid = Request.decode(jobs.group(1));
            if (m.equals("GET")) {
                return Response.ok(data(eval.list(bid)));
            }
            return only(m, "POST", () -> Response.ok(eval.runEval(bid, r.json())));
        }
        Matcher evaluations = EVALUATIONS.matcher(rest);
        if (evaluations.matches()) {
            String bid = Request.decode(evaluations.group(1));
            return only(m, "POST", () -> Response.ok(eval.evaluateRows(bid, r.json())));
        }
        return benchmarkItself(m, whole);
    }

    private Response benchmarkItself(String m, String id) {
        if (m.equals("GET")) {
            return Response.ok(benchmarks.get(id).wire());
        }
        return only(m, "DELETE", () -> {
            benchmarks.unregister(id);
            return Response.ok(null);
        });
    }

    private void checkBenchmark(String datasetId, List<String> scoringFunctions) {
        try {
            datasets.get(datasetId);
        } catch (ApiException e) {
            throw ApiException.badRequest("the benchmark's dataset '" + datasetId + "' is not registered");
        }
        for (String fn : scoringFunctions) {
            try {
                functions.get(fn);
            } catch (ApiException e) {
                throw ApiException.badRequest("the benchmark's scoring function '" + fn + "' does not exist");
            }
        }
    }

    /** {@code POST /scoring/score}. */
    private Map<String, Object> score(Body body) {
        List<Map<String, @Nullable Object>> rows = body.rows("input_rows");
        return Map.of("results", results(scorer.score(rows, specs(body.object("scoring_functions")))));
    }

    /** {@code POST /scoring/score-batch}: the rows of a dataset; with {@code save_results_dataset}, kept as one. */
    private Map<String, Object> scoreBatch(Body body) {
        String datasetId = body.string("dataset_id");
        Dataset dataset = datasets.get(datasetId);
        Map<String, ScorerSpec> specs = specs(body.object("scoring_functions"));
        List<Map<String, @Nullable Object>> rows =
                new ArrayList<>(datasets.rows(datasetId, 0, -1).data());
        Map<String, RowScorer.Result> scored = scorer.score(rows, specs);
        Map<String, Object> out = new LinkedHashMap<>();
        if (body.optBoolean("save_results_dataset").orElse(false)) {
            List<Map<String, Object>> saved = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> row = new LinkedHashMap<>(rows.get(i));
                for (Map.Entry<String, RowScorer.Result> e : scored.entrySet()) {
                    row.put(
                            e.getKey(),
                            Json.MAPPER.convertValue(e.getValue().scoreRows().get(i), Object.class));
                }
                saved.add(row);
            }
            String id = datasetId + "-scored-" + STAMP.format(LocalDateTime.now()) + "-"
                    + UUID.randomUUID().toString().substring(0, 4);
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("type", "rows");
            source.put("rows", saved);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("scored_dataset", datasetId);
            metadata.put("scoring_functions", new ArrayList<>(specs.keySet()));
            Map<String, @Nullable Object> register = new LinkedHashMap<>();
            register.put("dataset_id", id);
            register.put("purpose", dataset.definition().purpose().orElse(DatasetStore.PURPOSES.get(0)));
            register.put("source", source);
            register.put("metadata", metadata);
            datasets.register(Body.of(register));
            out.put("dataset_id", id);
        }
        out.put("results", results(scored));
        return out;
    }

    private Map<String, ScorerSpec> specs(Body scoringFunctions) {
        Map<String, ScorerSpec> specs = new LinkedHashMap<>();
        for (String fn : scoringFunctions.map().keySet()) {
            specs.put(fn, functions.resolve(fn, scoringFunctions.optObject(fn)));
        }
        return specs;
    }

    private static Map<String, Object> results(Map<String, RowScorer.Result> scored) {
        Map<String, Object> out = new LinkedHashMap<>();
        scored.forEach((fn, result) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("score_rows", result.scoreRows());
            one.put("aggregated_results", result.aggregatedResults());
            out.put(fn, one);
        });
        return out;
    }

    private static Map<String, Object> data(List<?> items) {
        return Map.of("data", items);
    }

    private static Optional<String> after(String path, String prefix) {
        return path.startsWith(prefix) && path.length() > prefix.length()
                ? Optional.of(path.substring(prefix.length()))
                : Optional.empty();
    }

    private static Response only(String method, String allowed, java.util.function.Supplier<Response> answer) {
        if (!method.equals(allowed)) {
            throw new ApiException(405, "Method Not Allowed: " + method + "; this path takes " + allowed);
        }
        return answer.get();
    }
}
