package dev.evals4j.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.evals4j.api.EvalSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.LogLikelihood;
import dev.evals4j.api.Message;
import dev.evals4j.api.ScoreResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One line of {@code samples.jsonl}: a (sample, epoch) that finished, appended as it finished.
 *
 * @param index the row's position in the dataset, from 0
 * @param epoch the epoch, written only when a run has more than one
 * @param row the row's columns
 * @param request what the model was asked, when a model was called
 * @param generation what the model answered, when it answered
 * @param generatedAnswer the answer as scored; null for a sample that failed before scoring
 * @param expectedAnswer the expected answer as scored; null for a sample that failed before scoring
 * @param scores each scorer's row, by id; empty for a sample that failed as a whole
 * @param error why the sample failed as a whole, else null
 */
public record SampleRecord(
        long index,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer epoch,
        Map<String, Object> row,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Prompt request,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Generation generation,
        @Nullable Object generatedAnswer,
        @Nullable Object expectedAnswer,
        Map<String, ScoreRow> scores,
        @Nullable ErrorRecord error) {
    public SampleRecord {
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0, was " + index);
        }
        row = row == null ? Map.of() : JsonValues.copyRow(row);
        generatedAnswer = JsonValues.copyValue(generatedAnswer);
        expectedAnswer = JsonValues.copyValue(expectedAnswer);
        scores = scores == null ? Map.of() : copyOf(scores);
    }

    /** The class of {@link Collections#singletonMap}'s maps, which cannot change. */
    private static final Class<?> SINGLETON = Collections.singletonMap("", "").getClass();

    /** An unmodifiable copy that keeps the order; one object for the one scorer of most runs. */
    private static <V> Map<String, V> copyOf(Map<String, V> map) {
        if (map.getClass() == SINGLETON) {
            return map;
        }
        if (map.size() == 1) {
            Map.Entry<String, V> only = map.entrySet().iterator().next();
            return Collections.singletonMap(only.getKey(), only.getValue());
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The epoch, 0 when the line has none. */
    public int epochOrZero() {
        return epoch == null ? 0 : epoch;
    }

    /** Whether the sample failed as a whole. */
    public boolean failed() {
        return error != null;
    }

    /** The sample as the API shows it. */
    public EvalSample toEvalSample() {
        Map<String, ScoreResult> results = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        scores.forEach((id, row) -> {
            Optional<ScoreResult> r = row.result();
            if (r.isPresent()) {
                results.put(id, r.get());
            } else if (row.error() != null) {
                errors.put(id, row.error().message());
            }
        });
        Optional<GenerationInput> input = Optional.empty();
        if (request != null && request.messages() != null && !request.messages().isEmpty()) {
            input = Optional.of(new GenerationInput.Chat(request.messages()));
        } else if (request != null && request.prompt() != null) {
            input = Optional.of(new GenerationInput.Completion(request.prompt()));
        } else if (request != null && request.context() != null && request.continuations() != null) {
            input = Optional.of(new GenerationInput.Choices(request.context(), request.continuations()));
        }
        return new EvalSample(
                index,
                epochOrZero(),
                row,
                input,
                Optional.ofNullable(generation).map(Generation::text),
                generatedAnswer,
                expectedAnswer,
                results,
                errors,
                Optional.ofNullable(error).map(ErrorRecord::message));
    }

    /**
     * What a model was asked: chat messages, a prompt, or a context with the continuations whose log-likelihoods
     * were asked for.
     *
     * @param messages the chat messages, else null
     * @param prompt the completion prompt, else null
     * @param context the context of the continuations, else null
     * @param continuations the continuations scored after the context, else null
     */
    public record Prompt(
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<Message> messages,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String prompt,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String context,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> continuations) {
        public Prompt {
            messages = messages == null ? null : List.copyOf(messages);
            continuations = continuations == null ? null : List.copyOf(continuations);
        }

        /** Chat messages or a prompt. */
        public Prompt(@Nullable List<Message> messages, @Nullable String prompt) {
            this(messages, prompt, null, null);
        }

        /** The record of an input. */
        public static Prompt of(GenerationInput input) {
            if (input instanceof GenerationInput.Chat chat) {
                return new Prompt(chat.messages(), null);
            }
            if (input instanceof GenerationInput.Choices choices) {
                return new Prompt(null, null, choices.context(), choices.continuations());
            }
            return new Prompt(null, ((GenerationInput.Completion) input).prompt());
        }
    }

    /**
     * What a model answered.
     *
     * @param text the (first) answer; empty for a log-likelihood request
     * @param additionalTexts the other answers when several were asked for, else null
     * @param finishReason why it stopped, when reported
     * @param usage its tokens, when reported
     * @param loglikelihoods the continuations' log-likelihoods of a log-likelihood request, else null
     */
    public record Generation(
            String text,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> additionalTexts,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String finishReason,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable UsageRecord usage,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<LoglikelihoodRecord> loglikelihoods) {
        public Generation {
            Objects.requireNonNull(text, "text");
            additionalTexts = additionalTexts == null ? null : List.copyOf(additionalTexts);
            loglikelihoods = loglikelihoods == null ? null : List.copyOf(loglikelihoods);
        }

        /** An answer with text. */
        public Generation(
                String text,
                @Nullable List<String> additionalTexts,
                @Nullable String finishReason,
                @Nullable UsageRecord usage) {
            this(text, additionalTexts, finishReason, usage, null);
        }

        /** The record of a response. */
        public static Generation of(GenerationResponse r) {
            return new Generation(
                    r.text(),
                    r.additionalTexts().isEmpty() ? null : r.additionalTexts(),
                    r.finishReason().orElse(null),
                    r.usage().map(UsageRecord::of).orElse(null),
                    r.loglikelihoods().isEmpty()
                            ? null
                            : r.loglikelihoods().stream()
                                    .map(LoglikelihoodRecord::of)
                                    .toList());
        }
    }

    /**
     * The log-likelihood of one continuation, as {@code samples.jsonl} records it.
     *
     * @param logprob the sum of its tokens' log-probabilities
     * @param tokens how many tokens it had
     * @param greedy whether each was the model's most likely token, when the server said
     */
    public record LoglikelihoodRecord(
            double logprob, int tokens, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean greedy) {

        /** The record of a log-likelihood. */
        public static LoglikelihoodRecord of(LogLikelihood l) {
            return new LoglikelihoodRecord(l.logprob(), l.tokens(), l.greedy().orElse(null));
        }
    }
}
