package dev.evals4j.core.run;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.Usage;
import java.util.Map;
import java.util.Optional;

/**
 * What one (sample, epoch) produced: either a failure of the whole sample, or each scorer's score (empty when the
 * scorer failed) and the candidate's tokens. Built from a fresh evaluation or from the journal when resuming.
 */
record SampleOutcome(boolean failed, Map<String, Optional<ScoreResult>> scores, Optional<Usage> usage) {

    static SampleOutcome failure() {
        return new SampleOutcome(true, Map.of(), Optional.empty());
    }
}
