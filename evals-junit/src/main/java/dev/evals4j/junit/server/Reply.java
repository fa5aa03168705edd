package dev.evals4j.junit.server;

import java.util.List;
import java.util.Objects;

/**
 * What the fake server answers to one call: an {@link Answer}, a {@link Refusal}, or a {@link Fault}. Replies are
 * given in a script ({@link FakeModelServer.Builder#script}), by a {@link Responder}, or by a fault rule.
 */
public sealed interface Reply permits Reply.Answer, Reply.Refusal, Fault {

    /** An answer with this text and {@code finish_reason: "stop"}; every choice of a request with {@code n > 1} gets it. */
    static Answer answer(String text) {
        return new Answer(List.of(Objects.requireNonNull(text, "text")), "stop");
    }

    /**
     * One text per choice, for requests with {@code n > 1}: choice {@code i} gets {@code texts[i % texts.length]};
     * a request with {@code n = 1} gets the first.
     */
    static Answer answers(String... texts) {
        return new Answer(List.of(texts), "stop");
    }

    /**
     * A refusal: on chat completions {@code content: null} with this {@code refusal}, as OpenAI sends it; on
     * completions an empty {@code text} with {@code finish_reason: "content_filter"}.
     */
    static Refusal refusal(String refusal) {
        return new Refusal(refusal);
    }

    /**
     * Answer texts, one per choice (cycled when the request asks for more), and the finish reason ({@code stop},
     * {@code length}, {@code content_filter}, …). A request's {@code max_tokens} and {@code stop} still cut the texts
     * (and set {@code length} or {@code stop}).
     */
    record Answer(List<String> texts, String finishReason) implements Reply {
        public Answer {
            texts = List.copyOf(texts);
            if (texts.isEmpty()) {
                throw new IllegalArgumentException("an answer needs at least one text");
            }
            Objects.requireNonNull(finishReason, "finishReason");
            if (finishReason.isBlank()) {
                throw new IllegalArgumentException("finishReason must not be blank");
            }
        }

        /** This answer with another finish reason. */
        public Answer withFinishReason(String reason) {
            return new Answer(texts, reason);
        }
    }

    /** A refusal with its text, in place of content. */
    record Refusal(String refusal) implements Reply {
        public Refusal {
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
