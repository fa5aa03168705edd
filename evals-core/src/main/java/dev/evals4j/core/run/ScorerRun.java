package dev.evals4j.core.run;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.internal.Secrets;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.scoring.Aggregation;
import dev.evals4j.core.scoring.Aggregations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One scorer of a run: its configured instance, how results record it, its aggregations, and the counts so far —
 * over all rows, and per group when the run is broken down by a column. Not thread-safe.
 */
final class ScorerRun {
    final String id;
    final BaseScorer scorer;
    final PluginRecord record;
    final List<String> aggregationNames;
    private final List<Aggregation> aggregations;
    private final Tally all;
    private final Optional<String> groupBy;
    private final Map<String, Tally> groups = new TreeMap<>();

    ScorerRun(ScorerSpec spec, BaseScorer scorer, List<Aggregation> aggregations) {
        this(spec, scorer, aggregations, Optional.empty());
    }

    ScorerRun(ScorerSpec spec, BaseScorer scorer, List<Aggregation> aggregations, Optional<String> groupBy) {
        this.id = spec.id();
        this.scorer = scorer;
        this.aggregations = List.copyOf(aggregations);
        this.aggregationNames = aggregations.stream().map(Aggregation::name).toList();
        this.record = new PluginRecord(
                spec.id(), spec.className().orElse(null), Secrets.redact(spec.params()), aggregationNames);
        this.all = new Tally(this.aggregations);
        this.groupBy = groupBy;
    }

    /** Adds the score of a row in {@code group} (ignored without a breakdown). */
    void add(String group, ScoreResult result) {
        all.add(result);
        if (groupBy.isPresent()) {
            groups.computeIfAbsent(group, g -> new Tally(aggregations)).add(result);
        }
    }

    /** Counts a row of {@code group} whose scorer failed. */
    void addError(String group) {
        all.addError();
        if (groupBy.isPresent()) {
            groups.computeIfAbsent(group, g -> new Tally(aggregations)).addError();
        }
    }

    ScorerSummary summary() {
        Optional<ScorerSummary.Breakdown> breakdown = groupBy.map(column -> {
            Map<String, ScorerSummary> byGroup = new LinkedHashMap<>();
            groups.forEach((g, t) -> byGroup.put(g, t.summary(id, Optional.empty())));
            return new ScorerSummary.Breakdown(column, byGroup, Aggregations.macro(aggregationNames, byGroup));
        });
        return all.summary(id, breakdown);
    }

    /** The accumulators and counts of one set of rows. */
    private static final class Tally {
        private final List<String> names = new ArrayList<>();
        private final List<Aggregation.Accumulator> accumulators = new ArrayList<>();
        private long rows;
        private long errors;
        private long unscored;
        private long noAnswer;

        Tally(List<Aggregation> aggregations) {
            for (Aggregation a : aggregations) {
                names.add(a.name());
                accumulators.add(a.newAccumulator());
            }
        }

        void add(ScoreResult result) {
            rows++;
            if (result.noAnswer()) {
                noAnswer++;
            }
            if (result instanceof ScoreResult.Unscored) {
                unscored++;
                return;
            }
            for (Aggregation.Accumulator a : accumulators) {
                a.add(result);
            }
        }

        void addError() {
            rows++;
            errors++;
        }

        ScorerSummary summary(String id, Optional<ScorerSummary.Breakdown> breakdown) {
            Map<String, Object> aggregated = new LinkedHashMap<>();
            for (int i = 0; i < accumulators.size(); i++) {
                aggregated.put(names.get(i), accumulators.get(i).result());
            }
            return new ScorerSummary(id, aggregated, rows, errors, unscored, noAnswer, breakdown);
        }
    }
}
