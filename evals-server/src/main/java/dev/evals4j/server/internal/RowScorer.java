package dev.evals4j.server.internal;

import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.internal.InstanceContext;
import dev.evals4j.core.internal.RunScope;
import dev.evals4j.core.results.ScoreRow;
import dev.evals4j.core.scoring.Aggregation;
import dev.evals4j.core.scoring.Aggregations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Scores rows held in memory with scoring functions, as Llama Stack's {@code /scoring/score} does: every row gets a
 * score row from every function (a scorer's failure on a row is that row's {@code error}, never a zero), and each
 * function's aggregations are taken over the rows in their order. Scorers that call a model (judges) score rows on
 * the shared workers, at most {@code modelConcurrency} rows of one request at once; the others score on the
 * calling thread. Nothing is written to disk. Thread-safe.
 */
public final class RowScorer {
    private final InstanceContext context;
    private final ExecutorService workers;
    private final int modelConcurrency;

    /** One function's results: a row per input row, in order, and the aggregations. */
    public record Result(List<ScoreRow> scoreRows, Map<String, Object> aggregatedResults) {}

    /** A scorer over the plugins of an instance. */
    public RowScorer(InstanceContext context, ExecutorService workers, int modelConcurrency) {
        this.context = Objects.requireNonNull(context, "context");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.modelConcurrency = modelConcurrency;
    }

    /** Scores the rows with each function (by its id in the request, in order). */
    public Map<String, Result> score(List<Map<String, @Nullable Object>> rows, Map<String, ScorerSpec> functions) {
        if (rows.isEmpty()) {
            throw ApiException.badRequest("there are no rows to score (an empty set of rows has no accuracy)");
        }
        if (functions.isEmpty()) {
            throw ApiException.badRequest("'scoring_functions' names no scoring function");
        }
        try (RunScope scope = context.newRunScope()) {
            List<String> ids = new ArrayList<>(functions.keySet());
            List<BaseScorer> scorers = new ArrayList<>();
            List<List<Aggregation>> aggregations = new ArrayList<>();
            for (ScorerSpec spec : functions.values()) {
                BaseScorer scorer = spec.instance()
                        .orElseGet(() -> scope.own(context.registry().scorer(spec.id(), spec.params(), scope)));
                scorers.add(scorer);
                List<String> names = spec.aggregations().isEmpty() ? scorer.defaultAggregations() : spec.aggregations();
                aggregations.add(names.stream().map(Aggregations::of).toList());
            }
            checkColumns(rows, ids, scorers);
            ScoreRow[][] out = new ScoreRow[ids.size()][rows.size()];
            ScoreResult[][] results = new ScoreResult[ids.size()][rows.size()];
            if (scope.nested().isEmpty()) {
                for (int r = 0; r < rows.size(); r++) {
                    scoreRow(rows.get(r), r, scorers, out, results);
                }
            } else {
                scoreConcurrently(rows, scorers, out, results);
            }
            Map<String, Result> byId = new LinkedHashMap<>();
            for (int f = 0; f < ids.size(); f++) {
                List<Aggregation.Accumulator> accumulators = new ArrayList<>();
                for (Aggregation a : aggregations.get(f)) {
                    accumulators.add(a.newAccumulator());
                }
                for (int r = 0; r < rows.size(); r++) {
                    ScoreResult result = results[f][r];
                    if (result != null && !(result instanceof ScoreResult.Unscored)) {
                        for (Aggregation.Accumulator acc : accumulators) {
                            acc.add(result);
                        }
                    }
                }
                Map<String, Object> aggregated = new LinkedHashMap<>();
                for (int a = 0; a < accumulators.size(); a++) {
                    aggregated.put(
                            aggregations.get(f).get(a).name(),
                            accumulators.get(a).result());
                }
                byId.put(ids.get(f), new Result(List.of(out[f]), aggregated));
            }
            return byId;
        }
    }

    private void scoreConcurrently(
            List<Map<String, @Nullable Object>> rows,
            List<BaseScorer> scorers,
            ScoreRow[][] out,
            ScoreResult[][] results) {
        int lanes = Math.min(modelConcurrency, rows.size());
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            // each lane takes every lanes-th row, so that at most `lanes` model calls of this request are in flight
            running.add(CompletableFuture.runAsync(
                    () -> {
                        for (int r = first; r < rows.size(); r += lanes) {
                            scoreRow(rows.get(r), r, scorers, out, results);
                        }
                    },
                    workers));
        }
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.evals4j.api.EvalException("scoring was interrupted", e);
        } catch (ExecutionException e) {
            throw new dev.evals4j.api.EvalException("scoring failed: " + e.getCause(), e.getCause());
        }
    }

    private static void scoreRow(
            Map<String, @Nullable Object> row,
            int index,
            List<BaseScorer> scorers,
            ScoreRow[][] out,
            ScoreResult[][] results) {
        Object query = row.get(ScorerInputSample.INPUT_QUERY);
        ScorerInputSample input = new ScorerInputSample(
                row.get(ScorerInputSample.GENERATED_ANSWER),
                row.get(ScorerInputSample.EXPECTED_ANSWER),
                Optional.ofNullable(query).map(JsonValues::text),
                Optional.empty(),
                row);
        for (int f = 0; f < scorers.size(); f++) {
            try {
                ScoreResult result = Objects.requireNonNull(scorers.get(f).score(input), "the scorer returned null");
                results[f][index] = result;
                out[f][index] = ScoreRow.of(result);
            } catch (RuntimeException e) {
                out[f][index] = ScoreRow.failure(e);
            }
        }
    }

    private static void checkColumns(
            List<Map<String, @Nullable Object>> rows, List<String> ids, List<BaseScorer> scorers) {
        for (int f = 0; f < scorers.size(); f++) {
            for (String column : scorers.get(f).requiredColumns()) {
                for (int r = 0; r < rows.size(); r++) {
                    if (!rows.get(r).containsKey(column)) {
                        throw ApiException.badRequest("row " + r + " has no column '" + column + "' (needed by "
                                + ids.get(f) + "); its columns: "
                                + String.join(", ", rows.get(r).keySet()));
                    }
                }
            }
        }
    }
}
