package dev.evals4j.bench.throughput;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake OpenAI-compatible chat-completions server on 127.0.0.1 that answers every request after a fixed latency,
 * with a body in OpenAI's shape. The latency is a scheduled reply, not a sleeping thread, so the server's own
 * threads stay few. Run it in its own JVM ({@link #main}) so that its CPU time is not counted as the client's.
 */
public final class FakeOpenAiServer implements AutoCloseable {
    private static final byte[] BODY_TEMPLATE = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
                    + "\"created\":1702685778,\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                    + "\"assistant\",\"content\":\"The answer is 42.\",\"refusal\":null},\"logprobs\":null,"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":6,"
                    + "\"total_tokens\":30},\"system_fingerprint\":\"fp_bench\"}")
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final AtomicLong requests = new AtomicLong();

    /** Starts a server on a free port of 127.0.0.1. */
    public FakeOpenAiServer(long latencyMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        timer = Executors.newScheduledThreadPool(2);
        workers = Executors.newFixedThreadPool(4);
        server.setExecutor(workers);
        server.createContext("/v1/chat/completions", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            requests.incrementAndGet();
            timer.schedule(() -> reply(exchange), latencyMillis, TimeUnit.MILLISECONDS);
        });
        server.start();
    }

    private static void reply(HttpExchange exchange) {
        try {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BODY_TEMPLATE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY_TEMPLATE);
            }
        } catch (IOException e) {
            exchange.close();
        }
    }

    /** The base URL, such as {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** How many requests it has received. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /** {@code FakeOpenAiServer <latency ms>}: prints the base URL, then serves until its input closes. */
    public static void main(String[] args) throws IOException {
        try (FakeOpenAiServer server = new FakeOpenAiServer(Long.parseLong(args[0]))) {
            System.out.println(server.baseUrl());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our input
            }
        }
    }
}
