package dev.evals4j.core.text;

/**
 * Thrown when java.util.regex runs out of stack on an input: it recurses once per repetition of a group that can
 * match in more than one way, such as {@code (ab|cd)+}, so a long enough input overflows the thread's stack. A
 * {@link RegexBudgetExceededException}, so that scorers report the sample as unscored instead of dying of a
 * {@link StackOverflowError}.
 */
public final class RegexStackOverflowException extends RegexBudgetExceededException {
    public RegexStackOverflowException(String pattern, int inputLength) {
        super("the regex " + quoted(pattern) + " ran out of stack on a " + inputLength + "-character input:"
                + " java.util.regex recurses on every repetition of a group with alternatives, so the input is too"
                + " long for this regex; repeat a character class or a group without alternatives instead (e.g."
                + " [\\s\\S]* rather than (.|\\r\\n)*, (?:ab)+ rather than (ab|ba)+), or shorten the input");
    }
}
