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
 * {@code ifeval}: IFEval (google/IFEval, 541 prompts with 25 kinds of verifiable instructions), each response checked
 * by the reference's rules; prompt-level and instruction-level accuracy, strict and loose, as four scorers.
 */
public final class IfevalTask extends AbstractTask {
    /** The Hub commit of google/IFEval the task reads. */
    public static final String REVISION = "966cd89545d6b6acfd7638bc708b98261ca58e84";

    /** The only split, at the pinned revision. */
    public static final String TRAIN = "hf://datasets/google/IFEval@" + REVISION + "?split=train";

    /** The four scorers, in the order the reference reports them. */
    static final List<String> SCORERS = List.of(
            "ifeval::prompt_strict", "ifeval::instruction_strict", "ifeval::prompt_loose", "ifeval::instruction_loose");

    /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
    public IfevalTask() {
        super(
                "ifeval",
                "IFEval: prompt- and instruction-level accuracy, strict and loose",
                List.of(new TaskVariant(
                        "reference",
                        "google-research instruction_following_eval: strict, and loose (first/last line and asterisks"
                                + " removed)")));
    }

    @Override
    public TaskPlan plan(Params params, PluginContext context) {
        String variant = variant(params);
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("variant", variant);
        protocol.put("description", variantDescription(variant));
        protocol.put("strict", "the response (not blank) follows the instruction");
        protocol.put(
                "loose",
                "any of the response, without its first line, last line or both, each also without '*', follows it");
        protocol.put(
                "metric",
                "prompt-level: share of prompts whose every instruction is followed; instruction-level: share of all"
                        + " instructions followed");
        protocol.put(
                "differences",
                "languages by script and function words instead of langdetect; Punkt sentences without its"
                        + " orthographic table");
        protocol.put("source", "google-research instruction_following_eval evaluation_lib.py, instructions.py");
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("temperature", 0.0);
        generation.put("max_tokens", 1280L);
        return new TaskPlan(
                Optional.of(DatasetDefinition.ofUri("ifeval", TRAIN)),
                Optional.of(new PluginSpec(IfevalProcessor.ID, Map.of())),
                SCORERS.stream()
                        .map(id -> new ScorerSpec(id, Map.of(), List.of()))
                        .toList(),
                generation,
                Map.of("response", "generated_answer"),
                Optional.empty(),
                1,
                protocol);
    }
}
