package dev.evals4j.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a scorer scores: the model's answer, the expected answer (one value, or a list of acceptable values),
 * the question when known, the model's full output when a model was called, and the whole row for scorers that
 * read other columns (such as {@code context}).
 *
 * <p>Answers keep their JSON types: most are strings, but a scorer such as a JSON diff may receive a map.
 */
public record ScorerInputSample(
        @Nullable Object generatedAnswer,
        @Nullable Object expectedAnswer,
        Optional<String> inputQuery,
        Optional<PostprocessedGeneration> generationOutput,
        Map<String, @Nullable Object> row) {

    public static final String GENERATED_ANSWER = "generated_answer";
    public static final String EXPECTED_ANSWER = "expected_answer";
    public static final String INPUT_QUERY = "input_query";

    public ScorerInputSample {
        generatedAnswer = JsonValues.copyValue(generatedAnswer);
        expectedAnswer = JsonValues.copyValue(expectedAnswer);
        Objects.requireNonNull(inputQuery, "inputQuery");
        Objects.requireNonNull(generationOutput, "generationOutput");
        row = JsonValues.copyRow(Objects.requireNonNull(row, "row"));
    }

    /** A sample with just the two answers, as a test or a quick check would build it. */
    public static ScorerInputSample of(@Nullable Object generatedAnswer, @Nullable Object expectedAnswer) {
        return new ScorerInputSample(generatedAnswer, expectedAnswer, Optional.empty(), Optional.empty(), Map.of());
    }

    /** The generated answer as text: a string as is, another value as JSON, {@code null} when there is none. */
    public @Nullable String generatedText() {
        return JsonValues.text(generatedAnswer);
    }

    /** Whether the expected answer is a list of acceptable answers rather than one answer. */
    public boolean expectedIsList() {
        return expectedAnswer instanceof List<?>;
    }

    /**
     * The acceptable answers as text: the elements of a list, or the one expected answer; a {@code null} element
     * stays {@code null}.
     */
    public List<@Nullable String> expectedTexts() {
        if (expectedAnswer instanceof List<?> list) {
            return list.stream().map(JsonValues::text).toList();
        }
        return java.util.Collections.singletonList(JsonValues.text(expectedAnswer));
    }
}
