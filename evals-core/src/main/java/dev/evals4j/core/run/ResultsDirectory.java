package dev.evals4j.core.run;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.core.internal.SampleJournal;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** The folder a run writes: {@code run.json}, {@code samples.jsonl}, and {@code results.json} when it ends. */
final class ResultsDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;

    private ResultsDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates the folder: the given one, or a new one under {@code dataDir} named after the time and the dataset.
     *
     * @throws ConfigurationException when the folder already holds a run
     */
    static ResultsDirectory create(Optional<Path> requested, Path dataDir, String datasetId) {
        Path dir = requested.orElseGet(() -> freshDefault(dataDir, datasetId));
        if (Files.exists(dir.resolve(RunFiles.SAMPLES))
                || Files.exists(dir.resolve(RunFiles.RESULTS))
                || Files.exists(dir.resolve(RunFiles.RUN))) {
            throw new ConfigurationException("the output folder " + dir + " already holds a run; resume it, choose"
                    + " another folder, or remove it");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigurationException("cannot create the output folder " + dir + ": " + e, e);
        }
        return new ResultsDirectory(dir);
    }

    private static Path freshDefault(Path dataDir, String datasetId) {
        String name = STAMP.format(LocalDateTime.now()) + "-" + datasetId.replaceAll("[^A-Za-z0-9._-]+", "_");
        Path dir = dataDir.resolve(name);
        for (int i = 2; Files.exists(dir); i++) {
            dir = dataDir.resolve(name + "-" + i);
        }
        return dir;
    }

    /**
     * Opens the folder of an earlier run to resume it.
     *
     * @throws ConfigurationException when it holds no run
     */
    static ResultsDirectory open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunFiles.RUN))) {
            throw new ConfigurationException("the folder " + dir + " holds no run to resume (no " + RunFiles.RUN + ")");
        }
        return new ResultsDirectory(dir);
    }

    Path path() {
        return path;
    }

    Path journalPath() {
        return path.resolve(RunFiles.SAMPLES);
    }

    /** Writes {@code run.json}: what the run is, so that it can be resumed by its folder alone. */
    void writeRun(RunFile run) {
        RunFiles.writeRun(path, run);
    }

    SampleJournal openJournal() {
        return new SampleJournal(journalPath());
    }

    void writeResults(ResultsFile results) {
        RunFiles.writeResults(path, results);
    }

    /** Writes the results of a run that failed; a failure to write them is added to the run's failure. */
    void writeFailure(ResultsFile results, RuntimeException failure) {
        try {
            writeResults(results);
        } catch (EvalException e) {
            failure.addSuppressed(e);
        }
    }
}
