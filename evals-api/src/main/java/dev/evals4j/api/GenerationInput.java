package dev.evals4j.api;

import java.util.List;
import java.util.Objects;

/** What a model is asked: either chat messages or a completion prompt. */
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
}
