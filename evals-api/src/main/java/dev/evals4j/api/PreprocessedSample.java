package dev.evals4j.api;

import java.util.Objects;

/**
 * A dataset row turned into a model request by a processor, for one epoch (each sample may be asked several
 * times; the epoch is part of a cached response's key).
 */
public record PreprocessedSample(DatasetSample sample, GenerationInput input, int epoch) {
    public PreprocessedSample {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(input, "input");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be at least 0, was " + epoch);
        }
    }

    /** A request for the first epoch. */
    public PreprocessedSample(DatasetSample sample, GenerationInput input) {
        this(sample, input, 0);
    }

    /** The same request for another epoch. */
    public PreprocessedSample withEpoch(int newEpoch) {
        return new PreprocessedSample(sample, input, newEpoch);
    }

    /**
     * The text a plain question-answering application would be given: the prompt, the content of the last user
     * message, or the context of a choices input.
     */
    public String userText() {
        if (input instanceof GenerationInput.Completion completion) {
            return completion.prompt();
        }
        if (input instanceof GenerationInput.Choices choices) {
            return choices.context();
        }
        java.util.List<Message> messages = ((GenerationInput.Chat) input).messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return messages.get(messages.size() - 1).content();
    }
}
