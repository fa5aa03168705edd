package dev.evals4j.scorers.metrics;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.core.filters.FilterChain;
import dev.evals4j.core.text.RegexBudgetExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** What the text metrics share: the filtered answer against the non-null expected texts. */
final class TextMetric {
    private TextMetric() {}

    static ScoreResult score(ScorerInputSample sample, FilterChain filters,
            BiFunction<String, List<String>, ScoreResult> metric) {
        if (sample.expectedAnswer() == null) {
            return ScoreResult.unscored("expected_answer is missing");
        }
        List<String> references = new ArrayList<>();
        for (String e : sample.expectedTexts()) {
            if (e != null) {
                references.add(e);
            }
        }
        if (references.isEmpty()) {
            return ScoreResult.unscored("expected_answer has no reference text");
        }
        try {
            String answer = filters.answer(sample.generatedAnswer());
            return metric.apply(answer == null ? "" : answer, references);
        } catch (RegexBudgetExceededException e) {
            return ScoreResult.unscored(e.getMessage());
        }
    }
}
