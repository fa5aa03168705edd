package dev.evals4j.core.text;

import dev.evals4j.api.EvalException;

/**
 * Thrown when a regular expression needs more steps than its budget on one input: the sign of catastrophic
 * backtracking, which scorers report as an unscored sample instead of hanging the run.
 */
public final class RegexBudgetExceededException extends EvalException {
    public RegexBudgetExceededException(String pattern, int inputLength) {
        super("the regex " + abbreviate(pattern) + " needed too many steps on a " + inputLength
                + "-character input (catastrophic backtracking?)");
    }

    private static String abbreviate(String pattern) {
        return pattern.length() > 80 ? "'" + pattern.substring(0, 80) + "…'" : "'" + pattern + "'";
    }
}
