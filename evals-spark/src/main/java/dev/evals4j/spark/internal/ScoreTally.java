package dev.evals4j.spark.internal;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.core.run.ScoreSink;
import dev.evals4j.core.scoring.Aggregations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import scala.Tuple2;

/**
 * A partition's counts of its samples' scores, as its part run adds them to its aggregates: per scorer, over all
 * rows and per group of the breakdown, the counters and how often each numeric score (and product, and weight, when
 * the scorer has a weighted average) and each category occurred. Counts add exactly, whatever the partitions.
 */
public final class ScoreTally implements ScoreSink {
    private final List<String> scorerIds;
    private final boolean[] weighted;
    private final boolean breakdown;
    private final Map<AggKey, long[]> counts = new HashMap<>();

    /**
     * A tally of these scorers.
     *
     * @param weighted per scorer, whether it has a weighted average (which needs the products and weights)
     * @param breakdown whether the run breaks its scores down by a column
     */
    public ScoreTally(List<String> scorerIds, boolean[] weighted, boolean breakdown) {
        this.scorerIds = List.copyOf(scorerIds);
        this.weighted = weighted.clone();
        this.breakdown = breakdown;
    }

    @Override
    public synchronized void add(long index, String group, Map<String, Optional<ScoreResult>> scores) {
        for (int s = 0; s < scorerIds.size(); s++) {
            Optional<ScoreResult> score = scores.getOrDefault(scorerIds.get(s), Optional.empty());
            tally(s, null, score);
            if (breakdown) {
                tally(s, group, score);
            }
        }
    }

    private void tally(int s, @Nullable String group, Optional<ScoreResult> score) {
        add(AggKey.counter(s, group, AggKey.ROWS));
        if (score.isEmpty()) {
            add(AggKey.counter(s, group, AggKey.ERRORS));
            return;
        }
        ScoreResult r = score.get();
        if (r.noAnswer()) {
            add(AggKey.counter(s, group, AggKey.NO_ANSWER));
        }
        if (r instanceof ScoreResult.Unscored) {
            add(AggKey.counter(s, group, AggKey.UNSCORED));
        } else if (r instanceof ScoreResult.Numeric n) {
            add(AggKey.value(s, group, AggKey.VALUE, n.value()));
            if (weighted[s]) {
                double weight = Aggregations.weight(r);
                add(AggKey.value(s, group, AggKey.PRODUCT, n.value() * weight));
                add(AggKey.value(s, group, AggKey.WEIGHT, weight));
            }
        } else {
            add(AggKey.category(s, group, ((ScoreResult.Categorical) r).category()));
        }
    }

    private void add(AggKey key) {
        counts.computeIfAbsent(key, k -> new long[1])[0]++;
    }

    /** The counts so far, each key once. */
    public synchronized List<Tuple2<AggKey, Long>> records() {
        List<Tuple2<AggKey, Long>> out = new ArrayList<>(counts.size());
        counts.forEach((k, n) -> out.add(new Tuple2<>(k, n[0])));
        return out;
    }
}
