package dev.evals4j.api;

/** Token counts of one model call, as the server reported them. */
public record Usage(long promptTokens, long completionTokens) {
    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException(
                    "token counts must be at least 0, were " + promptTokens + " and " + completionTokens);
        }
    }

    /** Prompt and completion tokens together. */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** The sum of two usages. */
    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
