package dev.evals4j.tasks;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PostprocessedGeneration;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code simpleqa} (processor): the question ({@code problem}) alone as the user message, after simple-evals' system
 * message, as simple-evals asks it. The expected answer is the gold target ({@code answer}); the question goes to the
 * judge as {@code input_query}.
 */
public final class SimpleQaProcessor implements BaseGeneratorProcessor {
    /** The processor id. */
    public static final String ID = "simpleqa";

    private final String system;

    /** The discovered definition. */
    public SimpleQaProcessor() {
        this(SimpleEvals.SYSTEM);
    }

    private SimpleQaProcessor(String system) {
        this.system = system;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "SimpleQA: the question as the user message";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(SimpleEvals.SYSTEM_PARAMETER);
    }

    @Override
    public BaseGeneratorProcessor configure(Params params) {
        return new SimpleQaProcessor(SimpleEvals.system(params));
    }

    @Override
    public Set<String> requiredColumns() {
        return new LinkedHashSet<>(List.of("problem", "answer"));
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        return new PreprocessedSample(sample, MmluProcessor.chat(system, Rows.text(sample.row(), "problem")));
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        return new ScorerInputSample(
                response.text(),
                Rows.text(sample.row(), "answer"),
                Optional.of(Rows.text(sample.row(), "problem")),
                Optional.of(new PostprocessedGeneration(response.text(), response.logprobs())),
                sample.row());
    }
}
