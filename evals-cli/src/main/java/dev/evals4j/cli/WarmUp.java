package dev.evals4j.cli;

import dev.evals4j.core.results.RunFiles;
import okhttp3.OkHttpClient;

/**
 * Does, on a second thread, what a {@code run} or {@code score} command needs before its first sample and the main
 * thread would otherwise do alone while the other core idles: Jackson's data binding of the run's files, and for
 * {@code run}, OkHttp's platform and the JDK's TLS set-up, which OkHttp does when its first client is built even for
 * a plain {@code http} server. Both are made once per process, so the work is not repeated when the main thread gets
 * there: it waits for what is under way, or finds it done. A one-row {@code run} started about 0.1 s sooner
 * (docs/benchmarks.md). Only the command does this; the library starts no thread of its own.
 */
final class WarmUp {
    private WarmUp() {}

    /** Starts warming up for the command named by the first argument, if it is one that runs samples. */
    static void start(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        boolean run = command.equals("run");
        if (!run && !command.equals("score")) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    try {
                        RunFiles.prepare();
                        if (run) {
                            new OkHttpClient.Builder().build();
                        }
                    } catch (RuntimeException | LinkageError e) {
                        // the command meets the same problem itself, and reports it
                    }
                },
                "evals-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
