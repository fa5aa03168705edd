package dev.evals4j.core.testing;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.Message;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code test-question}: asks {@code input_query} as the user message; a fake for tests. */
public final class EchoProcessor implements BaseGeneratorProcessor {
    @Override
    public String id() {
        return "test-question";
    }

    @Override
    public String description() {
        return "input_query as the user message (test fake)";
    }

    @Override
    public Set<String> requiredColumns() {
        return Set.of("input_query", "expected_answer");
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        return new PreprocessedSample(
                sample,
                new GenerationInput.Chat(
                        List.of(Message.user(JsonValues.text(sample.row().get("input_query"))))));
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        Map<String, Object> row = sample.row();
        return new ScorerInputSample(
                response.text().strip(),
                row.get("expected_answer"),
                Optional.of(JsonValues.text(row.get("input_query"))),
                Optional.empty(),
                row);
    }
}
