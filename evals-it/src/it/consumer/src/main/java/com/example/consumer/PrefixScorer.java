package com.example.consumer;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.List;
import java.util.Locale;

/** The application's own scorer, registered through META-INF/services: 1.0 when the answer starts with the gold. */
public final class PrefixScorer implements BaseScorer {
    private final boolean ignoreCase;

    public PrefixScorer() {
        this(false);
    }

    private PrefixScorer(boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
    }

    @Override
    public String id() {
        return "consumer::prefix";
    }

    @Override
    public String description() {
        return "1.0 when generated_answer starts with an expected answer";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.withDefault("ignore_case", ParamType.BOOLEAN, "compare ignoring case", false));
    }

    @Override
    public BaseScorer configure(Params params) {
        return new PrefixScorer(params.bool("ignore_case", false));
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        String generated = sample.generatedText();
        if (generated == null) {
            return ScoreResult.correct(false);
        }
        for (String expected : sample.expectedTexts()) {
            if (expected != null && !expected.isBlank() && normalise(generated).startsWith(normalise(expected))) {
                return ScoreResult.correct(true);
            }
        }
        return ScoreResult.correct(false);
    }

    private String normalise(String text) {
        String trimmed = text.strip();
        return ignoreCase ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
    }
}
