package dev.evals4j.core.run;

import dev.evals4j.api.ScoreResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one (sample, epoch) produced: either a failure of the whole sample, or each scorer's score or error. Built
 * from a fresh evaluation or from a journal line when resuming.
 */
record SampleOutcome(boolean failed, Map<String, Optional<ScoreResult>> scores, Optional<dev.evals4j.api.Usage> usage) {

    static SampleOutcome failure() {
        return new SampleOutcome(true, Map.of(), Optional.empty());
    }

    /** Rebuilds an outcome from a journal line; a scorer's entry with an {@code error} becomes an empty optional. */
    @SuppressWarnings("unchecked")
    static SampleOutcome fromJournal(Map<String, Object> line, List<String> scorerIds) {
        if (line.get("error") != null) {
            return failure();
        }
        Map<String, Object> scores = line.get("scores") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Optional<ScoreResult>> out = new LinkedHashMap<>();
        for (String id : scorerIds) {
            Object row = scores.get(id);
            out.put(id, row instanceof Map<?, ?> r ? fromRow((Map<String, Object>) r) : Optional.empty());
        }
        Optional<dev.evals4j.api.Usage> usage = Optional.empty();
        if (line.get("generation") instanceof Map<?, ?> g
                && g.get("usage") instanceof Map<?, ?> u
                && u.get("prompt_tokens") instanceof Number p
                && u.get("completion_tokens") instanceof Number c) {
            usage = Optional.of(new dev.evals4j.api.Usage(p.longValue(), c.longValue()));
        }
        return new SampleOutcome(false, out, usage);
    }

    private static Optional<ScoreResult> fromRow(Map<String, Object> row) {
        if (row.get("error") != null) {
            return Optional.empty();
        }
        Map<String, Object> details = new LinkedHashMap<>(row);
        Object score = details.remove("score");
        Object unscored = details.remove("unscored");
        if (score instanceof Number n) {
            return Optional.of(new ScoreResult.Numeric(n.doubleValue(), details));
        }
        if (score instanceof String s) {
            return Optional.of(new ScoreResult.Categorical(s, details));
        }
        return Optional.of(new ScoreResult.Unscored(unscored == null ? "unscored" : unscored.toString(), details));
    }
}
