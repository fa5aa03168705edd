package dev.evals4j.scorers.harness;

import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.scorers.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code harness::acc} and {@code harness::acc_norm}: lm-evaluation-harness's accuracies of a multiple-choice task
 * scored by log-likelihood ({@code output_type: multiple_choice}).
 *
 * <p>The generated answer is an object with the task's {@code choices} (the texts of {@code doc_to_choice}, such as
 * {@code "A"}…{@code "D"}, without the target delimiter) and their {@code loglikelihoods} (one number per choice, the
 * continuation's summed token log-probabilities), as a log-likelihood task's processor writes it. The prediction is
 * the choice with the greatest log-likelihood ({@code acc}), or with the greatest log-likelihood divided by the
 * choice's length in characters ({@code acc_norm}: Python's {@code len} of the choice, code points; the harness's
 * {@code acc_bytes} divides by UTF-8 bytes instead), the first on a tie, as {@code numpy.argmax}. The score is 1 when
 * the prediction is the gold: the expected answer as an index into the choices or as a choice's text (a list: any of
 * them), as the harness reads {@code doc_to_target}. An expected answer that is none of the choices, or a generated
 * answer in another shape, is unscored with the reason (the harness warns and scores 0). Details: {@code prediction},
 * the chosen choice.
 */
public abstract sealed class MultipleChoiceScorer implements BaseScorer
        permits MultipleChoiceScorer.Acc, MultipleChoiceScorer.AccNorm {
    private final String id;
    private final boolean normalized;

    private MultipleChoiceScorer(String id, boolean normalized) {
        this.id = id;
        this.normalized = normalized;
    }

    /** {@code harness::acc}: the choice with the greatest log-likelihood. */
    public static final class Acc extends MultipleChoiceScorer {
        /** The scorer's id. */
        public static final String ID = "harness::acc";

        /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
        public Acc() {
            super(ID, false);
        }

        @Override
        public String description() {
            return "lm-evaluation-harness acc: the choice with the greatest log-likelihood is the gold";
        }
    }

    /** {@code harness::acc_norm}: the choice with the greatest log-likelihood per character. */
    public static final class AccNorm extends MultipleChoiceScorer {
        /** The scorer's id. */
        public static final String ID = "harness::acc_norm";

        /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
        public AccNorm() {
            super(ID, true);
        }

        @Override
        public String description() {
            return "lm-evaluation-harness acc_norm: the choice with the greatest log-likelihood per character is the"
                    + " gold";
        }
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final ScoreResult score(ScorerInputSample sample) {
        if (!(sample.generatedAnswer() instanceof Map<?, ?> answer)) {
            return badAnswer(sample.generatedAnswer());
        }
        Optional<List<String>> choices = Json.strings(answer.get("choices"));
        Optional<List<Double>> loglikelihoods = numbers(answer.get("loglikelihoods"));
        if (choices.isEmpty()
                || loglikelihoods.isEmpty()
                || choices.get().isEmpty()
                || choices.get().size() != loglikelihoods.get().size()) {
            return badAnswer(answer);
        }
        List<String> c = choices.get();
        Object expected = sample.expectedAnswer();
        if (expected == null) {
            return ScoreResult.unscored("expected_answer is missing");
        }
        List<Integer> gold = new ArrayList<>();
        for (Object target : expected instanceof List<?> list ? list : List.of(expected)) {
            int g = goldIndex(target, c);
            if (g < 0) {
                return ScoreResult.unscored("expected_answer " + JsonValues.toJson(target)
                        + " is neither one of the choices " + JsonValues.toJson(c) + " nor the index of one");
            }
            gold.add(g);
        }
        int prediction = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < c.size(); i++) {
            double value = loglikelihoods.get().get(i);
            if (normalized) {
                int length = c.get(i).codePointCount(0, c.get(i).length());
                if (length == 0) {
                    return ScoreResult.unscored("choice " + i + " is empty, and acc_norm divides by its length");
                }
                value /= length;
            }
            if (prediction < 0 || value > best) {
                prediction = i;
                best = value;
            }
        }
        return ScoreResult.correct(gold.contains(prediction)).withDetails(Map.of("prediction", c.get(prediction)));
    }

    /** The harness's gold: an index, or the position of a choice's text; -1 when it is neither. */
    private static int goldIndex(@Nullable Object target, List<String> choices) {
        if (target instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && d >= 0 && d < choices.size() ? (int) d : -1;
        }
        return target instanceof String s ? choices.indexOf(s) : -1;
    }

    private static Optional<List<Double>> numbers(@Nullable Object value) {
        if (!(value instanceof List<?> list)) {
            return Optional.empty();
        }
        List<Double> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Number n) || Double.isNaN(n.doubleValue())) {
                return Optional.empty();
            }
            out.add(n.doubleValue());
        }
        return Optional.of(out);
    }

    private static ScoreResult badAnswer(@Nullable Object answer) {
        String json = JsonValues.toJson(answer);
        return ScoreResult.unscored("generated_answer must be an object with 'choices' (texts) and 'loglikelihoods'"
                + " (numbers), one per choice, as a log-likelihood task's processor writes it; was "
                + (json.length() <= 200 ? json : json.substring(0, 200) + "…"));
    }
}
