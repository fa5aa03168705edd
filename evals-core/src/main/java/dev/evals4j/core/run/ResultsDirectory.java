package dev.evals4j.core.run;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.core.internal.SampleJournal;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The folder a run writes — {@code run.json}, {@code samples.jsonl}, and {@code results.json} when it ends — owned by
 * one run at a time: an operating-system lock on {@code run.lock} is held from the moment the folder is opened until
 * the run ends (see {@code docs/decisions/009-run-folder-lock.md}). The lock goes with the process that holds it, so
 * the lock of a killed run never blocks a resume.
 */
public final class ResultsDirectory implements AutoCloseable {
    /** The lock file; it stays in the folder, and says which process holds it. */
    static final String LOCK = "run.lock";

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private ResultsDirectory(Path path) {
        this.path = path;
        Path file = path.resolve(LOCK);
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ConfigurationException("cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
        FileLock held;
        try {
            held = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null; // another run of this process holds it
        } catch (IOException e) {
            close(channel);
            throw new ConfigurationException("cannot lock the run folder " + path + ": " + e.getMessage(), e);
        }
        if (held == null) {
            String owner = owner(file);
            close(channel);
            throw new ConfigurationException("the run folder " + path + " is in use by another run"
                    + (owner.isEmpty() ? "" : " (" + owner + ")")
                    + "; wait for it to end or stop it, then resume; two runs must not write one folder");
        }
        this.lockChannel = channel;
        this.lock = held;
        ProcessHandle self = ProcessHandle.current();
        String who = "process " + self.pid()
                + self.info().startInstant().map(t -> ", started " + t).orElse("")
                + ", since " + java.time.Instant.now() + "\n";
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // the lock holds whether or not its note could be written
        }
    }

    private static String owner(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    /** Releases the folder for the next run. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(lockChannel);
    }

    /**
     * Creates the folder: the given one, or a new one under {@code dataDir} named after the time and the dataset.
     *
     * @throws ConfigurationException when the folder already holds a run
     */
    static ResultsDirectory create(Optional<Path> requested, Path dataDir, String datasetId) {
        Path dir = requested.orElseGet(() -> RunFiles.newRunFolder(dataDir, datasetId));
        if (holdsRun(dir)) {
            throw alreadyHoldsARun(dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigurationException("cannot create the output folder " + dir + ": " + e, e);
        }
        ResultsDirectory locked = new ResultsDirectory(dir);
        if (holdsRun(dir)) { // another process started a run here before this one took the lock
            locked.close();
            throw alreadyHoldsARun(dir);
        }
        return locked;
    }

    private static boolean holdsRun(Path dir) {
        return Files.exists(dir.resolve(RunFiles.SAMPLES))
                || Files.exists(dir.resolve(RunFiles.RESULTS))
                || Files.exists(dir.resolve(RunFiles.RUN));
    }

    private static ConfigurationException alreadyHoldsARun(Path dir) {
        return new ConfigurationException("the output folder " + dir + " already holds a run; resume it, choose"
                + " another folder, or remove it");
    }

    /**
     * Checks that no run holds a folder now, by taking its lock and letting it go: what a command that hands a
     * resume over to another process asks before it says the resume started.
     *
     * @throws ConfigurationException when another run holds it, naming that run's process
     */
    public static void requireFree(Path dir) {
        if (Files.isDirectory(dir)) {
            new ResultsDirectory(dir).close();
        }
    }

    /**
     * Opens the folder of an earlier run to resume it.
     *
     * @throws ConfigurationException when it holds no run
     */
    static ResultsDirectory open(Path dir) {
        return new ResultsDirectory(requireRun(dir));
    }

    /**
     * The folder, when it holds a run to resume.
     *
     * @throws ConfigurationException when it holds none
     */
    static Path requireRun(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunFiles.RUN))) {
            throw new ConfigurationException("the folder " + dir + " holds no run to resume (no " + RunFiles.RUN + ")");
        }
        return dir;
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
