package dev.evals4j.cli;

import dev.evals4j.api.Progress;
import dev.evals4j.api.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Shows Hub downloads: one line per file when it finishes, and every 5 s while a large one runs. */
final class DownloadPrinter implements ProgressListener {
    private final PrintWriter err;
    private long lastLine;

    DownloadPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void onProgress(Progress p) {
        boolean done = p.total() >= 0 && p.done() >= p.total();
        long now = System.nanoTime();
        if (!done && now - lastLine < 5_000_000_000L) {
            return;
        }
        lastLine = now;
        err.println(String.format(
                        Locale.ROOT,
                        "evals: %s %s%s at %.1f MB/s",
                        done ? "downloaded" : "downloading",
                        mb(p.done()),
                        p.total() >= 0 ? " of " + mb(p.total()) : "",
                        p.ratePerSecond() / 1e6)
                + " (" + p.task() + ")");
        err.flush();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
