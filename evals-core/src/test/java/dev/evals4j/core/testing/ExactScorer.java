package dev.evals4j.core.testing;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** {@code test::exact}: equality of texts, optionally ignoring case; a fake for the core's tests. */
public final class ExactScorer implements BaseScorer {
    private final boolean ignoreCase;

    public ExactScorer() {
        this(false);
    }

    private ExactScorer(boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
    }

    @Override
    public String id() {
        return "test::exact";
    }

    @Override
    public String description() {
        return "equality of texts (test fake)";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.withDefault("ignore_case", ParamType.BOOLEAN, "compare ignoring case", false));
    }

    @Override
    public BaseScorer configure(Params params) {
        return new ExactScorer(params.bool("ignore_case", false));
    }

    public boolean ignoresCase() {
        return ignoreCase;
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        String generated = sample.generatedText();
        for (String expected : sample.expectedTexts()) {
            boolean match = ignoreCase
                    ? generated != null
                            && expected != null
                            && generated.toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT))
                    : Objects.equals(generated, expected);
            if (match) {
                return ScoreResult.correct(true);
            }
        }
        return ScoreResult.correct(false);
    }
}
