package dev.evals4j.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a run of a benchmark task needs, as a task's {@code plan} returns it for one variant and its parameters.
 *
 * @param dataset where the task's rows come from for a model run (a Hub dataset at a pinned revision); empty for a
 *     task that only scores logged outputs
 * @param processor the processor that builds the prompt; empty when the task cannot ask a model
 * @param scorers the scorers, with their parameters and aggregations
 * @param generation the generator parameters the protocol prescribes (temperature, max_tokens, stop, …), under those
 *     the caller gives
 * @param logColumns columns renamed when a file of logged outputs is scored, applied only when the file has the
 *     source column and not the target (such as {@code generated_text → generated_answer} for MMLU-Pro's published
 *     logs)
 * @param groupBy the row column the scores are broken down by, when the protocol reports per group (MMLU-Pro's
 *     {@code category})
 * @param epochs how many times each row is asked in a model run (simple-evals' repeats)
 * @param protocol what the protocol is, written to {@code results.json} under {@code benchmark.protocol}: the
 *     variant, the rules, the sources
 */
public record TaskPlan(
        Optional<DatasetDefinition> dataset,
        Optional<PluginSpec> processor,
        List<ScorerSpec> scorers,
        Map<String, @Nullable Object> generation,
        Map<String, String> logColumns,
        Optional<String> groupBy,
        int epochs,
        Map<String, @Nullable Object> protocol) {
    public TaskPlan {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(processor, "processor");
        scorers = List.copyOf(scorers);
        if (scorers.isEmpty()) {
            throw new IllegalArgumentException("a task plan needs at least one scorer");
        }
        generation = JsonValues.copyRow(generation);
        logColumns = Map.copyOf(logColumns);
        Objects.requireNonNull(groupBy, "groupBy");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
        }
        protocol = JsonValues.copyRow(protocol);
    }
}
