package dev.evals4j.junit.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the generator kit on a well-behaved generator, with every case able to run, and shows that it catches
 * generators that break the rules and skips, with the reason, the cases a test gives it no means to run. The kit
 * classes are run through the JUnit Platform Launcher, as a build runs them.
 */
class GeneratorKitSelfTest {

    @Nested
    class CatchesBrokenGenerators {
        @Test
        void aBadId() {
            GeneratorContractTest kit = kitFor(new EchoGenerator() {
                @Override
                public String id() {
                    return "Echo Generator";
                }
            });
            assertThatThrownBy(kit::idIsWellFormed).isInstanceOf(AssertionError.class);
        }

        @Test
        void aGeneratorWhoseConfigureMutatesTheReceiver() {
            GeneratorContractTest kit = kitFor(new MutableGenerator());
            assertThatThrownBy(kit::configureReturnsANewInstanceAndLeavesTheOriginalUnchanged)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("configured test-echo");
        }

        @Test
        void aGeneratorThatAnswersNull() {
            GeneratorContractTest kit = kitFor(new EchoGenerator() {
                @Override
                public BaseGenerator configure(Params params) {
                    return new EchoGenerator("", false) {
                        @Override
                        public GenerationResponse generate(PreprocessedSample sample) {
                            return null;
                        }
                    };
                }
            });
            assertThatThrownBy(kit::generateAnswersAChatInput)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("response of test-echo");
        }

        @Test
        void aGeneratorThatIsNotThreadSafe() {
            GeneratorContractTest kit = kitFor(new EchoGenerator() {
                @Override
                public BaseGenerator configure(Params params) {
                    return new OneCallAtATimeGenerator();
                }
            });
            assertThatThrownBy(kit::oneInstanceGeneratesFromManyThreadsAtOnce)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("test-echo threw java.lang.IllegalStateException: two calls at once");
        }

        @Test
        void aGeneratorWhoseAnswersChangeThoughItIsSaidToBeDeterministic() {
            AtomicInteger calls = new AtomicInteger();
            GeneratorContractTest kit = kitFor(new EchoGenerator() {
                @Override
                public BaseGenerator configure(Params params) {
                    return new EchoGenerator("", false) {
                        @Override
                        public GenerationResponse generate(PreprocessedSample sample) {
                            return GenerationResponse.of("answer " + calls.incrementAndGet());
                        }
                    };
                }
            });
            assertThatThrownBy(kit::manyThreadsGetTheAnswersOfOneThread)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the answers of test-echo asked twice");
        }

        @Test
        void aFailureThatIsNotAModelCallException() {
            GeneratorContractTest kit = new GeneratorContractTest() {
                @Override
                protected BaseGenerator generator() {
                    return new EchoGenerator();
                }

                @Override
                protected Optional<BaseGenerator> failingGenerator() {
                    return Optional.of(new EchoGenerator() {
                        @Override
                        public GenerationResponse generate(PreprocessedSample sample) {
                            throw new IllegalStateException("connection refused");
                        }
                    });
                }
            };
            assertThatThrownBy(kit::aFailedCallSurfacesAsModelCallException)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("what test-echo throws when its call fails")
                    .hasMessageContaining("java.lang.IllegalStateException");
        }

        @Test
        void aGeneratorThatCannotBeClosedTwice() {
            GeneratorContractTest kit = kitFor(new EchoGenerator() {
                @Override
                public BaseGenerator configure(Params params) {
                    return new EchoGenerator("", false) {
                        private boolean closed;

                        @Override
                        public void close() {
                            if (closed) {
                                throw new IllegalStateException("already closed");
                            }
                            closed = true;
                        }
                    };
                }
            });
            assertThatThrownBy(kit::aConfiguredInstanceCanBeClosedTwice)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("closing a configured test-echo twice");
        }

        private GeneratorContractTest kitFor(BaseGenerator generator) {
            return new GeneratorContractTest() {
                @Override
                protected BaseGenerator generator() {
                    return generator;
                }

                @Override
                protected Map<String, Object> configuredParameters() {
                    return Map.of("prefix", "echo: ");
                }

                @Override
                protected boolean deterministic() {
                    return true;
                }
            };
        }
    }

    @Nested
    class SkipsWhatItCannotRun {
        @Test
        void everyCaseATestGivesNoMeansToRunIsSkippedWithTheReason() {
            KitRun run = KitRun.of(WithNothingOverridden.class);

            assertThat(run.failed()).isEmpty();
            assertThat(run.skipped())
                    .containsOnly(
                            Map.entry(
                                    "configureReturnsANewInstanceAndLeavesTheOriginalUnchanged",
                                    "test-echo declares parameters (prefix, fail) but configuredParameters() gives"
                                            + " none: override it to test configure"),
                            Map.entry(
                                    "generateAnswersACompletionPrompt",
                                    "test-echo is not said to answer completion prompts: override supportsCompletion()"
                                            + " to return true to test them"),
                            Map.entry(
                                    "manyThreadsGetTheAnswersOfOneThread",
                                    "test-echo is not said to be deterministic: override deterministic() to return"
                                            + " true when the same request gets the same response (a fake, or a server"
                                            + " the test runs), to test that threads sharing one instance get the"
                                            + " answers of one thread"),
                            Map.entry(
                                    "aFailedCallSurfacesAsModelCallException",
                                    "failingGenerator() gives none: override it with a test-echo configured to call"
                                            + " something that fails, such as a closed port, to test that a failure"
                                            + " surfaces as ModelCallException"),
                            Map.entry(
                                    "aConfiguredInstanceCanBeClosedTwice",
                                    "test-echo's configured instance (" + PlainEchoGenerator.class.getName()
                                            + ") is not AutoCloseable: there is nothing to close"));
            assertThat(run.passed())
                    .containsExactlyInAnyOrder(
                            "idIsWellFormed",
                            "descriptionIsOneNonBlankLine",
                            "parametersAreWellFormed",
                            "unknownParameterIsRejectedWithItsName",
                            "generateAnswersAChatInput",
                            "oneInstanceGeneratesFromManyThreadsAtOnce");
        }

