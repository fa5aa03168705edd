package dev.evals4j.junit.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the processor kit on a well-behaved processor, with every case able to run, and shows that it catches
 * processors that break the rules and skips, with the reason, the cases a test gives it no means to run. The kit
 * classes are run through the JUnit Platform Launcher, as a build runs them.
 */
class ProcessorKitSelfTest {

    @Nested
    class CatchesBrokenProcessors {
        @Test
        void aProcessorThatMakesAnEmptyPrompt() {
            ProcessorContractTest kit = kitFor(new BrokenProcessor() {
                @Override
                public PreprocessedSample preprocess(DatasetSample sample) {
                    return new PreprocessedSample(sample, new GenerationInput.Completion(" "));
                }
            });
            assertThatThrownBy(kit::preprocessGivesChatMessagesOrAPromptForEveryRow)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("prompt of test-question on row 0");
        }

        @Test
        void aProcessorThatTakesTheExpectedAnswerFromAnotherColumn() {
            ProcessorContractTest kit = kitFor(new BrokenProcessor() {
                @Override
                public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
                    return new ScorerInputSample(
                            response.text().strip(),
                            sample.row().get("question"),
                            Optional.empty(),
                            Optional.empty(),
                            sample.row());
                }
            });
            assertThatThrownBy(kit::postprocessTakesTheExpectedAnswerFromTheRow)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected answer of test-question on row 0");
        }

        @Test
        void aProcessorThatRequiresAColumnTheRowsDoNotHave() {
            ProcessorContractTest kit = kitFor(new BrokenProcessor() {
                @Override
                public Set<String> requiredColumns() {
                    return Set.of("question", "answer", "context");
                }
            });
            assertThatThrownBy(kit::requiredColumnsAreColumnsTheRowsHave)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("a row of rows() for test-question")
                    .hasMessageContaining("context");
        }

        @Test
        void aProcessorThatFailsARowWithoutAColumnWithoutNamingIt() {
            ProcessorContractTest kit = kitFor(new BrokenProcessor() {
                @Override
                public PreprocessedSample preprocess(DatasetSample sample) {
                    // a bare NullPointerException, which names nothing
                    Object text = java.util.Objects.requireNonNull(sample.row().get("question"));
                    return new PreprocessedSample(
                            sample, new GenerationInput.Chat(List.of(Message.user(text.toString()))));
                }
            });
            assertThatThrownBy(kit::aRowWithoutARequiredColumnFailsNamingIt)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("a row without its required column question");
        }

        @Test
        void aProcessorWhoseConfigureMutatesTheReceiver() {
            ProcessorContractTest kit = kitFor(new MutableProcessor());
            assertThatThrownBy(kit::configureReturnsANewInstanceAndLeavesTheOriginalUnchanged)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("configured test-question");
        }

        @Test
        void aProcessorThatIsNotDeterministic() {
            AtomicInteger calls = new AtomicInteger();
            ProcessorContractTest kit = kitFor(new QuestionProcessor() {
                @Override
                public BaseGeneratorProcessor configure(Params params) {
                    return new QuestionProcessor(params.string("system")) {
                        @Override
                        public PreprocessedSample preprocess(DatasetSample sample) {
                            return new PreprocessedSample(
                                    sample,
                                    new GenerationInput.Completion(calls.incrementAndGet() + ". "
                                            + sample.row().get("question")));
                        }
                    };
                }
            });
            assertThatThrownBy(kit::processingIsDeterministic)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("test-question processing the rows again");
        }

        @Test
        void aProcessorThatIsNotThreadSafe() {
            ProcessorContractTest kit = kitFor(new QuestionProcessor() {
                @Override
                public BaseGeneratorProcessor configure(Params params) {
                    return new OneCallAtATimeProcessor();
                }
            });
            assertThatThrownBy(kit::oneInstanceProcessesFromManyThreadsAtOnce)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("java.lang.IllegalStateException: two calls at once");
        }

        private ProcessorContractTest kitFor(BaseGeneratorProcessor processor) {
            return new ProcessorContractTest() {
                @Override
                protected BaseGeneratorProcessor processor() {
                    return processor;
                }

                @Override
                protected Map<String, Object> configuredParameters() {
                    return Map.of("system", "You are terse.");
                }

                @Override
                protected String expectedColumn() {
                    return "answer";
                }

                @Override
                protected List<Map<String, Object>> rows() {
                    return ROWS;
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
                                    "test-question declares parameters (system) but configuredParameters() gives"
                                            + " none: override it to test configure"),
                            Map.entry(
                                    "requiredColumnsAreColumnsTheRowsHave",
                                    "rows() gives none: override it with rows in the shape test-question reads, to"
                                            + " check that they have its required columns (answer, question)"),
                            Map.entry(
                                    "aRowWithoutARequiredColumnFailsNamingIt",
                                    "test-question documents its required columns (answer, question) as not checked"
                                            + " per row: the run checks them before any model call"));
            assertThat(run.passed()).hasSize(8);
        }

        @Test
        void theMissingColumnCaseOfAProcessorThatRequiresNoColumnIsSkippedWithTheReason() {
            KitRun run = KitRun.of(WithoutRequiredColumns.class);

            assertThat(run.failed()).isEmpty();
            assertThat(run.skipped())
                    .containsOnly(Map.entry(
                            "aRowWithoutARequiredColumnFailsNamingIt",
                            "test-question declares no required columns: there is no column to leave out"));
        }

