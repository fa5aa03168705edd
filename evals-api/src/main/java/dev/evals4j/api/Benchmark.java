package dev.evals4j.api;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which benchmark task a run follows, as {@code run.json} and {@code results.json} record it under {@code
 * benchmark}: the task's id, its variant, the parameters it was given and the protocol it names.
 *
 * @param task the task's id, such as {@code mmlu_pro}
 * @param variant the variant, such as {@code published}
 * @param params the task's parameters, with their defaults
 * @param protocol what the protocol is: its rules and sources, as the task describes them
 */
public record Benchmark(
        String task, String variant, Map<String, @Nullable Object> params, Map<String, @Nullable Object> protocol) {
    public Benchmark {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(variant, "variant");
        params = JsonValues.copyRow(params);
        protocol = JsonValues.copyRow(protocol);
    }
}
