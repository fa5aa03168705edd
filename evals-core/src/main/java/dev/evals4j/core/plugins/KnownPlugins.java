package dev.evals4j.core.plugins;

import java.util.Map;
import java.util.Optional;

/**
 * Which evals4j module provides a plugin id, so that an unknown id from a module missing on the class path can be
 * answered with the module to add.
 */
final class KnownPlugins {
    private static final Map<String, String> SCORER_FAMILIES = Map.of(
            "basic", "evals-scorers",
            "braintrust", "evals-scorers",
            "llm-as-judge", "evals-scorers",
            "harness", "evals-scorers",
            "metrics", "evals-scorers",
            "answer", "evals-scorers",
            "ifeval", "evals-scorers");
    private static final Map<String, String> DATASETS = Map.of("hf", "evals-hf", "huggingface", "evals-hf");
    private static final Map<String, String> GENERATORS =
            Map.of("openai-compatible", "evals-core", "llama-stack", "evals-core");

    private static final java.util.Set<String> TASKS =
            java.util.Set.of("mmlu_pro", "mmlu", "gpqa_diamond", "gsm8k", "math_500", "simpleqa", "ifeval");

    private KnownPlugins() {}

    /** The artifact id of the module that provides the id, when evals4j knows it. */
    static Optional<String> moduleOf(PluginKind kind, String id) {
        return switch (kind) {
            case SCORER -> {
                int sep = id.indexOf("::");
                yield sep > 0 ? Optional.ofNullable(SCORER_FAMILIES.get(id.substring(0, sep))) : Optional.empty();
            }
            case DATASET -> Optional.ofNullable(DATASETS.get(id));
            case GENERATOR -> Optional.ofNullable(GENERATORS.get(id));
            case PROCESSOR -> TASKS.contains(id) ? Optional.of("evals-tasks") : Optional.empty();
            case TASK -> TASKS.contains(id) ? Optional.of("evals-tasks") : Optional.empty();
        };
    }
}
