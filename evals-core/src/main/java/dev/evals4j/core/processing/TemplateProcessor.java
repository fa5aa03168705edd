package dev.evals4j.core.processing;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.RowReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * {@code template}: builds chat messages (or a completion prompt) from {@code {column}} placeholders, with an
 * optional system message and few-shot examples drawn with a seed from another file or split; the answer is the
 * generated text, stripped.
 */
public final class TemplateProcessor implements BaseGeneratorProcessor {
    private static final String DEFAULT_TEMPLATE = "{input_query}";

    private final Template prompt;
    private final Optional<String> system;
    private final boolean completion;
    private final String expectedColumn;
    private final Template answer;
    private final List<Map<String, Object>> shots;
    private final String separator;
    private final Answers answers;

    /** The discovered definition: {@code {input_query}} as the user message. */
    public TemplateProcessor() {
        this(Params.EMPTY, List.of());
    }

    private TemplateProcessor(Params params, List<Map<String, Object>> shots) {
        this.prompt = Template.parse(params.string("prompt_template").orElse(DEFAULT_TEMPLATE));
        this.system = params.string("system");
        String mode = params.string("mode").orElse("chat");
        if (!mode.equals("chat") && !mode.equals("completion")) {
            throw new ConfigurationException(
                    "parameter 'mode' of template must be chat or completion, was '" + mode + "'");
        }
        this.completion = mode.equals("completion");
        this.expectedColumn = params.string("expected_column").orElse(ScorerInputSample.EXPECTED_ANSWER);
        this.answer = Template.parse(params.string("few_shot_answer_template").orElse("{" + expectedColumn + "}"));
        this.shots = List.copyOf(shots);
        this.separator = params.string("few_shot_separator").orElse("\n\n");
        this.answers = new Answers(params, "template");
    }

    @Override
    public String id() {
        return "template";
    }

    @Override
    public String description() {
        return "chat messages or a prompt from {column} placeholders, a system message and seeded few-shot examples";
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> own = List.of(
                Parameter.withDefault(
                        "prompt_template",
                        ParamType.STRING,
                        "the user message (or prompt) with {column} placeholders",
                        DEFAULT_TEMPLATE),
                Parameter.optional("system", ParamType.STRING, "a system message"),
                Parameter.withDefault("mode", ParamType.STRING, "chat (messages) or completion (one prompt)", "chat"),
                Parameter.withDefault(
                        "expected_column",
                        ParamType.STRING,
                        "the column holding the expected answer",
                        ScorerInputSample.EXPECTED_ANSWER),
                Parameter.withDefault("few_shot", ParamType.INTEGER, "how many examples to put before each question", 0)
                        .atLeast(0),
                Parameter.optional(
                        "few_shot_source",
                        ParamType.STRING,
                        "the file or URL to draw examples from (another split); required when few_shot > 0"),
                Parameter.withDefault("few_shot_seed", ParamType.INTEGER, "the seed that picks the examples", 1234),
                Parameter.optional(
                        "few_shot_answer_template",
                        ParamType.STRING,
                        "how an example's answer reads (default: {expected_column})"),
                Parameter.withDefault(
                        "few_shot_separator", ParamType.STRING, "between examples in completion mode", "\n\n"));
        List<Parameter> all = new ArrayList<>(own);
        all.addAll(Answers.parameters());
        return List.copyOf(all);
    }

    @Override
    public BaseGeneratorProcessor configure(Params params, PluginContext context) {
        long k = params.integer("few_shot", 0);
        if (k < 0) {
            throw new ConfigurationException("parameter 'few_shot' of template must be at least 0, was " + k);
        }
        List<Map<String, Object>> shots = List.of();
        if (k > 0) {
            String source = params.string("few_shot_source")
                    .orElseThrow(() -> new ConfigurationException(
                            "template needs 'few_shot_source' (a file or URL of examples) when few_shot is " + k));
            shots = draw(context, source, (int) k, params.integer("few_shot_seed", 1234));
        }
        return new TemplateProcessor(params, shots);
    }

    /** Draws k rows with a seed (reservoir sampling), kept in file order. */
    private static List<Map<String, Object>> draw(PluginContext context, String source, int k, long seed) {
        DatasetSource uri = DatasetSource.uri(source);
        Random random = new Random(seed);
        List<Object[]> reservoir = new ArrayList<>();
        long index = 0;
        try (RowReader reader = context.openDataset(uri)) {
            for (Optional<Map<String, Object>> row = reader.next(); row.isPresent(); row = reader.next(), index++) {
                if (reservoir.size() < k) {
                    reservoir.add(new Object[] {index, row.get()});
                } else {
                    long j = (long) (random.nextDouble() * (index + 1));
                    if (j < k) {
                        reservoir.set((int) j, new Object[] {index, row.get()});
                    }
                }
            }
        }
        if (reservoir.size() < k) {
            throw new ConfigurationException(
                    "few_shot asks for " + k + " examples, but " + source + " has only " + reservoir.size() + " rows");
        }
        reservoir.sort(Comparator.comparingLong(o -> (Long) o[0]));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object[] o : reservoir) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) o[1];
            rows.add(row);
        }
        return rows;
    }

    @Override
    public Set<String> requiredColumns() {
        Set<String> columns = new LinkedHashSet<>(prompt.columns());
        columns.add(expectedColumn);
        return columns;
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        if (completion) {
            StringBuilder text = new StringBuilder();
            system.ifPresent(s -> text.append(s).append(separator));
            for (Map<String, Object> shot : shots) {
                text.append(prompt.render(shot)).append(answer.render(shot)).append(separator);
            }
            text.append(prompt.render(sample.row()));
            return new PreprocessedSample(sample, new GenerationInput.Completion(text.toString()));
        }
        List<Message> messages = new ArrayList<>();
        system.ifPresent(s -> messages.add(Message.system(s)));
        for (Map<String, Object> shot : shots) {
            messages.add(Message.user(prompt.render(shot)));
            messages.add(Message.assistant(answer.render(shot)));
        }
        messages.add(Message.user(prompt.render(sample.row())));
        return new PreprocessedSample(sample, new GenerationInput.Chat(messages));
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        return answers.input(sample, response, expectedColumn, Optional.of(prompt.render(sample.row())));
    }
}