        @Test
        void aWellBehavedProcessorPassesEveryCase() {
            KitRun run = KitRun.of(WellBehaved.class);

            assertThat(run.failed()).isEmpty();
            assertThat(run.skipped()).isEmpty();
            assertThat(run.passed()).hasSize(11);
        }
    }

    static final List<Map<String, Object>> ROWS = List.of(
            Map.of("question", "Capital of France?", "answer", "Paris"),
            Map.of("question", "2 + 2?", "answer", 4, "category", "math"));

    /** The kit as a test that gives it the means to run every case; run only through {@link KitRun}. */
    @ExtendWith(OnlyThroughKitRun.class)
    static final class WellBehaved extends ProcessorContractTest {
        @Override
        protected BaseGeneratorProcessor processor() {
            return new QuestionProcessor();
        }

        @Override
        protected Map<String, Object> configuredParameters() {
            return Map.of("system", "You are terse.");
        }

        @Override
        protected String expectedColumn() {
            return "answer";
        }

        @Override
        protected List<Map<String, Object>> rows() {
            return ROWS;
        }
    }

    /** The kit as a test that overrides nothing but the processor and what it leaves unchecked; run only through {@link KitRun}. */
    @ExtendWith(OnlyThroughKitRun.class)
    static final class WithNothingOverridden extends ProcessorContractTest {
        @Override
        protected BaseGeneratorProcessor processor() {
            return new QuestionProcessor();
        }

        @Override
        protected String expectedColumn() {
            return "answer";
        }

        @Override
        protected Set<String> columnsNotCheckedPerRow() {
            return Set.of("question", "answer");
        }
    }

    /** The kit for a processor that requires no column; run only through {@link KitRun}. */
    @ExtendWith(OnlyThroughKitRun.class)
    static final class WithoutRequiredColumns extends ProcessorContractTest {
        @Override
        protected BaseGeneratorProcessor processor() {
            return new NoRequiredColumnsProcessor(Optional.empty());
        }

        @Override
        protected Map<String, Object> configuredParameters() {
            return Map.of("system", "You are terse.");
        }

        @Override
        protected String expectedColumn() {
            return "answer";
        }

        @Override
        protected List<Map<String, Object>> rows() {
            return ROWS;
        }
    }

    /**
     * Asks the {@code question} column as a user message, after an optional system message; the expected answer is
     * the {@code answer} column, and a row without either fails naming it.
     */
    static class QuestionProcessor implements BaseGeneratorProcessor {
        final Optional<String> system;

        QuestionProcessor() {
            this(Optional.empty());
        }

        QuestionProcessor(Optional<String> system) {
            this.system = system;
        }

        @Override
        public String id() {
            return "test-question";
        }

        @Override
        public String description() {
            return "asks the question column";
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.optional("system", ParamType.STRING, "a system message"));
        }

        @Override
        public BaseGeneratorProcessor configure(Params params) {
            return new QuestionProcessor(params.string("system"));
        }

        @Override
        public Set<String> requiredColumns() {
            return Set.of("question", "answer");
        }

        @Override
        public PreprocessedSample preprocess(DatasetSample sample) {
            List<Message> messages = new ArrayList<>();
            system.ifPresent(s -> messages.add(Message.system(s)));
            messages.add(Message.user(String.valueOf(column(sample, "question"))));
            return new PreprocessedSample(sample, new GenerationInput.Chat(messages));
        }

        @Override
        public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
            return new ScorerInputSample(
                    response.text().strip(),
                    column(sample, "answer"),
                    Optional.empty(),
                    Optional.empty(),
                    sample.row());
        }

        static Object column(DatasetSample sample, String name) {
            if (!sample.row().containsKey(name)) {
                throw new IllegalArgumentException("row " + sample.index() + " has no column '" + name + "'");
            }
            return sample.row().get(name);
        }
    }

    /** Breaks the rule: configure changes the shared instance. */
    static final class MutableProcessor extends QuestionProcessor {
        private String mutableSystem = "";

        @Override
        public BaseGeneratorProcessor configure(Params params) {
            mutableSystem = params.string("system").orElse("");
            return this;
        }

        @Override
        public PreprocessedSample preprocess(DatasetSample sample) {
            return new PreprocessedSample(
                    sample, new GenerationInput.Completion(mutableSystem + " " + column(sample, "question")));
        }
    }

    /** Breaks the rule: it keeps one row's state in a field, so two calls at once are refused. */
    static final class OneCallAtATimeProcessor extends QuestionProcessor {
        private final AtomicInteger inFlight = new AtomicInteger();

        @Override
        public PreprocessedSample preprocess(DatasetSample sample) {
            try {
                if (inFlight.incrementAndGet() > 1) {
                    throw new IllegalStateException("two calls at once");
                }
                Thread.sleep(2);
                return super.preprocess(sample);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** A processor broken in one way; its configure gives itself, so that the kit's cases run on the breakage. */
    abstract static class BrokenProcessor extends QuestionProcessor {
        @Override
        public BaseGeneratorProcessor configure(Params params) {
            return this;
        }
    }

    /** A question processor that requires no column: it asks {@code input_query} when a row has no question. */
    static final class NoRequiredColumnsProcessor extends QuestionProcessor {
        NoRequiredColumnsProcessor(Optional<String> system) {
            super(system);
        }

        @Override
        public BaseGeneratorProcessor configure(Params params) {
            return new NoRequiredColumnsProcessor(params.string("system"));
        }

        @Override
        public Set<String> requiredColumns() {
            return Set.of();
        }

        @Override
        public PreprocessedSample preprocess(DatasetSample sample) {
            Object question = sample.row().getOrDefault("question", sample.row().get("input_query"));
            return new PreprocessedSample(
                    sample, new GenerationInput.Chat(List.of(Message.user(String.valueOf(question)))));
        }

        @Override
        public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
            return new ScorerInputSample(
                    response.text().strip(),
                    sample.row().get("answer"),
                    Optional.empty(),
                    Optional.empty(),
                    sample.row());
        }
    }
}
