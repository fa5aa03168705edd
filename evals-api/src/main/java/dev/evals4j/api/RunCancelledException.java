package dev.evals4j.api;

import java.nio.file.Path;

/** A run that stopped because it was cancelled; the samples it finished are kept and it can be resumed. */
public final class RunCancelledException extends EvalException {
    private final Path outputDir;

    public RunCancelledException(String message, Path outputDir) {
        super(message);
        this.outputDir = outputDir;
    }

    /** The run's folder, to resume from. */
    public Path outputDir() {
        return outputDir;
    }
}
