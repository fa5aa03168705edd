package dev.evals4j.core.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.Message;
import dev.evals4j.core.results.ErrorRecord;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.results.ScoreRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One sample as the reports show it: its texts as strings, each scorer's outcome, and the sample's verdict under
 * the pass/fail rule of {@code junit.xml}.
 */
final class SampleView {
    /** What one scorer made of a sample. */
    enum Outcome {
        PASSED("p"),
        FAILED("f"),
        UNSCORED("u"),
        ERROR("e");

        final String code;

        Outcome(String code) {
            this.code = code;
        }
    }

    /** What the sample is as a test case. */
    enum Verdict {
        PASSED("p"),
        FAILED("f"),
        ERROR("e"),
        SKIPPED("s");

        final String code;

        Verdict(String code) {
            this.code = code;
        }
    }

    /**
     * One scorer's row, for people.
     *
     * @param scorerId the scorer
     * @param outcome passed, failed, unscored or error
     * @param score the score as text ({@code 1}, {@code 0.25}, {@code CORRECT}), else null
     * @param value the numeric score, else NaN
     * @param category the category, else null
     * @param note why it is unscored, or the scorer's error, else null
     * @param errorType the error's type, for an error
     * @param feedback the judge's feedback, when it gave some
     * @param details the other details as JSON, when any
     */
    record Score(
            String scorerId,
            Outcome outcome,
            @Nullable String score,
            double value,
            @Nullable String category,
            @Nullable String note,
            @Nullable String errorType,
            @Nullable String feedback,
            @Nullable String details) {}

    final SampleRecord sample;
    final List<Score> scores;
    final Verdict verdict;

    private SampleView(SampleRecord sample, List<Score> scores, Verdict verdict) {
        this.sample = sample;
        this.scores = scores;
        this.verdict = verdict;
    }

    /** The view of a sample, its scorers in {@code scorerIds}' order, then any others its line holds. */
    static SampleView of(SampleRecord sample, List<String> scorerIds, Set<String> passingCategories) {
        List<Score> scores = new ArrayList<>();
        Map<String, ScoreRow> rows = new LinkedHashMap<>();
        for (String id : scorerIds) {
            ScoreRow row = sample.scores().get(id);
            if (row != null) {
                rows.put(id, row);
            }
        }
        sample.scores().forEach(rows::putIfAbsent);
        boolean anyError = sample.failed();
        boolean anyFailed = false;
        boolean anyPassed = false;
        for (Map.Entry<String, ScoreRow> e : rows.entrySet()) {
            Score s = score(e.getKey(), e.getValue(), passingCategories);
            scores.add(s);
            anyError |= s.outcome() == Outcome.ERROR;
            anyFailed |= s.outcome() == Outcome.FAILED;
            anyPassed |= s.outcome() == Outcome.PASSED;
        }
        Verdict verdict =
                anyError ? Verdict.ERROR : anyFailed ? Verdict.FAILED : anyPassed ? Verdict.PASSED : Verdict.SKIPPED;
        return new SampleView(sample, List.copyOf(scores), verdict);
    }

    private static Score score(String id, ScoreRow row, Set<String> passingCategories) {
        Map<String, Object> details = new LinkedHashMap<>(row.details());
        Object feedback = details.remove("judge_feedback");
        String feedbackText = feedback == null ? null : display(feedback);
        String detailText = details.isEmpty() ? null : json(details);
        if (row.error() != null) {
            return new Score(
                    id,
                    Outcome.ERROR,
                    null,
                    Double.NaN,
                    null,
                    describe(row.error()),
                    row.error().type(),
                    feedbackText,
                    detailText);
        }
        if (row.score() instanceof Double d) {
            return new Score(
                    id,
                    d >= 1.0 ? Outcome.PASSED : Outcome.FAILED,
                    number(d),
                    d,
                    null,
                    null,
                    null,
                    feedbackText,
                    detailText);
        }
        if (row.score() instanceof String c) {
            boolean passing = passingCategories.contains(c.toUpperCase(Locale.ROOT));
            return new Score(
                    id,
                    passing ? Outcome.PASSED : Outcome.FAILED,
                    c,
                    Double.NaN,
                    c,
                    null,
                    null,
                    feedbackText,
                    detailText);
        }
        return new Score(
                id,
                Outcome.UNSCORED,
                null,
                Double.NaN,
                null,
                row.unscored() == null ? "unscored" : row.unscored(),
                null,
                feedbackText,
                detailText);
    }

