package dev.evals4j.api.spi;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import java.util.Set;

/**
 * Turns a dataset row into a model request, and the model's answer into what the scorers score: the plugin type
 * for prompt templates and answer extraction.
 *
 * <p>Implementations are thread-safe.
 */
public interface BaseGeneratorProcessor extends Plugin {

    /** Builds the model request for one row. */
    PreprocessedSample preprocess(DatasetSample sample);

    /** Builds the scorer input from the row and the model's answer. */
    ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response);

    /**
     * Builds the model request for one row in one epoch (a sample asked several times); the default asks the same
     * request in every epoch. A processor whose request changes with the epoch (choices shuffled anew for each
     * repeat, as simple-evals' GPQA does) overrides this and {@link #postprocess(DatasetSample, GenerationResponse,
     * int)}.
     */
    default PreprocessedSample preprocess(DatasetSample sample, int epoch) {
        return preprocess(sample).withEpoch(epoch);
    }

    /** Builds the scorer input from the row and the model's answer in one epoch; the default ignores the epoch. */
    default ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response, int epoch) {
        return postprocess(sample, response);
    }

    /** The dataset columns this processor needs; a run fails before any model call when one is missing. */
    default Set<String> requiredColumns() {
        return Set.of();
    }

    /** Returns a processor for these parameters; the receiver is not changed. */
    default BaseGeneratorProcessor configure(Params params) {
        return this;
    }

    /**
     * Returns a generatorprocessor for these parameters and this instance's context, from which it takes the
     * environment, folders, other plugins and shared resources it needs. The receiver is not changed. The default
     * calls {@link #configure(Params)}, so plugins that need no context override only that.
     */
    default BaseGeneratorProcessor configure(Params params, PluginContext context) {
        return configure(params);
    }
}
