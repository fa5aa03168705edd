package dev.evals4j.core.processing;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.PostprocessedGeneration;
import dev.evals4j.api.ScorerInputSample;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Builds the scorer input from a row and a generation, the same way for every built-in processor. */
final class Answers {
    private Answers() {}

    static ScorerInputSample input(DatasetSample sample, GenerationResponse response, String expectedColumn,
            Optional<String> inputQuery, UnaryOperator<String> extract) {
        Map<String, Object> row = sample.row();
        Object query = row.get(ScorerInputSample.INPUT_QUERY);
        return new ScorerInputSample(
                extract.apply(response.text()),
                row.get(expectedColumn),
                query != null ? Optional.ofNullable(JsonValues.text(query)) : inputQuery,
                Optional.of(new PostprocessedGeneration(response.text(), response.logprobs())),
                row);
    }
}