    /** {@code 17}, or {@code 17 (epoch 1)} for a run with epochs. */
    String label() {
        return sample.index() + (sample.epoch() == null ? "" : " (epoch " + sample.epoch() + ")");
    }

    /** The sample's error as {@code Type: message}, else null. */
    @Nullable
    String error() {
        return sample.error() == null ? null : describe(sample.error());
    }

    /** What the model was asked: the chat messages, else the prompt, else the row's {@code input_query}. */
    @Nullable
    Object prompt() {
        SampleRecord.Prompt request = sample.request();
        if (request != null && request.messages() != null) {
            List<List<String>> messages = new ArrayList<>();
            for (Message m : request.messages()) {
                messages.add(List.of(m.role(), m.content()));
            }
            return messages;
        }
        if (request != null && request.prompt() != null) {
            return request.prompt();
        }
        if (request != null && request.context() != null) {
            return request.context();
        }
        Object query = sample.row().get("input_query");
        return query == null ? null : display(query);
    }

    /** The prompt as one text, for Markdown and XML. */
    @Nullable
    String promptText() {
        Object p = prompt();
        if (p instanceof List<?> messages) {
            StringBuilder s = new StringBuilder();
            for (Object m : messages) {
                List<?> pair = (List<?>) m;
                s.append(s.length() == 0 ? "" : "\n")
                        .append(pair.get(0))
                        .append(": ")
                        .append(pair.get(1));
            }
            return s.toString();
        }
        return (String) p;
    }

    /**
     * The model's answer text, when a model was asked; for a log-likelihood request, each continuation with its
     * log-likelihood, one a line.
     */
    @Nullable
    String generation() {
        SampleRecord.Generation g = sample.generation();
        if (g == null) {
            return null;
        }
        if (g.loglikelihoods() == null) {
            return g.text();
        }
        List<String> continuations =
                sample.request() == null || sample.request().continuations() == null
                        ? List.of()
                        : sample.request().continuations();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < g.loglikelihoods().size(); i++) {
            SampleRecord.LoglikelihoodRecord l = g.loglikelihoods().get(i);
            s.append(s.length() == 0 ? "" : "\n")
                    .append(i < continuations.size() ? "\"" + continuations.get(i) + "\"" : "#" + i)
                    .append(": ")
                    .append(l.logprob());
        }
        return s.toString();
    }

    /** Why the model stopped, when it said. */
    @Nullable
    String finishReason() {
        return sample.generation() == null ? null : sample.generation().finishReason();
    }

    /** The answer as scored, as text. */
    @Nullable
    String answer() {
        return sample.generatedAnswer() == null ? null : display(sample.generatedAnswer());
    }

    /** The expected answer, as text. */
    @Nullable
    String expected() {
        return sample.expectedAnswer() == null ? null : display(sample.expectedAnswer());
    }

    static String describe(ErrorRecord e) {
        return e.type() + ": " + e.message();
    }

    /** A string as it is; any other value as JSON. */
    static String display(Object value) {
        return value instanceof String s ? s : json(value);
    }

    static String json(Object value) {
        try {
            return RunFiles.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** {@code 1}, {@code 0.25}, {@code 0.3333}: integers without a fraction, others to 4 decimals at most. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = BigDecimal.valueOf(v)
                .setScale(4, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
        return s.equals("0") || s.equals("-0") ? String.format(Locale.ROOT, "%.2e", v) : s;
    }
}
