package dev.evals4j.core.text;

/**
 * A string that allows a regex engine only so many character reads: a deterministic bound on the work of one
 * match, so that a pathological pattern and input end with {@link RegexBudgetExceededException} instead of
 * running for hours.
 */
final class BoundedText implements CharSequence {
    /** Reads allowed per character of input, on top of {@link #BASE_BUDGET}; generous for linear scans. */
    static final long READS_PER_CHAR = 100;

    static final long BASE_BUDGET = 2_000_000;

    private final String text;
    private final String pattern;
    private final long[] remaining;

    private BoundedText(String text, String pattern, long[] remaining) {
        this.text = text;
        this.pattern = pattern;
        this.remaining = remaining;
    }

    static BoundedText of(String text, String pattern) {
        return new BoundedText(text, pattern, new long[] {BASE_BUDGET + READS_PER_CHAR * text.length()});
    }

    @Override
    public char charAt(int index) {
        if (--remaining[0] < 0) {
            throw new RegexBudgetExceededException(pattern, text.length());
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        // shares the budget: the engine's reads through a subsequence count too
        return new BoundedText(text.substring(start, end), pattern, remaining);
    }

    @Override
    public String toString() {
        return text;
    }
}
