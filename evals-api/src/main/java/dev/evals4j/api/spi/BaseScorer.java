package dev.evals4j.api.spi;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import java.util.List;
import java.util.Set;

/**
 * Scores one sample: the plugin type for scoring functions such as {@code basic::equality}.
 *
 * <p>Implementations are thread-safe: one instance scores from many threads at once. A scorer that cannot judge
 * a sample returns {@link ScoreResult#unscored(String)} rather than a zero; an exception marks the sample as an
 * error of this scorer, counted apart.
 */
public interface BaseScorer extends Plugin {

    /** Scores one sample. */
    ScoreResult score(ScorerInputSample sample);

    /**
     * The aggregation functions used when the caller names none: {@code accuracy}, {@code average},
     * {@code weighted_average}, {@code median} or {@code categorical_count}.
     */
    default List<String> defaultAggregations() {
        return List.of("accuracy");
    }

    /** The dataset columns this scorer needs; a run fails before scoring when one is missing. */
    default Set<String> requiredColumns() {
        return Set.of(
                dev.evals4j.api.ScorerInputSample.GENERATED_ANSWER, dev.evals4j.api.ScorerInputSample.EXPECTED_ANSWER);
    }

    /**
     * Returns a scorer for these parameters, already checked against {@link #parameters()}. The receiver is not
     * changed. Scorers without parameters need not override this.
     */
    default BaseScorer configure(Params params) {
        return this;
    }

    /**
     * Returns a scorer for these parameters and this instance's context, from which it takes the
     * environment, folders, other plugins and shared resources it needs. The receiver is not changed. The default
     * calls {@link #configure(Params)}, so plugins that need no context override only that.
     */
    default BaseScorer configure(Params params, PluginContext context) {
        return configure(params);
    }
}
