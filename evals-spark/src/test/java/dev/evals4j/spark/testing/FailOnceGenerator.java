package dev.evals4j.spark.testing;

import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code test::fail-once}: the {@code openai-compatible} generator, configured through the context, except that the
 * {@code fail_at}-th call of the JVM (counting from 1) throws an {@link Error} instead, once: the worker that meets it
 * dies, the part's run stops, and its Spark task fails in the middle of its partition, as a killed executor would.
 */
public final class FailOnceGenerator implements BaseGenerator {
    public static final AtomicLong CALLS = new AtomicLong();
    public static final AtomicBoolean FAILED = new AtomicBoolean();

    private final BaseGenerator delegate;
    private final long failAt;

    public FailOnceGenerator() {
        this(null, 0);
    }

    private FailOnceGenerator(BaseGenerator delegate, long failAt) {
        this.delegate = delegate;
        this.failAt = failAt;
    }

    /** An error no worker catches as a sample's failure. */
    public static final class InjectedFailure extends Error {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }

    @Override
    public String id() {
        return "test::fail-once";
    }

    @Override
    public String description() {
        return "openai-compatible, failing once at the fail_at-th call (test fake)";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.required("base_url", ParamType.STRING, "the server"),
                Parameter.required("model", ParamType.STRING, "the model"),
                Parameter.withDefault("temperature", ParamType.NUMBER, "sampling temperature", 0.0),
                Parameter.required("fail_at", ParamType.INTEGER, "the call that fails"));
    }

    @Override
    public BaseGenerator configure(Params params, PluginContext context) {
        Map<String, Object> forward = new LinkedHashMap<>(params.values());
        forward.remove("fail_at");
        return new FailOnceGenerator(context.generator("openai-compatible", forward), params.integer("fail_at", 0));
    }

    @Override
    public GenerationResponse generate(PreprocessedSample sample) {
        if (CALLS.incrementAndGet() == failAt && FAILED.compareAndSet(false, true)) {
            throw new InjectedFailure("injected: the task dies at call " + failAt);
        }
        return delegate.generate(sample);
    }
}
