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
import dev.evals4j.api.spi.PluginContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every generator processor follows, as a test that a processor's own test extends.
 *
 * <p>A subclass gives the unconfigured processor through {@link #processor()}, rows in the shape it reads through
 * {@link #rows()}, and may give parameters ({@link #configuredParameters()}), the column of the expected answer
 * ({@link #expectedColumn()}) and the response the kit post-processes ({@link #response}). The kit adds rows of its
 * own: each has {@code input_query}, the expected column and every required column, with plain, non-ASCII and list
 * values. It then checks, on the processor configured with {@link #configuredParameters()}:
 * <ul>
 *   <li>the id is lower case letters, digits, {@code .}, {@code _} and {@code -}; the description is one non-blank
 *       line; parameters have snake_case names, once each, with descriptions; an unknown parameter is rejected with
 *       {@code unknown parameter 'no_such_parameter' for <id>; …};</li>
 *   <li>{@code configure} returns a new instance and leaves the original unchanged;</li>
 *   <li>{@code preprocess} of every row gives a request for that row: chat messages with some text, or a non-blank
 *       prompt, never an empty request;</li>
 *   <li>{@code postprocess} of a response gives a scorer input whose expected answer is the row's
 *       {@link #expectedColumn()}, with a generated answer and the row's columns;</li>
 *   <li>the required columns are named, and are columns the test's rows have;</li>
 *   <li>a row without a required column fails with a message that names the column, unless the test documents the
 *       column as not checked per row ({@link #columnsNotCheckedPerRow()}: the run checks required columns before
 *       any model call);</li>
 *   <li>processing is deterministic, and one instance gives the same results from {@value PluginRules#THREADS}
 *       threads at once.</li>
 * </ul>
 *
 * <p>A case the kit cannot run is reported as skipped, with the reason and what to override, never as passed: the
 * configure case without {@link #configuredParameters()}, the required-columns case without {@link #rows()}, the
 * missing-column case for a processor that requires no column or whose every required column is not checked per
 * row. The kit configures processors with {@code configure(params, context())}, asking for {@link #context()} once
 * per test, and closes a {@link KitContext} it was given after each test.
 *
 * <pre>{@code
 * class MyProcessorTest extends ProcessorContractTest {
 *     @Override
 *     protected BaseGeneratorProcessor processor() {
 *         return new MyProcessor();
 *     }
 *
 *     @Override
 *     protected List<Map<String, Object>> rows() {
 *         return List.of(Map.of("question", "2+2?", "choices", List.of("3", "4"), "expected_answer", "4"));
 *     }
 * }
 * }</pre>
 */
public abstract class ProcessorContractTest {
    private static final int ROUNDS = 25;

    private @Nullable PluginContext context;
    private @Nullable BaseGeneratorProcessor configured;
    private final List<BaseGeneratorProcessor> made = new ArrayList<>();

    /** The processor under test, unconfigured, as discovery creates it. */
    protected abstract BaseGeneratorProcessor processor();

    /**
     * Parameters (by name, as a user gives them) to configure the processor with; the cases run on the processor
     * configured with them, and the configure case checks that configuring leaves the original unchanged. Empty by
     * default, which skips that case for a processor that declares parameters.
     */
    protected Map<String, Object> configuredParameters() {
        return Map.of();
    }

    /**
     * Rows in the shape the processor reads, which the kit processes besides its own; empty by default, which skips
     * the case that checks the rows have the required columns.
     */
    protected List<Map<String, Object>> rows() {
        return List.of();
    }

    /** The column the processor takes the expected answer from; {@code expected_answer} by default. */
    protected String expectedColumn() {
        return ScorerInputSample.EXPECTED_ANSWER;
    }

    /**
     * Required columns that the processor documents as not checked per row — a row without one is processed (the
     * run checks every required column before any model call); empty by default. Each must be a required column.
     */
    protected Set<String> columnsNotCheckedPerRow() {
        return Set.of();
    }

    /**
     * The value the kit's rows give a required column other than {@code input_query} and the expected column; a
     * text by default. Override it when the processor reads a list or an object there.
     */
    protected @Nullable Object kitValue(String column) {
        return "the " + column + " of the kit's row";
    }

    /** The model response the kit post-processes for a row; {@code "  Paris\n"} by default. */
    protected GenerationResponse response(DatasetSample sample) {
        return GenerationResponse.of("  Paris\n");
    }

    /**
     * The context processors are configured with, asked once per test; by default a {@link KitContext}, which has an
     * empty environment, folders of its own and no other plugins. Override it to give the processor the datasets
     * (few-shot examples) or plugins it reads, such as an evals4j instance's context.
     */
    protected PluginContext context() {
        return new KitContext();
    }

    private PluginContext kitContext() {
        if (context == null) {
            context = context();
        }
        return context;
    }

    private BaseGeneratorProcessor configure(BaseGeneratorProcessor processor, Map<String, Object> parameters) {
        BaseGeneratorProcessor result =
                PluginRules.configureOrFail(processor, parameters, params -> processor.configure(params, kitContext()));
        made.add(result);
        return result;
    }

    private BaseGeneratorProcessor configured() {
        if (configured == null) {
            configured = configure(processor(), configuredParameters());
        }
        return configured;
    }

    @AfterEach
    void closeWhatTheKitMade() throws Exception {
        for (BaseGeneratorProcessor p : made) {
            PluginRules.closeIfCloseable(p);
        }
        made.clear();
        configured = null;
        PluginRules.closeIfKitContext(context);
        context = null;
    }

    /** The kit's rows, for a processor with these required columns, then the test's, numbered from 0. */
    private List<DatasetSample> samples(BaseGeneratorProcessor processor) {
        List<Map<String, Object>> all = new ArrayList<>(kitRows(processor));
        all.addAll(rows());
        List<DatasetSample> samples = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            samples.add(new DatasetSample(i, all.get(i)));
        }
        return samples;
    }

    private List<Map<String, Object>> kitRows(BaseGeneratorProcessor processor) {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(kitRow(processor, "What is the capital of France?", "Paris", null));
        rows.add(kitRow(processor, "Quelle est la capitale du Japon ? 東京か京都か — 😀", "東京", null));
        rows.add(kitRow(processor, "What is 2 + 2?", List.of("4", "four"), 7));
        return rows;
    }

    private Map<String, Object> kitRow(
            BaseGeneratorProcessor processor, String query, Object expected, @Nullable Object extra) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(ScorerInputSample.INPUT_QUERY, query);
        row.put(expectedColumn(), expected);
        for (String column : processor.requiredColumns()) {
            if (!row.containsKey(column)) {
                row.put(column, kitValue(column));
            }
        }
        if (extra != null) {
            row.put("kit_extra_column", extra);
        }
        return row;
    }

    @Test
    void idIsWellFormed() {
        PluginRules.idMatches(processor(), PluginRules.PLUGIN_ID, "lower case letters, digits, '.', '_', '-'");
    }

    @Test
    void descriptionIsOneNonBlankLine() {
        PluginRules.descriptionIsOneNonBlankLine(processor());
    }

    @Test
    void parametersAreWellFormed() {
        PluginRules.parametersAreWellFormed(processor());
    }

    @Test
    void unknownParameterIsRejectedWithItsName() {
        PluginRules.unknownParameterIsRejectedWithItsName(processor());
    }

    @Test
    void configureReturnsANewInstanceAndLeavesTheOriginalUnchanged() {
        BaseGeneratorProcessor original = processor();
        Map<String, Object> given = configuredParameters();
        PluginRules.requireConfiguredParameters(original, given);
        List<String> before = outcomes(original);
        BaseGeneratorProcessor configured = configure(original, given);
        assertThat(configured).as("configured %s", original.id()).isNotSameAs(original);
        assertThat(configured.id()).isEqualTo(original.id());
        outcomes(configured);
        assertThat(outcomes(original))
                .as("what the original %s makes of the rows after configure", original.id())
                .isEqualTo(before);
    }

    @Test
    void preprocessGivesChatMessagesOrAPromptForEveryRow() {
        BaseGeneratorProcessor processor = configured();
        for (DatasetSample sample : samples(processor)) {
            PreprocessedSample request = preprocessOrFail(processor, sample);
            String where = processor.id() + " on row " + sample.index() + " " + sample.row();
            assertThat(request.sample())
                    .as("the row of the request of %s", where)
                    .isEqualTo(sample);
            if (request.input() instanceof GenerationInput.Chat chat) {
                assertThat(chat.messages())
                        .as("chat messages of %s (one with text, at least)", where)
                        .extracting(Message::content)
                        .anySatisfy(content -> assertThat(content).isNotBlank());
                assertThat(chat.messages())
                        .as("roles of the chat messages of %s", where)
                        .extracting(Message::role)
                        .allSatisfy(role -> assertThat(role).isNotBlank());
            } else if (request.input() instanceof GenerationInput.Choices choices) {
                assertThat(choices.context()).as("context of %s", where).isNotBlank();
                assertThat(choices.continuations())
                        .as("continuations of %s", where)
                        .allSatisfy(c -> assertThat(c).isNotBlank());
            } else {
                String prompt = ((GenerationInput.Completion) request.input()).prompt();
                assertThat(prompt).as("prompt of %s", where).isNotBlank();
            }
        }
    }

    @Test
    void postprocessTakesTheExpectedAnswerFromTheRow() {
        BaseGeneratorProcessor processor = configured();
        for (DatasetSample sample : samples(processor)) {
            ScorerInputSample input = postprocessOrFail(processor, sample);
            String where = processor.id() + " on row " + sample.index() + " " + sample.row();
            assertThat(input.expectedAnswer())
                    .as("expected answer of %s (its column %s)", where, expectedColumn())
                    .isEqualTo(sample.row().get(expectedColumn()));
            assertThat(input.generatedAnswer())
                    .as("generated answer of %s from %s", where, response(sample))
                    .isNotNull();
            assertThat(input.row())
                    .as("the row's columns in the scorer input of %s, for scorers that read them", where)
                    .containsAllEntriesOf(sample.row());
        }
    }

    @Test
    void requiredColumnsAreColumnsTheRowsHave() {
        BaseGeneratorProcessor processor = configured();
        Set<String> required = processor.requiredColumns();
        assertThat(required).as("required columns of %s", processor.id()).isNotNull();
        assertThat(required)
                .allSatisfy(c -> assertThat(c).as("a required column's name").isNotBlank());
        if (rows().isEmpty() && !required.isEmpty()) {
            PluginRules.skip("rows() gives none: override it with rows in the shape " + processor.id() + " reads, to"
                    + " check that they have its required columns (" + String.join(", ", new TreeSet<>(required))
                    + ")");
        }
        for (Map<String, Object> row : rows()) {
            for (String column : required) {
                assertThat(row).as("a row of rows() for %s", processor.id()).containsKey(column);
            }
        }
    }

    @Test
    void aRowWithoutARequiredColumnFailsNamingIt() {
        BaseGeneratorProcessor processor = configured();
        Set<String> required = new TreeSet<>(processor.requiredColumns());
        assertThat(required)
                .as("required columns of %s, which columnsNotCheckedPerRow() names", processor.id())
                .containsAll(columnsNotCheckedPerRow());
        if (required.isEmpty()) {
            PluginRules.skip(processor.id() + " declares no required columns: there is no column to leave out");
        }
        Set<String> checked = new TreeSet<>(required);
        checked.removeAll(columnsNotCheckedPerRow());
        if (checked.isEmpty()) {
            PluginRules.skip(processor.id() + " documents its required columns (" + String.join(", ", required)
                    + ") as not checked per row: the run checks them before any model call");
        }
        Map<String, Object> whole = rows().isEmpty() ? kitRows(processor).get(0) : rows().get(0);
        for (String column : checked) {
            Map<String, Object> row = new LinkedHashMap<>(whole);
            row.remove(column);
            DatasetSample sample = new DatasetSample(0, row);
            assertThatThrownBy(() -> {
                        processor.preprocess(sample);
                        processor.postprocess(sample, response(sample));
                    })
                    .as("what %s does with a row without its required column %s: %s", processor.id(), column, row)
                    .isInstanceOf(RuntimeException.class)
                    .hasMessageContaining(column);
        }
    }

    @Test
    void processingIsDeterministic() {
        BaseGeneratorProcessor processor = configured();
        List<String> first = outcomes(processor);
        assertThat(outcomes(processor))
                .as("%s processing the rows again", processor.id())
                .isEqualTo(first);
        assertThat(outcomes(configure(processor(), configuredParameters())))
                .as("another %s configured the same way", processor.id())
                .isEqualTo(first);
    }

    @Test
    void oneInstanceProcessesFromManyThreadsAtOnce() throws InterruptedException {
        BaseGeneratorProcessor processor = configured();
        List<DatasetSample> samples = samples(processor);
        List<Object> expected = new ArrayList<>();
        for (DatasetSample s : samples) {
            expected.add(preprocessOrFail(processor, s));
            expected.add(postprocessOrFail(processor, s));
        }
        List<List<Object>> perThread = PluginRules.onThreads(offset -> () -> {
            Object[] got = new Object[samples.size() * 2];
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < samples.size(); i++) {
                    int k = (i + offset) % samples.size();
                    got[2 * k] = processor.preprocess(samples.get(k));
                    got[2 * k + 1] = processor.postprocess(samples.get(k), response(samples.get(k)));
                }
            }
            return List.of(got);
        });
        for (List<Object> got : perThread) {
            assertThat(got)
                    .as("what %s makes of the rows in one of %d threads", processor.id(), PluginRules.THREADS)
                    .isEqualTo(expected);
        }
    }

    /** What a processor makes of each row, or what it throws, as text that two runs can compare. */
    private List<String> outcomes(BaseGeneratorProcessor processor) {
        List<String> out = new ArrayList<>();
        for (DatasetSample sample : samples(processor)) {
            try {
                out.add(String.valueOf(processor.preprocess(sample)));
                out.add(String.valueOf(processor.postprocess(sample, response(sample))));
            } catch (RuntimeException e) {
                out.add("threw " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static PreprocessedSample preprocessOrFail(BaseGeneratorProcessor processor, DatasetSample sample) {
        PreprocessedSample request;
        try {
            request = processor.preprocess(sample);
        } catch (RuntimeException e) {
            throw new AssertionError(
                    processor.id() + " threw " + e + " in preprocess of row " + sample.index() + " " + sample.row(), e);
        }
        assertThat(request)
                .as("preprocess of row %d by %s", sample.index(), processor.id())
                .isNotNull();
        return request;
    }

    private ScorerInputSample postprocessOrFail(BaseGeneratorProcessor processor, DatasetSample sample) {
        ScorerInputSample input;
        try {
            input = processor.postprocess(sample, response(sample));
        } catch (RuntimeException e) {
            throw new AssertionError(
                    processor.id() + " threw " + e + " in postprocess of row " + sample.index() + " " + sample.row(),
                    e);
        }
        assertThat(input)
                .as("postprocess of row %d by %s", sample.index(), processor.id())
                .isNotNull();
        return input;
    }
}
