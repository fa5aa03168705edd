package dev.evals4j.scorers.metrics;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.filters.FilterChain;
import dev.evals4j.core.text.RegexBudgetExceededException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the text metrics share: their id and description, the answer filters as their one parameter, the average
 * as their aggregation, and scoring the filtered answer against the non-null expected texts.
 *
 * <p>A subclass keeps only its metric, in {@link #score(String, List)}, and how it is made with other filters.
 */
abstract class TextMetric implements BaseScorer {
    private final String id;
    private final String description;
    private final FilterChain filters;

    TextMetric(String id, String description, FilterChain filters) {
        this.id = id;
        this.description = description;
        this.filters = filters;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<String> defaultAggregations() {
        return List.of("average");
    }

    @Override
    public final List<Parameter> parameters() {
        return List.of(FilterChain.parameter());
    }

    @Override
    public final BaseScorer configure(Params params) {
        return withFilters(FilterChain.fromParams(params, id));
    }

    /** The same metric with these answer filters. */
    abstract BaseScorer withFilters(FilterChain filters);

    @Override
    public final ScoreResult score(ScorerInputSample sample) {
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
            return score(answer == null ? "" : answer, references);
        } catch (RegexBudgetExceededException e) {
            return ScoreResult.unscored(e.getMessage());
        }
    }

    /**
     * The metric of the filtered answer against the references.
     *
     * @param answer the filtered generated answer, empty when there is none
     * @param references the non-null expected texts, at least one
     */
    abstract ScoreResult score(String answer, List<String> references);
}
