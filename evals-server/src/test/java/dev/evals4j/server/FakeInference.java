package dev.evals4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible model server on 127.0.0.1 for the tests: {@code POST /v1/chat/completions} answers with
 * OpenAI's response body (as in the API reference's example), the answer computed from the last user message. It
 * keeps every request body; {@link #hold()} makes answers wait until {@link #release(int)}.
 */
final class FakeInference implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-inference");
        t.setDaemon(true);
        return t;
    });
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile Function<String, String> answerer;
    private volatile Semaphore gate;

    FakeInference(Function<String, String> answerer) throws IOException {
        this.answerer = answerer;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/v1/chat/completions", this::chat);
        server.setExecutor(pool);
        server.start();
    }

    /** The OpenAI-compatible root, {@code http://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Every request body received, in order of arrival. */
    List<JsonNode> requests() {
        return requests;
    }

    /** The Authorization header of every request ("" when absent). */
    List<String> authorizations() {
        return authorizations;
    }

    /** How many chat calls arrived. */
    int calls() {
        return calls.get();
    }

    void answer(Function<String, String> answerer) {
        this.answerer = answerer;
    }

    /** Makes every answer wait for a permit. */
    void hold() {
        gate = new Semaphore(0);
    }

    /** Lets {@code n} held answers go. */
    void release(int n) {
        gate.release(n);
    }

    /** Lets every answer go, now and later. */
    void open() {
        Semaphore g = gate;
        gate = null;
        if (g != null) {
            g.release(1_000_000);
        }
    }

    private void chat(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            requests.add(body);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            calls.incrementAndGet();
            Semaphore g = gate;
            if (g != null) {
                try {
                    g.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String lastUser = "";
            for (JsonNode m : body.path("messages")) {
                if (m.path("role").asText().equals("user")) {
                    lastUser = m.path("content").asText();
                }
            }
            byte[] out = JSON.writeValueAsBytes(completion(body.path("model").asText(), answerer.apply(lastUser)));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    /** OpenAI's chat completion body, with the keys the API always sends. */
    private static ObjectNode completion(String model, String content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-123");
        root.put("object", "chat.completion");
        root.put("created", 1702685778);
        root.put("model", model);
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", 12);
        usage.put("completion_tokens", 3);
        usage.put("total_tokens", 15);
        root.put("service_tier", "default");
        root.put("system_fingerprint", "fp_fc9f1d7035");
        return root;
    }

    @Override
    public void close() {
        open();
        server.stop(0);
        pool.shutdownNow();
    }
}
