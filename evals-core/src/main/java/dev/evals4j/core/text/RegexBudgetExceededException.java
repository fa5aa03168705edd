package dev.evals4j.core.text;

import dev.evals4j.api.EvalException;

/**
 * Thrown when a regular expression needs more steps than its budget on one input: the sign of catastrophic
 * backtracking, which scorers report as an unscored sample instead of hanging the run. Its subclass
 * {@link RegexStackOverflowException} reports an input too long for the regex engine's recursion.
 */
public sealed class RegexBudgetExceededException extends EvalException permits RegexStackOverflowException {
    public RegexBudgetExceededException(String pattern, int inputLength) {
        super("the regex " + quoted(pattern) + " needed too many steps on a " + inputLength
                + "-character input (catastrophic backtracking?)");
    }

    RegexBudgetExceededException(String message) {
        super(message);
    }

    static String quoted(String pattern) {
        return pattern.length() > 80 ? "'" + pattern.substring(0, 80) + "…'" : "'" + pattern + "'";
    }
}
