package dev.evals4j.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.evals4j.api.Usage;
import org.jspecify.annotations.Nullable;

/**
 * Token counts as files record them; {@code total_tokens} is written in {@code results.json} only.
 *
 * @param promptTokens the prompts' tokens
 * @param completionTokens the answers' tokens
 * @param totalTokens both together; null where a file leaves it out
 */
public record UsageRecord(
        long promptTokens,
        long completionTokens,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Long totalTokens) {

    /** The counts of a usage, without the total. */
    public static UsageRecord of(Usage usage) {
        return new UsageRecord(usage.promptTokens(), usage.completionTokens(), null);
    }

    /** The counts of a usage, with the total. */
    public static UsageRecord withTotal(Usage usage) {
        return new UsageRecord(usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
    }

    /** The usage these counts record. */
    public Usage usage() {
        return new Usage(promptTokens, completionTokens);
    }
}
