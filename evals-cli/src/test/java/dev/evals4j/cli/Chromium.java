package dev.evals4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evals4j.core.internal.Json;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Debian's headless Chromium, driven over the DevTools protocol with OkHttp's WebSocket client: one page, commands
 * with their results, and the console errors and exceptions the page reported.
 */
final class Chromium implements Closeable {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Process process;
    private final Path profile;
    private final OkHttpClient http;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private Chromium(Process process, Path profile, OkHttpClient http, String pageSocket) {
        this.process = process;
        this.profile = profile;
        this.http = http;
        this.socket = http.newWebSocket(new Request.Builder().url(pageSocket).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
                receive(text);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                pending.values().forEach(f -> f.completeExceptionally(t));
            }
        });
    }

    /**
     * Installs Chromium with {@code scripts/install-chromium.sh} when it is missing.
     *
     * @return why there is no browser, when there is none
     */
    static Optional<String> ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(BINARY)) {
            return Optional.empty();
        }
        Path script =
                Path.of("..", "scripts", "install-chromium.sh").toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            return Optional.of("no " + BINARY + " and no " + script + " to install it");
        }
        Path log = Files.createTempFile("install-chromium", ".log");
        Process install = new ProcessBuilder("bash", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!install.waitFor(15, TimeUnit.MINUTES)) {
            install.destroyForcibly();
            return Optional.of(script + " did not finish in 15 minutes");
        }
        String output = Files.readString(log);
        Files.deleteIfExists(log);
        if (install.exitValue() != 0 || !Files.isExecutable(BINARY)) {
            String tail = output.length() > 600 ? output.substring(output.length() - 600) : output;
            return Optional.of(
                    script + " could not install Chromium (exit " + install.exitValue() + "): " + tail.strip());
        }
        return Optional.empty();
    }

    /** Starts a headless browser with a fresh profile and connects to its one page. */
    static Chromium start() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        "--remote-debugging-address=127.0.0.1",
                        "--window-size=1400,1000",
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(
                        profile.resolveSibling(profile.getFileName() + ".log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("Chromium did not open its DevTools port; its output: "
                        + Files.readString(profile.resolveSibling(profile.getFileName() + ".log")));
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        OkHttpClient http = new OkHttpClient.Builder()
                .readTimeout(Duration.ZERO)
                .callTimeout(Duration.ofSeconds(30))
                .build();
        String pageSocket = null;
        for (int attempt = 0; attempt < 100 && pageSocket == null; attempt++) {
            try (Response r = http.newCall(new Request.Builder()
                            .url("http://127.0.0.1:" + port + "/json/list")
                            .build())
                    .execute()) {
                for (JsonNode target : Json.MAPPER.readTree(r.body().string())) {
                    if (target.path("type").asText().equals("page")) {
                        pageSocket = target.path("webSocketDebuggerUrl").asText();
                    }
                }
            }
            if (pageSocket == null) {
                Thread.sleep(50);
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new IOException("Chromium has no page to drive");
        }
        Chromium chromium = new Chromium(process, profile, http, pageSocket);
        chromium.send("Runtime.enable", Map.of());
        chromium.send("Log.enable", Map.of());
        chromium.send("Page.enable", Map.of());
        return chromium;
    }

    private void receive(String text) {
        try {
            JsonNode message = Json.MAPPER.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
                if (f != null) {
                    f.complete(message);
                }
                return;
            }
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            switch (method) {
                case "Runtime.exceptionThrown" -> problems.add(
                        "exception: " + params.path("exceptionDetails").toString());
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) {
                        problems.add(
                                "console." + type + ": " + params.path("args").toString());
                    }
                }
                case "Log.entryAdded" -> {
                    if (params.path("entry").path("level").asText().equals("error")) {
                        problems.add("log: " + params.path("entry").toString());
                    }
                }
                default -> {}
            }
        } catch (IOException e) {
            problems.add("an unreadable DevTools message: " + e.getMessage());
        }
    }

    /** Sends a command and waits for its result. */
    JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", Json.MAPPER.valueToTree(params));
        socket.send(message.toString());
        try {
            JsonNode reply = answer.get(120, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no answer: " + e, e);
        }
    }

    /** Evaluates an expression in the page, awaiting a promise, and returns its value. */
    JsonNode eval(String expression) {
        JsonNode result =
                send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until an expression is true in the page. */
    void await(String condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval("Boolean(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page never had " + condition + "; problems: " + problems);
            }
            Thread.sleep(20);
        }
    }

    /** The console errors, log errors and exceptions the page reported. */
    List<String> problems() {
        return new ArrayList<>(problems);
    }

    @Override
    public void close() throws IOException {
        socket.close(1000, "done");
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        deleteTree(profile);
        Files.deleteIfExists(profile.resolveSibling(profile.getFileName() + ".log"));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a profile file still held by a dying process; the temporary folder is cleaned by the system
        }
    }
}
