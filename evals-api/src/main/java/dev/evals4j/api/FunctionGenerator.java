package dev.evals4j.api;

import dev.evals4j.api.spi.BaseGenerator;
import java.util.Objects;

/** A {@link GeneratorFunction} as a generator plugin, with the id {@code function}. */
final class FunctionGenerator implements BaseGenerator {
    static final String ID = "function";

    private final GeneratorFunction function;

    FunctionGenerator(GeneratorFunction function) {
        this.function = Objects.requireNonNull(function, "function");
    }

    GeneratorFunction function() {
        return function;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a generator function passed by the caller (" + PluginNames.classOf(this) + ")";
    }

    @Override
    public GenerationResponse generate(PreprocessedSample sample) {
        GenerationResponse response;
        try {
            response = function.generate(sample);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException("the generator function was interrupted", false, 0, e);
        } catch (Exception e) {
            throw new ModelCallException(
                    "the generator function failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    false,
                    0,
                    e);
        }
        if (response == null) {
            throw new ModelCallException(
                    "the generator function returned null; return GenerationResponse.of(text)", false, 0, null);
        }
        return response;
    }

    @Override
    public String toString() {
        return "function[" + PluginNames.classOf(this) + "]";
    }
}
