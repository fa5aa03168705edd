package dev.evals4j.server;

import dev.evals4j.core.Evals;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server in a JVM of its own, for the tests that kill it: {@code KillableServer DATA_DIR INFERENCE_URL PORT_FILE}
 * serves until killed, after writing its port to PORT_FILE.
 */
public final class KillableServer {
    private KillableServer() {}

    public static void main(String[] args) throws Exception {
        Evals evals = Evals.builder()
                .dataDir(Path.of(args[0]))
                .cacheDir(Path.of(args[0]).resolve("cache"))
                .build();
        EvalsServer server = EvalsServer.builder(evals)
                .port(0)
                .inferenceBaseUrl(args[1])
                .runConcurrency(2)
                .build()
                .start();
        Path tmp = Path.of(args[2] + ".tmp");
        Files.writeString(tmp, Integer.toString(server.port()));
        Files.move(tmp, Path.of(args[2]));
        server.awaitStop();
    }
}
