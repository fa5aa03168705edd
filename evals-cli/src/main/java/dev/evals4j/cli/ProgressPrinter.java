package dev.evals4j.cli;

import dev.evals4j.api.Progress;
import dev.evals4j.api.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows a run's progress: a bar redrawn in place on a terminal, or a plain line every few seconds otherwise (logs,
 * CI).
 */
final class ProgressPrinter implements ProgressListener {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final long intervalNanos;
    private long lastLine;
    private boolean drewBar;

    ProgressPrinter(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 0 : 5_000_000_000L;
        this.lastLine = System.nanoTime();
    }

    @Override
    public synchronized void onProgress(Progress p) {
        boolean last = p.total() >= 0 && p.done() >= p.total();
        long now = System.nanoTime();
        if (!terminal && !last && now - lastLine < intervalNanos) {
            return;
        }
        lastLine = now;
        String text = line(p);
        if (terminal) {
            err.print("\r" + text + "\u001b[K");
            drewBar = true;
            if (last) {
                err.println();
                drewBar = false;
            }
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Ends a bar left open by a run that stopped early. */
    synchronized void finish() {
        if (drewBar) {
            err.println();
            err.flush();
            drewBar = false;
        }
    }

    static String line(Progress p) {
        return line(p, true);
    }

    /** The bar; with its rate and time left while the run goes on ({@code live}), without them once it stopped. */
    static String line(Progress p, boolean live) {
        StringBuilder sb = new StringBuilder();
        if (p.total() > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * p.done() / p.total());
            sb.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(WIDTH - filled))
                    .append("] ");
            sb.append(p.done()).append('/').append(p.total());
        } else {
            sb.append(p.done()).append(" samples");
        }
        if (live) {
            sb.append(String.format(Locale.ROOT, "  %.1f/s", p.ratePerSecond()));
            p.eta().filter(eta -> p.done() < p.total()).ifPresent(eta -> sb.append("  ETA ")
                    .append(format(eta)));
        }
        sb.append("  errors ").append(p.errors());
        return sb.toString();
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
