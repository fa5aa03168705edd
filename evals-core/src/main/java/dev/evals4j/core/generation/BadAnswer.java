package dev.evals4j.core.generation;

import dev.evals4j.api.ModelCallException;
import org.jspecify.annotations.Nullable;

/**
 * A successful (2xx) answer that cannot be used, with its cause as the run's statistics count it:
 * {@code unreadable_answer} (not JSON, no choices, an error object, a wrong shape), {@code no_content},
 * {@code refusal} or {@code no_prompt_logprobs}. Not retried: the same request gets the same kind of answer.
 */
final class BadAnswer extends ModelCallException {
    private static final long serialVersionUID = 1L;

    /** An answer that is not in the protocol's shape. */
    static final String UNREADABLE = "unreadable_answer";
    /** An answer without content. */
    static final String NO_CONTENT = "no_content";
    /** A refusal instead of content. */
    static final String REFUSAL = "refusal";
    /** An answer to a log-likelihood request without the prompt's log-probabilities. */
    static final String NO_PROMPT_LOGPROBS = "no_prompt_logprobs";

    private final String kind;

    BadAnswer(String kind, String message, @Nullable Throwable cause) {
        super(message, false, 200, cause);
        this.kind = kind;
    }

    /** The cause, as counted. */
    String kind() {
        return kind;
    }
}
