package dev.evals4j.core.run;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.api.Usage;
import dev.evals4j.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads a finished run's {@code results.json} back into an {@link EvalResult}. */
public final class EvalResults {
    private EvalResults() {}

    /**
     * The result of the completed run in {@code runDir}.
     *
     * @throws ConfigurationException when the folder has no results, or the run did not complete
     */
    @SuppressWarnings("unchecked")
    public static EvalResult read(Path runDir) {
        Path file = runDir.resolve(ResultsDirectory.RESULTS);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(
                    "the folder " + runDir + " has no " + ResultsDirectory.RESULTS + "; the run has not finished");
        }
        Map<String, Object> doc;
        try {
            doc = Json.MAPPER.readValue(file.toFile(), Json.MAP);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!"completed".equals(doc.get("status"))) {
            throw new ConfigurationException(
                    "the run in " + runDir + " did not complete: its status is " + doc.get("status"));
        }
        try {
            Map<String, ScorerSummary> scores = new LinkedHashMap<>();
            ((Map<String, Object>) doc.get("scores")).forEach((id, v) -> {
                Map<String, Object> entry = (Map<String, Object>) v;
                scores.put(
                        id,
                        new ScorerSummary(
                                id,
                                (Map<String, Object>) entry.get("aggregated_results"),
                                number(entry, "num_rows"),
                                number(entry, "num_errors"),
                                number(entry, "num_unscored")));
            });
            Map<String, Object> counts = (Map<String, Object>) doc.get("counts");
            Map<String, Object> timings = (Map<String, Object>) doc.get("timings");
            Optional<Usage> usage = Optional.ofNullable((Map<String, Object>) doc.get("usage"))
                    .map(u -> new Usage(number(u, "prompt_tokens"), number(u, "completion_tokens")));
            Duration duration =
                    Duration.ofNanos((long) (((Number) timings.get("duration_seconds")).doubleValue() * 1e9));
            return new EvalResult(runDir, number(counts, "samples"), number(counts, "errors"), scores, duration, usage);
        } catch (ClassCastException | NullPointerException e) {
            throw new ConfigurationException(file + " is not an evals4j results file: " + e.getMessage(), e);
        }
    }

    private static long number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).longValue();
    }
}
