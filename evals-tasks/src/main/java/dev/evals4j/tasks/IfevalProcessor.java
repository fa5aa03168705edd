package dev.evals4j.tasks;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.PostprocessedGeneration;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ifeval} (processor): the row's {@code prompt} as the only user message. The scorers read the row's
 * {@code instruction_id_list} and {@code kwargs}; there is no expected answer.
 */
public final class IfevalProcessor implements BaseGeneratorProcessor {
    /** The processor id. */
    public static final String ID = "ifeval";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "IFEval: the prompt as the user message";
    }

    @Override
    public Set<String> requiredColumns() {
        return new LinkedHashSet<>(List.of("prompt", "instruction_id_list", "kwargs"));
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        return new PreprocessedSample(
                sample, new GenerationInput.Chat(List.of(Message.user(Rows.text(sample.row(), "prompt")))));
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        return new ScorerInputSample(
                response.text(),
                null,
                Optional.of(Rows.text(sample.row(), "prompt")),
                Optional.of(new PostprocessedGeneration(response.text(), response.logprobs())),
                sample.row());
    }
}