        @Test
        void aWellBehavedGeneratorPassesEveryCase() {
            KitRun run = KitRun.of(WellBehaved.class);

            assertThat(run.failed()).isEmpty();
            assertThat(run.skipped()).isEmpty();
            assertThat(run.passed()).hasSize(11);
        }
    }

    /** The kit as a test that gives it the means to run every case; run only through {@link KitRun}. */
    @ExtendWith(OnlyThroughKitRun.class)
    static final class WellBehaved extends GeneratorContractTest {
        @Override
        protected BaseGenerator generator() {
            return new EchoGenerator();
        }

        @Override
        protected Map<String, Object> configuredParameters() {
            return Map.of("prefix", "echo: ");
        }

        @Override
        protected boolean supportsCompletion() {
            return true;
        }

        @Override
        protected boolean deterministic() {
            return true;
        }

        @Override
        protected Optional<BaseGenerator> failingGenerator() {
            return Optional.of(configure(Map.of("prefix", "echo: ", "fail", true)));
        }
    }

    /** The kit as a test that overrides nothing but the generator; run only through {@link KitRun}. */
    @ExtendWith(OnlyThroughKitRun.class)
    static final class WithNothingOverridden extends GeneratorContractTest {
        @Override
        protected BaseGenerator generator() {
            return new PlainEchoGenerator();
        }
    }

    /** Answers with a prefix and the request's user text; a configured one can be closed, and fails when asked. */
    static class EchoGenerator implements BaseGenerator, AutoCloseable {
        final String prefix;
        final boolean fail;

        EchoGenerator() {
            this("", false);
        }

        EchoGenerator(String prefix, boolean fail) {
            this.prefix = prefix;
            this.fail = fail;
        }

        @Override
        public String id() {
            return "test-echo";
        }

        @Override
        public String description() {
            return "answers with the request's user text";
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(
                    Parameter.withDefault("prefix", ParamType.STRING, "put before the answer", ""),
                    Parameter.withDefault(
                            "fail", ParamType.BOOLEAN, "fail every call, as a server that is down", false));
        }

        @Override
        public BaseGenerator configure(Params params) {
            return new EchoGenerator(params.string("prefix").orElse(""), params.bool("fail", false));
        }

        @Override
        public GenerationResponse generate(PreprocessedSample sample) {
            if (fail) {
                throw new ModelCallException("POST http://127.0.0.1:9/v1 failed: connection refused", true, 0, null);
            }
            return GenerationResponse.of(prefix + sample.userText());
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    /** An echo that is not closeable and whose configure gives an equal new instance. */
    static final class PlainEchoGenerator implements BaseGenerator {
        private final EchoGenerator echo;

        PlainEchoGenerator() {
            this(new EchoGenerator());
        }

        private PlainEchoGenerator(EchoGenerator echo) {
            this.echo = echo;
        }

        @Override
        public String id() {
            return echo.id();
        }

        @Override
        public String description() {
            return echo.description();
        }

        @Override
        public List<Parameter> parameters() {
            return echo.parameters();
        }

        @Override
        public BaseGenerator configure(Params params) {
            return new PlainEchoGenerator((EchoGenerator) echo.configure(params));
        }

        @Override
        public GenerationResponse generate(PreprocessedSample sample) {
            return echo.generate(sample);
        }
    }

    /** Breaks the rule: configure changes the shared instance. */
    static final class MutableGenerator extends EchoGenerator {
        private String mutablePrefix = "";

        @Override
        public BaseGenerator configure(Params params) {
            mutablePrefix = params.string("prefix").orElse("");
            return this;
        }

        @Override
        public GenerationResponse generate(PreprocessedSample sample) {
            return GenerationResponse.of(mutablePrefix + sample.userText());
        }
    }

    /** Breaks the rule: it keeps one request's state in a field, so two calls at once are refused. */
    static final class OneCallAtATimeGenerator extends EchoGenerator {
        private final AtomicInteger inFlight = new AtomicInteger();

        @Override
        public GenerationResponse generate(PreprocessedSample sample) {
            try {
                if (inFlight.incrementAndGet() > 1) {
                    throw new IllegalStateException("two calls at once");
                }
                Thread.sleep(20);
                return GenerationResponse.of(sample.userText());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }
}
