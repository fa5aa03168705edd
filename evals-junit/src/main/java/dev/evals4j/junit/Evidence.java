package dev.evals4j.junit;

import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalSample;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScoreResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/** What a failed assertion shows: the samples that did worst, and where the run's files are kept. */
final class Evidence {
    /** How many samples a failure message shows. */
    static final int SHOWN = 5;

    private static final int MAX_TEXT = 160;

    private Evidence() {}

    /** A sample and how bad it is for one scorer: lower is worse. */
    private record Ranked(EvalSample sample, double rank, String outcome) {}

    /**
     * The samples that did worst for a scorer — failed, errors, unscored, then the lowest scores below 1 — at most
     * {@code n}.
     */
    static String worstSamples(EvalResult result, String scorerId, int n) {
        Comparator<Ranked> worseFirst = Comparator.comparingDouble(Ranked::rank)
                .thenComparingLong(r -> r.sample().index());
        PriorityQueue<Ranked> kept = new PriorityQueue<>(worseFirst.reversed());
        long total = 0;
        try (Stream<EvalSample> samples = result.samples()) {
            for (EvalSample s : (Iterable<EvalSample>) samples::iterator) {
                total++;
                Ranked r = rank(s, scorerId);
                if (r == null) {
                    continue;
                }
                kept.add(r);
                if (kept.size() > n) {
                    kept.poll();
                }
            }
        } catch (RuntimeException e) {
            return "(the samples could not be read: " + e.getMessage() + ")\n";
        }
        List<Ranked> worst = new ArrayList<>(kept);
        worst.sort(worseFirst);
        if (worst.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(
                "The " + (worst.size() == 1 ? "lowest-scoring sample" : worst.size() + " lowest-scoring samples")
                        + " of " + total + ":\n");
        for (Ranked r : worst) {
            describe(out, r.sample(), r.outcome());
        }
        return out.toString();
    }

    /** The samples that failed as a whole, at most {@link #SHOWN}. */
    static String failedSamples(EvalResult result) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        long failed = 0;
        try (Stream<EvalSample> samples = result.samples()) {
            for (EvalSample s : (Iterable<EvalSample>) samples::iterator) {
                if (!s.failed()) {
                    continue;
                }
                failed++;
                if (shown < SHOWN) {
                    describe(out, s, "failed");
                    shown++;
                }
            }
        } catch (RuntimeException e) {
            return "(the samples could not be read: " + e.getMessage() + ")\n";
        }
        return failed == 0
                ? ""
                : "Failed samples" + (failed > shown ? " (" + shown + " of " + failed + ")" : "") + ":\n" + out;
    }

    private static Ranked rank(EvalSample s, String scorerId) {
        if (s.failed()) {
            return new Ranked(s, -3, "failed");
        }
        if (s.scorerErrors().containsKey(scorerId)) {
            return new Ranked(s, -2, "scorer error: " + s.scorerErrors().get(scorerId));
        }
        Optional<ScoreResult> score = s.score(scorerId);
        if (score.isEmpty()) {
            return null;
        }
        ScoreResult r = score.get();
        if (r instanceof ScoreResult.Unscored u) {
            return new Ranked(s, -1, "unscored: " + u.reason());
        }
        if (r instanceof ScoreResult.Numeric num) {
            // a perfect score is no evidence for a low metric
            return num.value() >= 1.0 ? null : new Ranked(s, num.value(), "score " + MetricAssert.number(num.value()));
        }
        return new Ranked(s, Double.MAX_VALUE, "score " + r.scoreValue());
    }

    static void describe(StringBuilder out, EvalSample s, String outcome) {
        out.append("  #").append(s.index());
        if (s.epoch() > 0) {
            out.append(" (epoch ").append(s.epoch()).append(')');
        }
        out.append("  ").append(outcome).append('\n');
        s.question()
                .ifPresent(
                        q -> out.append("      input:     ").append(shorten(q)).append('\n'));
        out.append("      expected:  ")
                .append(shorten(JsonValues.text(s.expectedAnswer())))
                .append('\n');
        out.append("      generated: ")
                .append(shorten(JsonValues.text(s.generatedAnswer())))
                .append('\n');
        s.generation()
                .filter(g -> !g.equals(JsonValues.text(s.generatedAnswer())))
                .ifPresent(
                        g -> out.append("      model said: ").append(shorten(g)).append('\n'));
        s.error()
                .ifPresent(
                        e -> out.append("      error:     ").append(shorten(e)).append('\n'));
    }

    static String shorten(String text) {
        if (text == null) {
            return "(none)";
        }
        String one = text.replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎');
        return one.length() > MAX_TEXT ? one.substring(0, MAX_TEXT) + "…" : one;
    }

    /** Where the run's files are, to end a failure message. */
    static String where(EvalResult result) {
        return "\nThe run's files: " + result.outputDir().toAbsolutePath() + " (results.json, samples.jsonl)";
    }
}
