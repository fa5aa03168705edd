package dev.evals4j.core.processing;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.PostprocessedGeneration;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.filters.FilterChain;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the scorer input from a row and a generation, the same way for every built-in processor: the answer is the
 * generated text stripped of surrounding whitespace, or, with {@code filters}, the first response that the filter
 * chain leaves (all {@code n} responses go through it, so {@code majority_vote} works across them).
 */
final class Answers {
    private final boolean strip;
    private final FilterChain filters;

    Answers(Params params, String pluginId) {
        this.strip = params.bool("strip", true);
        this.filters = FilterChain.fromParams(params, pluginId);
    }

    static List<Parameter> parameters() {
        return List.of(
                Parameter.withDefault(
                        "strip",
                        ParamType.BOOLEAN,
                        "strip whitespace around the generated answer (when no filters are given)",
                        true),
                Parameter.optional(
                        "filters",
                        ParamType.JSON,
                        "filter steps that extract the answer from the generation, e.g. [{\"function\":\"regex\","
                                + "\"regex_pattern\":\"answer is \\\\(?([A-J])\\\\)?\"},{\"function\":\"take_first\"}]"));
    }

    Object extract(GenerationResponse response) {
        if (!filters.isEmpty()) {
            return filters.answer(response.texts());
        }
        return strip ? response.text().strip() : response.text();
    }

    ScorerInputSample input(
            DatasetSample sample, GenerationResponse response, String expectedColumn, Optional<String> inputQuery) {
        Map<String, Object> row = sample.row();
        Object query = row.get(ScorerInputSample.INPUT_QUERY);
        return new ScorerInputSample(
                extract(response),
                row.get(expectedColumn),
                query != null ? Optional.ofNullable(JsonValues.text(query)) : inputQuery,
                Optional.of(new PostprocessedGeneration(response.text(), response.logprobs())),
                row);
    }
}
