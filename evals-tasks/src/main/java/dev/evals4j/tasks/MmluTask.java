package dev.evals4j.tasks;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.TaskPlan;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.TaskVariant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mmlu}: MMLU (cais/mmlu, 14,042 test questions in 57 subjects, four choices) with simple-evals' zero-shot
 * prompt and its multilingual answer regexes; accuracy, per subject and the macro average over subjects.
 */
public final class MmluTask extends AbstractTask {
    /** The Hub commit of cais/mmlu the task reads. */
    public static final String REVISION = "c30699e8356da336a370243923dbaf21066bb9fe";

    /** The test split of the {@code all} configuration, at the pinned revision. */
    public static final String TEST = "hf://datasets/cais/mmlu@" + REVISION + "?config=all&split=test";

    /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
    public MmluTask() {
        super(
                "mmlu",
                "MMLU, simple-evals' zero-shot prompt; accuracy, per subject and macro",
                List.of(
                        new TaskVariant(
                                "simple_evals",
                                "simple-evals: markup removed, the first of 42 localised 'Answer:' regexes, letters"
                                        + " compared case-sensitively"),
                        new TaskVariant(
                                "llama_stack",
                                "Llama Stack's basic::regex_parser_multiple_choice_answer: its 42 regexes (with 'The"
                                        + " best answer is', any whitespace after the prefix), no markup removed")));
    }

    @Override
    public TaskPlan plan(Params params, PluginContext context) {
        String variant = variant(params);
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("variant", variant);
        protocol.put("description", variantDescription(variant));
        ScorerSpec scorer;
        if (variant.equals("llama_stack")) {
            scorer = new ScorerSpec("basic::regex_parser_multiple_choice_answer", Map.of(), List.of("accuracy"));
            protocol.put(
                    "extraction",
                    "Llama Stack v0.7.1's default parsing_regexes: (?i){prefix}\\s*([A-D]|…), the first that matches");
            protocol.put("source", "llama-stack basic::regex_parser_multiple_choice_answer");
        } else {
            Map<String, Object> params1 = new LinkedHashMap<>();
            params1.put(
                    "filters",
                    SimpleEvals.mmluFilters(SimpleEvals.MULTILINGUAL_PREFIXES, SimpleEvals.MULTILINGUAL_TEMPLATE));
            scorer = new ScorerSpec("answer::match", params1, List.of("accuracy"));
            protocol.put(
                    "extraction",
                    "normalize_response (** $\\boxed{ }$ \\$ $\\text{ $ \\mathrm{ \\{ \\text \\( \\mathbf{ { \\boxed"
                            + " removed), then the first of MULTILINGUAL_ANSWER_REGEXES in"
                            + " (?i){prefix}[ \\t]*([A-D]|…) that matches, localised letters mapped to A-D");
            protocol.put("source", "openai/simple-evals mmlu_eval.py, common.py (2025-05)");
        }
        protocol.put("missing_answer", "scored wrong");
        protocol.put("comparison", "the letter equals the gold letter, case-sensitive");
        protocol.put("metric", "accuracy over all rows, per subject, macro = mean of subjects");
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("temperature", 0.5);
        generation.put("max_tokens", 1024L);
        return new TaskPlan(
                Optional.of(DatasetDefinition.ofUri("mmlu", TEST)),
                Optional.of(new PluginSpec(MmluProcessor.ID, Map.of())),
                List.of(scorer),
                generation,
                Map.of(),
                Optional.of("subject"),
                1,
                protocol);
    }
}
