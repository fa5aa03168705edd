package dev.evals4j.api.spi;

import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PreprocessedSample;

/**
 * Calls a model: the plugin type for model servers (OpenAI-compatible, Llama Stack, or a fake in tests).
 *
 * <p>Implementations are thread-safe: a run calls {@link #generate} from many threads at once. A failed call
 * throws {@link dev.evals4j.api.ModelCallException}, saying whether it may be retried.
 */
public interface BaseGenerator extends Plugin {

    /** Sends one request to the model and returns its answer. */
    GenerationResponse generate(PreprocessedSample sample);

    /** Returns a generator for these parameters (model, base URL, sampling); the receiver is not changed. */
    default BaseGenerator configure(Params params) {
        return this;
    }

    /**
     * Returns a generator for these parameters and this instance's context, from which it takes the
     * environment, folders, other plugins and shared resources it needs. The receiver is not changed. The default
     * calls {@link #configure(Params)}, so plugins that need no context override only that.
     */
    default BaseGenerator configure(Params params, PluginContext context) {
        return configure(params);
    }
}
