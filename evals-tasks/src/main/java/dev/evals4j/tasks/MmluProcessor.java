package dev.evals4j.tasks;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.PostprocessedGeneration;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mmlu} (processor): simple-evals' zero-shot multiple-choice prompt for a cais/mmlu row ({@code question},
 * {@code choices}, {@code answer} 0-3), sent as a chat with simple-evals' system message. The answer is the raw
 * generation and the expected answer the gold letter; the scorer extracts the letter.
 */
public final class MmluProcessor implements BaseGeneratorProcessor {
    /** The processor id. */
    public static final String ID = "mmlu";

    private final String system;

    /** The discovered definition. */
    public MmluProcessor() {
        this(SimpleEvals.SYSTEM);
    }

    private MmluProcessor(String system) {
        this.system = system;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "MMLU: simple-evals' zero-shot multiple-choice prompt (Answer: $LETTER)";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(SimpleEvals.SYSTEM_PARAMETER);
    }

    @Override
    public BaseGeneratorProcessor configure(Params params) {
        return new MmluProcessor(SimpleEvals.system(params));
    }

    @Override
    public Set<String> requiredColumns() {
        return new LinkedHashSet<>(List.of("question", "choices", "answer"));
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        String prompt =
                SimpleEvals.multichoice(Rows.text(sample.row(), "question"), Rows.texts(sample.row(), "choices"));
        return new PreprocessedSample(sample, chat(system, prompt));
    }

    /** A user message, after the system message when there is one. */
    static GenerationInput.Chat chat(String system, String user) {
        List<Message> messages = new ArrayList<>();
        if (!system.isEmpty()) {
            messages.add(Message.system(system));
        }
        messages.add(Message.user(user));
        return new GenerationInput.Chat(messages);
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        Map<String, Object> row = new LinkedHashMap<>(sample.row());
        return new ScorerInputSample(
                response.text(),
                Rows.letter(row.get("answer")),
                Optional.of(Rows.text(row, "question")),
                Optional.of(new PostprocessedGeneration(response.text(), response.logprobs())),
                row);
    }

    /** A configuration error naming this processor's parameter. */
    static ConfigurationException badParameter(String id, String name, String accepted, Object was) {
        return new ConfigurationException(
                "parameter '" + name + "' of " + id + " must be " + accepted + ", was '" + was + "'");
    }
}
