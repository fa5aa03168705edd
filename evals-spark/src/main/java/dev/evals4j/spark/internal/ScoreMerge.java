package dev.evals4j.spark.internal;

import dev.evals4j.api.ScorerSummary;
import dev.evals4j.core.scoring.Aggregations;
import dev.evals4j.core.scoring.ScoreCounts;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.jspecify.annotations.Nullable;
import scala.Tuple2;

/**
 * Adds the partitions' counts of a run's scores and computes each scorer's summary from them, as the local runner
 * would over the same scores: the counts are added by key on the cluster, then read in key order on the driver, one
 * scorer and one set of rows (all, or a group) at a time, so that the driver holds the distinct values of one set,
 * never the rows. Results are identical to the local runner's (see {@link ScoreCounts}).
 */
public final class ScoreMerge {
    /** Up to this many distinct keys are collected at once and sorted on the driver; more are sorted by Spark. */
    static final long COLLECT_LIMIT = 2_000_000;

    /** Rows read per partition when Spark sorts the keys. */
    private static final long KEYS_PER_PARTITION = 1_000_000;

    private ScoreMerge() {}

    /**
     * One scorer of a run.
     *
     * @param id its id
     * @param aggregations its aggregations, in order
     */
    public record Scorer(String id, List<String> aggregations) {
        public Scorer {
            aggregations = List.copyOf(aggregations);
        }

        /** Whether it has a weighted average, which needs the products and weights counted. */
        public boolean weighted() {
            return aggregations.contains("weighted_average");
        }
    }

    /**
     * The summaries of the scorers, in order, from the counts of every partition.
     *
     * @param groupBy the breakdown's column, when the run has one
     * @param reducers how many partitions add the counts
     */
    public static Map<String, ScorerSummary> summaries(
            JavaPairRDD<AggKey, Long> counts, List<Scorer> scorers, @Nullable String groupBy, int reducers) {
        return summaries(counts, scorers, groupBy, reducers, COLLECT_LIMIT);
    }

    static Map<String, ScorerSummary> summaries(
            JavaPairRDD<AggKey, Long> counts,
            List<Scorer> scorers,
            @Nullable String groupBy,
            int reducers,
            long collectLimit) {
        JavaPairRDD<AggKey, Long> added = counts.reduceByKey(Long::sum, reducers);
        long keys = added.count();
        Iterator<Tuple2<AggKey, Long>> sorted;
        if (keys <= collectLimit) {
            List<Tuple2<AggKey, Long>> all = new ArrayList<>(added.collect());
            all.sort((a, b) -> a._1().compareTo(b._1()));
            sorted = all.iterator();
        } else {
            int partitions = (int)
                    Math.max(1, Math.min(Integer.MAX_VALUE, (keys + KEYS_PER_PARTITION - 1) / KEYS_PER_PARTITION));
            sorted = added.sortByKey(true, partitions).toLocalIterator();
        }
        return read(sorted, scorers, groupBy);
    }

    /** The summaries from the counts in key order. */
    static Map<String, ScorerSummary> read(
            Iterator<Tuple2<AggKey, Long>> sorted, List<Scorer> scorers, @Nullable String groupBy) {
        Map<String, ScorerSummary> out = new LinkedHashMap<>();
        RowSet set = null;
        ScorerSummary all = null;
        Map<String, ScorerSummary> groups = new TreeMap<>();
        while (sorted.hasNext()) {
            Tuple2<AggKey, Long> next = sorted.next();
            AggKey key = next._1();
            if (set != null && !set.first.sameSet(key)) {
                ScorerSummary done = set.summary(scorers.get(set.first.scorer));
                if (set.first.group == null) {
                    all = done;
                } else {
                    groups.put(set.first.group, done);
                }
                if (set.first.scorer != key.scorer) {
                    finish(out, scorers.get(set.first.scorer), all, groups, groupBy);
                    all = null;
                    groups = new TreeMap<>();
                }
                set = null;
            }
            if (set == null) {
                set = new RowSet(key);
            }
            set.add(key, next._2());
        }
        if (set != null) {
            ScorerSummary done = set.summary(scorers.get(set.first.scorer));
            if (set.first.group == null) {
                all = done;
            } else {
                groups.put(set.first.group, done);
            }
            finish(out, scorers.get(set.first.scorer), all, groups, groupBy);
        }
        for (Scorer s : scorers) {
            if (!out.containsKey(s.id())) {
                throw new IllegalStateException("no counts came back for the scorer " + s.id());
            }
        }
        // in request order
        Map<String, ScorerSummary> ordered = new LinkedHashMap<>();
        scorers.forEach(s -> ordered.put(s.id(), out.get(s.id())));
        return ordered;
    }

    private static void finish(
            Map<String, ScorerSummary> out,
            Scorer scorer,
            @Nullable ScorerSummary all,
            Map<String, ScorerSummary> groups,
            @Nullable String groupBy) {
        if (all == null) {
            throw new IllegalStateException("the counts of " + scorer.id() + " have no total over all rows");
        }
        Optional<ScorerSummary.Breakdown> breakdown = Optional.ofNullable(groupBy)
                .map(column ->
                        new ScorerSummary.Breakdown(column, groups, Aggregations.macro(scorer.aggregations(), groups)));
        out.put(
                scorer.id(),
                new ScorerSummary(
                        all.scorerId(),
                        all.aggregatedResults(),
                        all.numRows(),
                        all.numErrors(),
                        all.numUnscored(),
                        all.numNoAnswer(),
                        breakdown));
    }

    /** The counts of one scorer over one set of rows, as they are read. */
    private static final class RowSet {
        final AggKey first;
        final ScoreCounts.Builder counts = ScoreCounts.builder();
        final long[] counters = new long[4];

        RowSet(AggKey first) {
            this.first = first;
        }

        void add(AggKey key, long n) {
            switch (key.series) {
                case AggKey.COUNTER -> counters[(int) key.bits] += n;
                case AggKey.VALUE -> counts.value(key.value(), n);
                case AggKey.PRODUCT -> counts.product(key.value(), n);
                case AggKey.WEIGHT -> counts.weight(key.value(), n);
                default -> counts.category(java.util.Objects.requireNonNull(key.category), n);
            }
        }

        ScorerSummary summary(Scorer scorer) {
            ScoreCounts built = counts.build();
            Map<String, Object> aggregated = new LinkedHashMap<>();
            for (String name : scorer.aggregations()) {
                aggregated.put(name, Aggregations.result(name, built));
            }
            return new ScorerSummary(
                    scorer.id(),
                    aggregated,
                    counters[(int) AggKey.ROWS],
                    counters[(int) AggKey.ERRORS],
                    counters[(int) AggKey.UNSCORED],
                    counters[(int) AggKey.NO_ANSWER],
                    Optional.empty());
        }
    }
}
