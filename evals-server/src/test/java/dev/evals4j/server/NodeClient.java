package dev.evals4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The real npm package {@code llama-stack-client}, driven from Java: a Node.js process runs
 * {@code src/test/node/bridge.cjs}, which calls one client method per request line and answers with its result or
 * its error as the client raised it.
 */
final class NodeClient implements AutoCloseable {
    private final Process node;
    private final Writer in;
    private final BufferedReader out;
    private final Path log;
    private int next = 1;
    final String version;

    /** The answer of one call: the result, or the error the client raised. */
    record Answer(@Nullable JsonNode ok, @Nullable JsonNode error) {
        JsonNode result() {
            if (error != null) {
                throw new AssertionError("the client raised " + error);
            }
            return ok;
        }

        JsonNode failure() {
            if (error == null) {
                throw new AssertionError("the client returned " + ok + " where an error was expected");
            }
            return error;
        }
    }

    /** Node's version when a {@code node} of version 18 or later is on the path. */
    static Optional<String> nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !v.startsWith("v")) {
                return Optional.empty();
            }
            int major = Integer.parseInt(v.substring(1, v.indexOf('.')));
            return major >= 18 ? Optional.of(v) : Optional.empty();
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Installs the package with the project's script (a no-op when it is installed) and returns its folder. */
    static Path install(Path logDir) throws IOException, InterruptedException {
        Path script = Path.of("..", "scripts", "install-llama-stack-client.sh")
                .toAbsolutePath()
                .normalize();
        Path log = logDir.resolve("install.log");
        Process p = new ProcessBuilder("bash", script.toString())
                .redirectError(log.toFile())
                .start();
        String folder = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(script + " failed: " + Files.readString(log));
        }
        return Path.of(folder);
    }

    NodeClient(Path module, String baseUrl, @Nullable String apiKey, Path logDir) throws IOException {
        Path bridge = Path.of("src", "test", "node", "bridge.cjs").toAbsolutePath();
        this.log = logDir.resolve("node-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder("node", bridge.toString()).redirectError(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("LLAMA_STACK_CLIENT_MODULE", module.toString());
        env.put("LLAMA_STACK_CLIENT_BASE_URL", baseUrl);
        if (apiKey != null) {
            env.put("LLAMA_STACK_CLIENT_API_KEY", apiKey);
        } else {
            env.remove("LLAMA_STACK_CLIENT_API_KEY");
        }
        this.node = pb.start();
        this.in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        JsonNode ready = read();
        this.version = ready.at("/ok/version").asText();
    }

    private JsonNode read() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the Node.js bridge ended: " + Files.readString(log));
        }
        return TestServer.JSON.readTree(line);
    }

    /** Calls a method of the client, such as {@code beta.datasets.register}, with these arguments. */
    synchronized Answer call(String method, Object... args) {
        try {
            Map<String, Object> request = new LinkedHashMap<>();
            int id = next++;
            request.put("id", id);
            request.put("call", method);
            List<Object> list = new ArrayList<>(List.of(args));
            request.put("args", list);
            in.write(TestServer.JSON.writeValueAsString(request) + "\n");
            in.flush();
            JsonNode answer = read();
            if (answer.get("id").asInt() != id) {
                throw new IllegalStateException("answer " + answer + " is not for request " + id);
            }
            boolean failed = answer.has("error");
            return new Answer(failed ? null : answer.get("ok"), failed ? answer.get("error") : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
        try {
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
