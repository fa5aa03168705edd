package dev.evals4j.api;

/**
 * A generator as a lambda: answers one model request, usually by calling the application under test.
 *
 * <pre>{@code
 * EvalRequest.builder()
 *         .dataset("qa")
 *         .processor(PluginSpec.of("template"))
 *         .generator(sample -> GenerationResponse.of(app.answer(sample.userText())))
 *         .scorer("basic::equality")
 *         .build();
 * }</pre>
 *
 * <p>Called from many threads at once. A checked exception it throws fails that sample (not retried), with the
 * exception's message.
 */
@FunctionalInterface
public interface GeneratorFunction {

    /** Answers one request. */
    GenerationResponse generate(PreprocessedSample sample) throws Exception;
}
