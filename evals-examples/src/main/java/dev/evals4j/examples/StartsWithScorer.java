package dev.evals4j.examples;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import java.util.List;
import java.util.Locale;

/**
 * {@code example::starts-with}: 1.0 when the generated answer starts with the expected answer (or any element of
 * an expected list), after trimming; a plugin written the way a user of evals4j would write one.
 *
 * <p>It is registered only through {@code META-INF/services/dev.evals4j.api.spi.BaseScorer}. Its parameter
 * {@code ignore_case} shows the rule for configured plugins: {@link #configure} returns a new instance and the
 * discovered one is never changed.
 */
public final class StartsWithScorer implements BaseScorer {
    private final boolean ignoreCase;

    /** The discovered instance, case-sensitive. */
    public StartsWithScorer() {
        this(false);
    }

    private StartsWithScorer(boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
    }

    @Override
    public String id() {
        return "example::starts-with";
    }

    @Override
    public String description() {
        return "1.0 when generated_answer starts with expected_answer (an example plugin)";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.withDefault("ignore_case", ParamType.BOOLEAN, "compare ignoring case", false));
    }

    @Override
    public BaseScorer configure(Params params) {
        return new StartsWithScorer(params.bool("ignore_case", false));
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        String generated = sample.generatedText();
        if (generated == null) {
            return ScoreResult.correct(false);
        }
        String answer = normalise(generated);
        for (String expected : sample.expectedTexts()) {
            if (expected != null && !expected.isBlank() && answer.startsWith(normalise(expected))) {
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
