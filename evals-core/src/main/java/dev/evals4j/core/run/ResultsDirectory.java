package dev.evals4j.core.run;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.api.Usage;
import dev.evals4j.core.EvalsVersion;
import dev.evals4j.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The folder a run writes: {@code results.json} (written whole, atomically) and {@code samples.jsonl}. */
final class ResultsDirectory {
    static final String RESULTS = "results.json";
    static final String SAMPLES = "samples.jsonl";
    static final String RUN = "run.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;

    private ResultsDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates the folder: the given one, or a new one under {@code runs/} named after the time and the dataset.
     *
     * @throws ConfigurationException when the folder already holds a run
     */
    static ResultsDirectory create(Optional<Path> requested, String datasetId) {
        Path dir = requested.orElseGet(() -> freshDefault(datasetId));
        if (Files.exists(dir.resolve(SAMPLES))
                || Files.exists(dir.resolve(RESULTS))
                || Files.exists(dir.resolve(RUN))) {
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

    private static Path freshDefault(String datasetId) {
        String name = STAMP.format(LocalDateTime.now()) + "-" + datasetId.replaceAll("[^A-Za-z0-9._-]+", "_");
        Path dir = Path.of("runs", name);
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of("runs", name + "-" + i);
        }
        return dir;
    }

    /**
     * Opens the folder of an earlier run to resume it.
     *
     * @throws ConfigurationException when it holds no run
     */
    static ResultsDirectory open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RUN))) {
            throw new ConfigurationException("the folder " + dir + " holds no run to resume (no " + RUN + ")");
        }
        return new ResultsDirectory(dir);
    }

    /** The run description that {@link #writeRun} wrote, to resume from. */
    static Map<String, Object> readRun(Path dir) {
        Path file = open(dir).path.resolve(RUN);
        try {
            return Json.MAPPER.readValue(file.toFile(), Json.MAP);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    Path journalPath() {
        return path.resolve(SAMPLES);
    }

    /** Writes {@code run.json}: what the run is, so that it can be resumed by its folder alone. */
    void writeRun(String task, Map<String, Object> request) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("evals4j_version", EvalsVersion.get());
        doc.put("task", task);
        doc.put("request", request);
        write(doc, RUN);
    }

    SampleJournal openJournal() {
        return new SampleJournal(path.resolve(SAMPLES));
    }

    void writeResults(
            Map<String, Object> metadata,
            long samples,
            long errors,
            Map<String, ScorerSummary> summaries,
            Optional<Usage> usage,
            Optional<Usage> judgeUsage) {
        Map<String, Object> doc = document(metadata, "completed", samples, errors);
        usage.ifPresent(u -> doc.put("usage", usageJson(u)));
        judgeUsage.ifPresent(u -> doc.put("judge_usage", usageJson(u)));
        doc.put("scores", scoresJson(summaries));
        write(doc, RESULTS);
    }

    void writeStopped(
            Map<String, Object> metadata,
            String status,
            long samples,
            long errors,
            Map<String, ScorerSummary> summaries,
            Optional<Usage> usage,
            RuntimeException why) {
        Map<String, Object> doc = document(metadata, status, samples, errors);
        usage.ifPresent(u -> doc.put("usage", usageJson(u)));
        doc.put("error", Pipeline.errorJson(why));
        doc.put("scores_so_far", scoresJson(summaries));
        write(doc, RESULTS);
    }

    private static Map<String, Object> usageJson(Usage u) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prompt_tokens", u.promptTokens());
        out.put("completion_tokens", u.completionTokens());
        out.put("total_tokens", u.totalTokens());
        return out;
    }

    private static Map<String, Object> scoresJson(Map<String, ScorerSummary> summaries) {
        Map<String, Object> scores = new LinkedHashMap<>();
        for (ScorerSummary s : summaries.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("aggregated_results", s.aggregatedResults());
            entry.put("num_rows", s.numRows());
            entry.put("num_errors", s.numErrors());
            entry.put("num_unscored", s.numUnscored());
            scores.put(s.scorerId(), entry);
        }
        return scores;
    }

    void writeFailure(Map<String, Object> metadata, long samples, long errors, RuntimeException failure) {
        Map<String, Object> doc = document(metadata, "failed", samples, errors);
        doc.put("error", Pipeline.errorJson(failure));
        try {
            write(doc, RESULTS);
        } catch (EvalException e) {
            failure.addSuppressed(e);
        }
    }

    private static Map<String, Object> document(
            Map<String, Object> metadata, String status, long samples, long errors) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("evals4j_version", EvalsVersion.get());
        doc.put("status", status);
        doc.putAll(metadata);
        Instant started = Instant.parse((String) metadata.get("started_at"));
        Instant finished = Instant.now();
        doc.remove("started_at");
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("started_at", started.toString());
        timings.put("finished_at", finished.toString());
        timings.put("duration_seconds", Duration.between(started, finished).toNanos() / 1e9);
        doc.put("timings", timings);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("samples", samples);
        counts.put("errors", errors);
        doc.put("counts", counts);
        return doc;
    }

    private void write(Map<String, Object> doc, String name) {
        Json.writeAtomically(path.resolve(name), doc);
    }
}
