package dev.evals4j.api;

import java.util.List;
import java.util.Objects;

/**
 * What a model is asked: chat messages, a completion prompt, or a context whose continuations are scored by
 * log-likelihood.
 */
public sealed interface GenerationInput {

    /** Chat messages, sent to a chat-completions endpoint. */
    record Chat(List<Message> messages) implements GenerationInput {
        public Chat {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("a chat input needs at least one message");
            }
        }
    }

    /** A plain prompt, sent to a completions endpoint. */
    record Completion(String prompt) implements GenerationInput {
        public Completion {
            Objects.requireNonNull(prompt, "prompt");
        }
    }

    /**
     * A context and the continuations whose log-likelihoods the model is asked for, as lm-evaluation-harness's
     * {@code loglikelihood} requests of a multiple-choice task: nothing is generated, and the response's
     * {@link GenerationResponse#loglikelihoods()} holds one {@link LogLikelihood} per continuation, in this order.
     *
     * <p>Each continuation is scored as the text that follows the context ({@code context + continuation}); whitespace
     * that ends the context is scored with the continuation, as the harness moves it there.
     *
     * @param context the text before each continuation, such as a question ending in {@code Answer:}; not empty
     * @param continuations the texts scored after the context, such as {@code " A"}, {@code " B"}; at least one, none
     *     empty
     */
    record Choices(String context, List<String> continuations) implements GenerationInput {
        public Choices {
            Objects.requireNonNull(context, "context");
            continuations = List.copyOf(continuations);
            if (context.isEmpty()) {
                throw new IllegalArgumentException("the context of a choices input must not be empty");
            }
            if (continuations.isEmpty()) {
                throw new IllegalArgumentException("a choices input needs at least one continuation");
            }
            for (int i = 0; i < continuations.size(); i++) {
                if (continuations.get(i).isEmpty()) {
                    throw new IllegalArgumentException("continuation " + i + " of a choices input is empty");
                }
            }
        }

        /** The text whose log-probabilities are asked for continuation {@code i}: the context, then it. */
        public String prompt(int i) {
            return context + continuations.get(i);
        }
    }
}
