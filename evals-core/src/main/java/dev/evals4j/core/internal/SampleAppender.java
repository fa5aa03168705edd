package dev.evals4j.core.internal;

import dev.evals4j.core.results.SampleRecord;

/** Where a finished sample's line goes: the {@link SampleJournal}, or a {@link SampleJournal.Group} of lines for it. */
public interface SampleAppender {
    /**
     * Appends one sample's line; {@code written} runs once the line has reached the operating system (where the
     * sample counts).
     */
    void append(SampleRecord sample, Runnable written);
}
