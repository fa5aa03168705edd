package dev.evals4j.core.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the reports count while the samples go by: verdicts, each scorer's scores (for the charts), and the kinds
 * of error with a few samples of each.
 */
final class Tally {
    /** Samples named per kind of error. */
    static final int EXAMPLES = 5;

    long samples;
    long passed;
    long failed;
    long errors;
    long skipped;
    final Map<String, ScorerTally> scorers = new LinkedHashMap<>();
    /** Kinds of error, such as {@code sample: ModelCallException} or {@code basic::equality: IllegalStateException}. */
    final Map<String, ErrorKind> errorKinds = new LinkedHashMap<>();

    Tally(List<String> scorerIds) {
        for (String id : scorerIds) {
            scorers.put(id, new ScorerTally());
        }
    }

    /** One scorer's scores. */
    static final class ScorerTally {
        double[] values = new double[256];
        int numeric;
        final Map<String, Long> categories = new TreeMap<>();
        long passingCategories;
        long unscored;
        long errors;

        void add(double v) {
            if (numeric == values.length) {
                values = Arrays.copyOf(values, numeric * 2);
            }
            values[numeric++] = v;
        }
    }

    /** One kind of error: how often, a first message, and the first samples it hit. */
    static final class ErrorKind {
        final int id;
        final String where;
        final String type;
        final String firstMessage;
        long count;
        final List<String> samples = new ArrayList<>();

        ErrorKind(int id, String where, String type, String firstMessage) {
            this.id = id;
            this.where = where;
            this.type = type;
            this.firstMessage = firstMessage;
        }

        String label() {
            return where + ": " + type;
        }
    }

    /** Counts a sample; returns the ids of its kinds of error. */
    List<Integer> add(SampleView view) {
        samples++;
        switch (view.verdict) {
            case PASSED -> passed++;
            case FAILED -> failed++;
            case ERROR -> errors++;
            case SKIPPED -> skipped++;
        }
        List<Integer> kinds = new ArrayList<>();
        if (view.sample.error() != null) {
            kinds.add(error(
                    view,
                    "sample",
                    view.sample.error().type(),
                    view.sample.error().message()));
        }
        for (SampleView.Score s : view.scores) {
            ScorerTally t = scorers.computeIfAbsent(s.scorerId(), id -> new ScorerTally());
            switch (s.outcome()) {
                case ERROR -> {
                    t.errors++;
                    String message =
                            s.note() == null ? "" : s.note().substring(s.note().indexOf(": ") + 2);
                    kinds.add(error(view, s.scorerId(), s.errorType(), message));
                }
                case UNSCORED -> t.unscored++;
                default -> {
                    if (s.category() != null) {
                        t.categories.merge(s.category(), 1L, Long::sum);
                        if (s.outcome() == SampleView.Outcome.PASSED) {
                            t.passingCategories++;
                        }
                    } else {
                        t.add(s.value());
                    }
                }
            }
        }
        return kinds;
    }

    private int error(SampleView view, String where, String type, String message) {
        ErrorKind kind = errorKinds.computeIfAbsent(
                where + "\u0000" + type, k -> new ErrorKind(errorKinds.size(), where, type, message));
        kind.count++;
        if (kind.samples.size() < EXAMPLES) {
            kind.samples.add(view.label());
        }
        return kind.id;
    }
}
