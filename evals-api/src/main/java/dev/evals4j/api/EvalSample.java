package dev.evals4j.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One finished (sample, epoch) of a run, as its journal records it: the row, what the model was asked and answered
 * when a model was called, the answers as scored, and each scorer's score — or the sample's error.
 *
 * @param index the row's position in the dataset, from 0
 * @param epoch the epoch, from 0
 * @param row the row's columns
 * @param request what the model was asked, when a model was called
 * @param generation the model's (first) answer, when it answered
 * @param generatedAnswer the answer as scored
 * @param expectedAnswer the expected answer as scored
 * @param scores each scorer's score, by id, for the scorers that gave one
 * @param scorerErrors each scorer that failed on this sample, with its message
 * @param error why the sample failed as a whole, when it did
 */
public record EvalSample(
        long index,
        int epoch,
        Map<String, @Nullable Object> row,
        Optional<GenerationInput> request,
        Optional<String> generation,
        @Nullable Object generatedAnswer,
        @Nullable Object expectedAnswer,
        Map<String, ScoreResult> scores,
        Map<String, String> scorerErrors,
        Optional<String> error) {
    public EvalSample {
        row = JsonValues.copyRow(Objects.requireNonNull(row, "row"));
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(generation, "generation");
        generatedAnswer = JsonValues.copyValue(generatedAnswer);
        expectedAnswer = JsonValues.copyValue(expectedAnswer);
        scores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        scorerErrors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scorerErrors));
        Objects.requireNonNull(error, "error");
    }

    /** Whether the sample failed as a whole (the model call, or its processing). */
    public boolean failed() {
        return error.isPresent();
    }

    /** The score of one scorer, when it gave one. */
    public Optional<ScoreResult> score(String scorerId) {
        return Optional.ofNullable(scores.get(scorerId));
    }

    /** The question as the sample shows it: the row's {@code input_query}, else the last user message or prompt. */
    public Optional<String> question() {
        Object query = row.get(ScorerInputSample.INPUT_QUERY);
        if (query != null) {
            return Optional.ofNullable(JsonValues.text(query));
        }
        return request.map(input -> new PreprocessedSample(new DatasetSample(index, Map.of()), input).userText());
    }
}
