package dev.evals4j.core.run;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.internal.Secrets;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.scoring.Aggregation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scorer of a run: its configured instance, how results record it, its aggregations, and the counts so far.
 * Not thread-safe.
 */
final class ScorerRun {
    final String id;
    final BaseScorer scorer;
    final PluginRecord record;
    final List<String> aggregationNames;
    private final List<Aggregation.Accumulator> accumulators = new ArrayList<>();
    private long rows;
    private long errors;
    private long unscored;

    ScorerRun(ScorerSpec spec, BaseScorer scorer, List<Aggregation> aggregations) {
        this.id = spec.id();
        this.scorer = scorer;
        this.aggregationNames = aggregations.stream().map(Aggregation::name).toList();
        this.record = new PluginRecord(
                spec.id(), spec.className().orElse(null), Secrets.redact(spec.params()), aggregationNames);
        for (Aggregation a : aggregations) {
            accumulators.add(a.newAccumulator());
        }
    }

    void add(ScoreResult result) {
        rows++;
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

    ScorerSummary summary() {
        Map<String, Object> aggregated = new LinkedHashMap<>();
        for (int i = 0; i < accumulators.size(); i++) {
            aggregated.put(aggregationNames.get(i), accumulators.get(i).result());
        }
        return new ScorerSummary(id, aggregated, rows, errors, unscored);
    }
}
