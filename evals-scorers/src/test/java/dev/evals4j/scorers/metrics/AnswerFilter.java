package dev.evals4j.scorers.metrics;

import java.util.List;
import java.util.Map;

/**
 * The parameters the metric scorers' contract tests configure them with: lm-evaluation-harness's filters, taking the
 * word after "answer is", which changes the score of the kit's sample "The answer is Paris.".
 */
final class AnswerFilter {
    static final Map<String, Object> PARAMETERS = Map.of(
            "filters",
            List.of(
                    Map.of("function", "regex", "regex_pattern", "answer is (\\w+)"),
                    Map.of("function", "take_first")));

    private AnswerFilter() {}
}
