package dev.evals4j.cli;

import dev.evals4j.api.Cancellation;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.RunCancelledException;
import dev.evals4j.api.RunOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns SIGINT and SIGTERM during a run into an orderly stop: the run takes no new samples, gives those in flight
 * the grace period, writes {@code results.json} with the status {@code interrupted}, and the command says how to
 * resume; then the JVM exits with 130 (SIGINT) or 143 (SIGTERM). A second signal during the grace period does not
 * wait.
 */
final class StopOnSignal implements AutoCloseable {
    /** How long samples in flight may take to finish after a signal, unless EVALS_STOP_GRACE_SECONDS says. */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);

    /** Watches for the signals while the run of {@code cancellation} goes on. */
    StopOnSignal(Cancellation cancellation, Duration grace) {
        this.hook = new Thread(
                () -> {
                    cancellation.interrupt("the process was asked to end (SIGINT or SIGTERM)", grace);
                    try {
                        // the run writes its results and the command its message; then the JVM may end
                        done.await(grace.toSeconds() + 20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "evals-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Runs with SIGINT and SIGTERM watched. An interrupted run's message is printed here, with how to resume it (with
     * {@code command}), and the result is empty; the JVM then ends with the signal's exit code.
     */
    static Optional<EvalResult> run(
            CliContext context,
            String command,
            RunOptions.Builder options,
            ProgressPrinter printer,
            Function<RunOptions, EvalResult> run) {
        Cancellation cancellation = new Cancellation();
        StopOnSignal stop = new StopOnSignal(cancellation, grace(context));
        try {
            try {
                return Optional.of(run.apply(options.cancellation(cancellation).build()));
            } catch (RunCancelledException e) {
                if (!cancellation.isInterrupted()) {
                    throw e;
                }
                printer.finish();
                context.err.println(
                        "evals: " + e.getMessage() + ": evals " + command + " --resume --output " + e.outputDir());
                context.err.flush();
                return Optional.empty();
            } finally {
                printer.finish();
            }
        } finally {
            stop.close();
        }
    }

    private static Duration grace(CliContext context) {
        String given = context.env.get("EVALS_STOP_GRACE_SECONDS");
        if (given == null || given.isBlank()) {
            return DEFAULT_GRACE;
        }
        try {
            double seconds = Double.parseDouble(given.strip());
            if (seconds >= 0 && seconds <= 3600) {
                return Duration.ofMillis((long) (seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ConfigurationException(
                "EVALS_STOP_GRACE_SECONDS must be a number of seconds from 0 to 3600, was '" + given + "'");
    }

    /** The run and its messages are done: the JVM may end now. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the run is done
        }
    }
}
