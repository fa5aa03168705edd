package dev.evals4j.core.scoring;

import dev.evals4j.api.ScoreResult;
import java.util.Map;

/**
 * An aggregation function over one scorer's results, fed one score at a time so that memory does not grow with
 * the data set (except for {@code median}, which keeps one double per score).
 */
public interface Aggregation {

    /** Its name, such as {@code accuracy}; the results are nested under it. */
    String name();

    /** A fresh accumulator; not thread-safe. */
    Accumulator newAccumulator();

    /** Collects scores and produces the aggregated result. */
    interface Accumulator {
        /** Adds one score; unscored results are not passed here. */
        void add(ScoreResult score);

        /** The aggregated result, in Llama Stack's shape plus evals4j's statistics. */
        Map<String, Object> result();
    }
}
