package dev.evals4j.junit.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.PluginContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every generator follows, as a test that a generator's own test extends.
 *
 * <p>A subclass gives the unconfigured generator through {@link #generator()} and the parameters that make it work
 * through {@link #configuredParameters()} — for a generator that calls a server, a model and the URL of a server the
 * test runs (OkHttp's {@code MockWebServer} answering in the real server's shapes). It says what the generator does
 * by overriding {@link #supportsCompletion()} and {@link #deterministic()}, and gives a generator that fails through
 * {@link #failingGenerator()}. The kit then checks:
 * <ul>
 *   <li>the id is lower case letters, digits, {@code .}, {@code _} and {@code -}; the description is one non-blank
 *       line; parameters have snake_case names, once each, with descriptions; an unknown parameter is rejected with
 *       {@code unknown parameter 'no_such_parameter' for <id>; …};</li>
 *   <li>{@code configure} returns a new instance and leaves the original unchanged (it answers, or fails, as it
 *       did before);</li>
 *   <li>{@code generate} answers a chat input, and a completion prompt when {@link #supportsCompletion()}, with a
 *       response that has a text;</li>
 *   <li>one configured instance answers from {@value PluginRules#THREADS} threads at once, and, when
 *       {@link #deterministic()}, every thread gets the answers one thread gets;</li>
 *   <li>a failed call surfaces as {@link ModelCallException}, not another exception;</li>
 *   <li>a configured instance that is {@link AutoCloseable} can be closed twice.</li>
 * </ul>
 *
 * <p>A case the kit cannot run is reported as skipped, with the reason and what to override, never as passed: the
 * completion case unless {@link #supportsCompletion()}, the threads-agree case unless {@link #deterministic()}, the
 * failure case without a {@link #failingGenerator()}, the close case for a generator that is not
 * {@code AutoCloseable}, the configure case without {@link #configuredParameters()}. The kit configures generators
 * with {@code configure(params, context())}, asking for {@link #context()} once per test; it closes the generators it
 * configured after each test, and a {@link KitContext} it was given.
 *
 * <pre>{@code
 * class MyGeneratorTest extends GeneratorContractTest {
 *     final MockWebServer server = ...; // answers /v1/chat/completions as the real server does
 *
 *     @Override
 *     protected BaseGenerator generator() {
 *         return new MyGenerator();
 *     }
 *
 *     @Override
 *     protected Map<String, Object> configuredParameters() {
 *         return Map.of("model", "m", "base_url", server.url("/v1").toString());
 *     }
 *
 *     @Override
 *     protected boolean deterministic() {
 *         return true; // the fake server answers every request the same way
 *     }
 *
 *     @Override
 *     protected Optional<BaseGenerator> failingGenerator() {
 *         return Optional.of(configure(Map.of("model", "m", "base_url", "http://127.0.0.1:" + closedPort + "/v1")));
 *     }
 * }
 * }</pre>
 */
public abstract class GeneratorContractTest {
    private static final int ROUNDS = 3;

    private @Nullable PluginContext context;
    private @Nullable BaseGenerator configured;
    private final List<BaseGenerator> made = new ArrayList<>();

    /** The generator under test, unconfigured, as discovery creates it. */
    protected abstract BaseGenerator generator();

    /**
     * The parameters (by name, as a user gives them) that make a working generator, such as a model and the URL of
     * the test's server; empty by default. Every case but the id, description and parameter checks runs on the
     * generator configured with them.
     */
    protected Map<String, Object> configuredParameters() {
        return Map.of();
    }

    /**
     * The context generators are configured with, asked once per test; by default a {@link KitContext}, which has an
     * empty environment, folders of its own and no other plugins. Override it to give the generator the environment
     * (an API key) it needs, or an evals4j instance's context
     * ({@code Evals.builder().environment(Map.of()).cacheDir(dir).build().context()}, which the test closes).
     */
    protected PluginContext context() {
        return new KitContext();
    }

    /** Whether the generator answers a completion prompt as well as chat messages; when not, that case is skipped. */
    protected boolean supportsCompletion() {
        return false;
    }

    /**
     * Whether the configured generator gives the same response to the same request (a fake, or a server that the
     * test runs); when not, the case that compares the threads' answers with one thread's is skipped.
     */
    protected boolean deterministic() {
        return false;
    }

    /**
     * A configured generator pointed at something that fails, such as a closed port ({@link #configure(Map)} makes
     * one); empty by default, which skips the case that checks a failure surfaces as {@link ModelCallException}.
     */
    protected Optional<BaseGenerator> failingGenerator() {
        return Optional.empty();
    }

    /** The chat input the kit asks: a system and a user message. */
    protected GenerationInput.Chat chatInput() {
        return new GenerationInput.Chat(
                List.of(Message.system("Answer in one word."), Message.user("What is the capital of France?")));
    }

    /** The completion prompt the kit asks when the generator {@link #supportsCompletion()}. */
    protected GenerationInput.Completion completionInput() {
        return new GenerationInput.Completion("The capital of France is");
    }

    /**
     * The generator under test configured with these parameters and the kit's context, as the registry configures
     * it; the kit closes it after the test.
     */
    protected final BaseGenerator configure(Map<String, Object> parameters) {
        return configure(generator(), parameters);
    }

    private BaseGenerator configure(BaseGenerator generator, Map<String, Object> parameters) {
        BaseGenerator result =
                PluginRules.configureOrFail(generator, parameters, params -> generator.configure(params, kitContext()));
        made.add(result);
        return result;
    }

    private BaseGenerator configured() {
        if (configured == null) {
            configured = configure(generator(), configuredParameters());
        }
        return configured;
    }

    private PluginContext kitContext() {
        if (context == null) {
            context = context();
        }
        return context;
    }

    @AfterEach
    void closeWhatTheKitMade() throws Exception {
        for (BaseGenerator g : made) {
            PluginRules.closeIfCloseable(g);
        }
        made.clear();
        configured = null;
        PluginRules.closeIfKitContext(context);
        context = null;
    }

    @Test
    void idIsWellFormed() {
        PluginRules.idMatches(generator(), PluginRules.PLUGIN_ID, "lower case letters, digits, '.', '_', '-'");
    }

    @Test
    void descriptionIsOneNonBlankLine() {
        PluginRules.descriptionIsOneNonBlankLine(generator());
    }

    @Test
    void parametersAreWellFormed() {
        PluginRules.parametersAreWellFormed(generator());
    }

    @Test
    void unknownParameterIsRejectedWithItsName() {
        PluginRules.unknownParameterIsRejectedWithItsName(generator());
    }

    @Test
    void configureReturnsANewInstanceAndLeavesTheOriginalUnchanged() {
        BaseGenerator original = generator();
        Map<String, Object> given = configuredParameters();
        PluginRules.requireConfiguredParameters(original, given);
        String before = outcome(original);
        BaseGenerator configured = configure(original, given);
        assertThat(configured).as("configured %s", original.id()).isNotSameAs(original);
        assertThat(configured.id()).isEqualTo(original.id());
        generateOrFail(configured, chatInput());
        assertThat(outcome(original))
                .as("what the original %s does after configure (before: %s)", original.id(), before)
                .isEqualTo(before);
    }

    @Test
    void generateAnswersAChatInput() {
        assertAnswer(generateOrFail(configured(), chatInput()), chatInput());
    }

    @Test
    void generateAnswersACompletionPrompt() {
        if (!supportsCompletion()) {
            PluginRules.skip(generator().id() + " is not said to answer completion prompts: override"
                    + " supportsCompletion() to return true to test them");
        }
        assertAnswer(generateOrFail(configured(), completionInput()), completionInput());
    }

    @Test
    void oneInstanceGeneratesFromManyThreadsAtOnce() throws InterruptedException {
        BaseGenerator generator = configured();
        List<GenerationInput> inputs = inputs();
        List<Integer> answered = PluginRules.onThreads(offset -> () -> {
            int count = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < inputs.size(); i++) {
                    GenerationInput input = inputs.get((i + offset) % inputs.size());
                    assertAnswer(generateOrFail(generator, input), input);
                    count++;
                }
            }
            return count;
        });
        assertThat(answered).as("answers per thread").containsOnly(ROUNDS * inputs.size());
    }

    @Test
    void manyThreadsGetTheAnswersOfOneThread() throws InterruptedException {
        BaseGenerator generator = configured();
        if (!deterministic()) {
            PluginRules.skip(generator.id() + " is not said to be deterministic: override deterministic() to return"
                    + " true when the same request gets the same response (a fake, or a server the test runs), to test"
                    + " that threads sharing one instance get the answers of one thread");
        }
        List<GenerationInput> inputs = inputs();
        List<GenerationResponse> expected = new ArrayList<>();
        for (GenerationInput input : inputs) {
            expected.add(generateOrFail(generator, input));
        }
        List<GenerationResponse> again = new ArrayList<>();
        for (GenerationInput input : inputs) {
            again.add(generateOrFail(generator, input));
        }
        assertThat(again).as("the answers of %s asked twice", generator.id()).isEqualTo(expected);
        List<List<GenerationResponse>> perThread = PluginRules.onThreads(offset -> () -> {
            GenerationResponse[] got = new GenerationResponse[inputs.size()];
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < inputs.size(); i++) {
                    int k = (i + offset) % inputs.size();
                    got[k] = generateOrFail(generator, inputs.get(k));
                }
            }
            return List.of(got);
        });
        for (List<GenerationResponse> got : perThread) {
            assertThat(got)
                    .as("answers of %s from one of %d threads", generator.id(), PluginRules.THREADS)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aFailedCallSurfacesAsModelCallException() {
        BaseGenerator failing = failingGenerator()
                .orElseGet(() -> PluginRules.skip("failingGenerator() gives none: override it with a "
                        + generator().id() + " configured to call something that fails, such as a closed port, to"
                        + " test that a failure surfaces as ModelCallException"));
        made.add(failing);
        assertThatThrownBy(() -> failing.generate(sample(chatInput())))
                .as("what %s throws when its call fails", failing.id())
                .isInstanceOf(ModelCallException.class)
                .satisfies(e -> assertThat(e.getMessage()).as("message").isNotBlank());
    }

    @Test
    void aConfiguredInstanceCanBeClosedTwice() {
        BaseGenerator generator = configured();
        AutoCloseable closeable = generator instanceof AutoCloseable c
                ? c
                : PluginRules.skip(generator.id() + "'s configured instance ("
                        + generator.getClass().getName() + ") is not AutoCloseable: there is nothing to close");
        assertThatCode(() -> {
                    closeable.close();
                    closeable.close();
                })
                .as("closing a configured %s twice", generator.id())
                .doesNotThrowAnyException();
    }

    private List<GenerationInput> inputs() {
        List<GenerationInput> inputs = new ArrayList<>();
        inputs.add(chatInput());
        if (supportsCompletion()) {
            inputs.add(completionInput());
        }
        return inputs;
    }

    /** A request for the input, as a processor makes it from a row. */
    private static PreprocessedSample sample(GenerationInput input) {
        return new PreprocessedSample(
                new DatasetSample(
                        0, Map.of("input_query", "What is the capital of France?", "expected_answer", "Paris")),
                input);
    }

    private static GenerationResponse generateOrFail(BaseGenerator generator, GenerationInput input) {
        GenerationResponse response;
        try {
            response = generator.generate(sample(input));
        } catch (RuntimeException e) {
            throw new AssertionError(generator.id() + " threw " + e + " on " + describe(input), e);
        }
        assertThat(response)
                .as("response of %s to %s", generator.id(), describe(input))
                .isNotNull();
        return response;
    }

    private static void assertAnswer(GenerationResponse response, GenerationInput input) {
        assertThat(response.text())
                .as("text of the response to %s", describe(input))
                .isNotNull();
    }

    /** What a generator does with the chat input: answers (with the text, when deterministic) or throws. */
    private String outcome(BaseGenerator generator) {
        try {
            GenerationResponse response = generator.generate(sample(chatInput()));
            return response == null ? "answered null" : "answered" + (deterministic() ? " " + response.text() : "");
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String describe(GenerationInput input) {
        if (input instanceof GenerationInput.Completion c) {
            return "the prompt \"" + c.prompt() + "\"";
        }
        List<Message> messages = ((GenerationInput.Chat) input).messages();
        return "the chat " + messages;
    }
}
