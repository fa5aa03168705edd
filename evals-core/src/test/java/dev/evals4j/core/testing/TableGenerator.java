package dev.evals4j.core.testing;

import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.BaseGenerator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code test-table}: answers from a fixed table of questions, and fails for unknown ones; a fake for tests. */
public final class TableGenerator implements BaseGenerator {
    private final Map<String, String> answers;

    public TableGenerator() {
        this(Map.of());
    }

    public TableGenerator(Map<String, String> answers) {
        this.answers = Map.copyOf(answers);
    }

    @Override
    public String id() {
        return "test-table";
    }

    @Override
    public String description() {
        return "answers from a table (test fake)";
    }

    @Override
    public GenerationResponse generate(PreprocessedSample sample) {
        GenerationInput.Chat chat = (GenerationInput.Chat) sample.input();
        String question = chat.messages().get(chat.messages().size() - 1).content();
        String answer = answers.get(question);
        if (answer == null) {
            throw new ModelCallException("the model has no answer to '" + question + "'", false, 400, null);
        }
        return new GenerationResponse(" " + answer + "\n", List.of(), Optional.of(new Usage(10, 2)));
    }
}
