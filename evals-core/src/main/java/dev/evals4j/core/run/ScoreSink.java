package dev.evals4j.core.run;

import dev.evals4j.api.ScoreResult;
import java.util.Map;
import java.util.Optional;

/**
 * Receives each sample's scores as a run adds them to its aggregates, so that a caller can aggregate the samples of
 * several runs together — a Spark run merges the parts its partitions ran (see {@link EvalRunner#runPart}). Called
 * once per sample when its last epoch has finished, whether it finished now or before (read from the journal when
 * the run resumes), from the run's workers, one call at a time; it should return quickly.
 */
@FunctionalInterface
public interface ScoreSink {
    /**
     * Takes one sample's scores.
     *
     * @param index the sample's row index in the dataset
     * @param group the value of the run's group-by column as text ({@code "null"} when the row has none), or
     *     {@code ""} when the run has no breakdown
     * @param scores each scorer's score as the aggregates take it (its epochs reduced), by id in request order; empty
     *     when the scorer failed on the sample, or the sample failed as a whole
     */
    void add(long index, String group, Map<String, Optional<ScoreResult>> scores);
}
