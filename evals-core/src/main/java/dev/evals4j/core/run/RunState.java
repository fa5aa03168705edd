package dev.evals4j.core.run;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.api.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The aggregates of a run as its samples finish, in any order: each scorer's accumulators, the epochs of samples
 * still waiting for their other epochs, and the counts. Thread-safe.
 */
final class RunState {
    private final List<ScorerRun> scorers;
    private final int epochs;
    private final EpochReducer reducer;
    private final Map<Long, List<SampleOutcome>> waiting = new HashMap<>();
    private long samples;
    private long evaluations;
    private long failedEvaluations;
    private Usage usage;
    private Usage judgeUsage;
    private final @Nullable ScoreSink sink;

    RunState(List<ScorerRun> scorers, int epochs, EpochReducer reducer) {
        this(scorers, epochs, reducer, null);
    }

    /** A state that also hands each sample's scores to {@code sink} as it adds them. */
    RunState(List<ScorerRun> scorers, int epochs, EpochReducer reducer, @Nullable ScoreSink sink) {
        this.scorers = scorers;
        this.epochs = epochs;
        this.reducer = reducer;
        this.sink = sink;
    }

    synchronized void record(long index, SampleOutcome outcome) {
        record(index, "", outcome);
    }

    /** Records one (sample, epoch) of a row in {@code group} (the value of the run's group-by column). */
    synchronized void record(long index, String group, SampleOutcome outcome) {
        evaluations++;
        if (outcome.failed()) {
            failedEvaluations++;
        }
        if (outcome.usage().isPresent()) {
            usage = usage == null
                    ? outcome.usage().get()
                    : usage.plus(outcome.usage().get());
        }
        for (Optional<ScoreResult> score : outcome.scores().values()) {
            Optional<Usage> judged = score.flatMap(ScoreResult::judgeUsage);
            if (judged.isPresent()) {
                judgeUsage = judgeUsage == null ? judged.get() : judgeUsage.plus(judged.get());
            }
        }
        List<SampleOutcome> outcomes;
        if (epochs == 1) {
            outcomes = null;
        } else {
            outcomes = waiting.computeIfAbsent(index, i -> new ArrayList<>(epochs));
            outcomes.add(outcome);
            if (outcomes.size() < epochs) {
                return;
            }
            waiting.remove(index);
        }
        samples++;
        Map<String, Optional<ScoreResult>> added = sink == null ? null : new LinkedHashMap<>();
        for (ScorerRun s : scorers) {
            Optional<ScoreResult> result = outcomes == null ? scoreOf(outcome, s) : reduced(outcomes, s);
            if (result.isPresent()) {
                s.add(group, result.get());
            } else {
                s.addError(group);
            }
            if (added != null) {
                added.put(s.id, result);
            }
        }
        if (sink != null) {
            sink.add(index, group, added);
        }
    }

    /** The score {@code s} gave in one epoch; empty when it, or the whole sample, failed. */
    private static Optional<ScoreResult> scoreOf(SampleOutcome outcome, ScorerRun s) {
        Optional<ScoreResult> r = outcome.failed() ? null : outcome.scores().get(s.id);
        return r == null ? Optional.empty() : r;
    }

    /**
     * The score of a sample's epochs for {@code s}: the scored ones reduced (with whether any had an answer), else the
     * first reason for not scoring, else empty when the scorer failed in every epoch.
     */
    private Optional<ScoreResult> reduced(List<SampleOutcome> outcomes, ScorerRun s) {
        List<ScoreResult> scored = new ArrayList<>();
        boolean answered = false;
        ScoreResult firstUnscored = null;
        for (SampleOutcome o : outcomes) {
            Optional<ScoreResult> r = scoreOf(o, s);
            if (r.isPresent()) {
                answered |= !r.get().noAnswer();
                if (r.get() instanceof ScoreResult.Unscored) {
                    firstUnscored = firstUnscored == null ? r.get() : firstUnscored;
                } else {
                    scored.add(r.get());
                }
            }
        }
        if (scored.isEmpty()) {
            return Optional.ofNullable(firstUnscored);
        }
        ScoreResult reduced = reducer.reduce(scored);
        // a sample has no answer when none of its epochs had one
        if (scored.size() > 1 || firstUnscored != null) {
            reduced = reduced.withDetails(Map.of(ScoreResult.NO_ANSWER, !answered));
        }
        return Optional.of(reduced);
    }

    synchronized long evaluations() {
        return evaluations;
    }

    synchronized long failedEvaluations() {
        return failedEvaluations;
    }

    synchronized long samples() {
        return samples;
    }

    synchronized Optional<Usage> usage() {
        return Optional.ofNullable(usage);
    }

    synchronized Optional<Usage> judgeUsage() {
        return Optional.ofNullable(judgeUsage);
    }

    synchronized Map<String, ScorerSummary> summaries() {
        Map<String, ScorerSummary> out = new LinkedHashMap<>();
        for (ScorerRun s : scorers) {
            out.put(s.id, s.summary());
        }
        return out;
    }
}
