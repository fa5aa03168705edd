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
 * {@code math_500}: MATH-500 (HuggingFaceH4/MATH-500, the 500 test problems of Lightman et al.'s PRM800K split), Meta's
 * zero-shot prompt, scored by Llama Stack's {@code basic::regex_parser_math_response} or by Hendrycks et al.'s
 * {@code is_equiv}; accuracy, per subject and the macro average.
 */
public final class Math500Task extends AbstractTask {
    /** The Hub commit of HuggingFaceH4/MATH-500 the task reads. */
    public static final String REVISION = "6e4ed1a2a79af7d8630a6b768ec859cb5af4d3be";

    /** The test split, at the pinned revision. */
    public static final String TEST = "hf://datasets/HuggingFaceH4/MATH-500@" + REVISION + "?split=test";

    /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
    public Math500Task() {
        super(
                "math_500",
                "MATH-500, Meta's zero-shot prompt; Llama Stack's or Hendrycks' answer normalisation",
                List.of(
                        new TaskVariant(
                                "llama_stack",
                                "basic::regex_parser_math_response: 'final answer is $\\boxed{X}$' (else the last"
                                        + " \\boxed{}), Minerva and Hendrycks normalisation, string equality"),
                        new TaskVariant(
                                "hendrycks",
                                "Hendrycks MATH: the last \\boxed{} answer is_equiv the answer after"
                                        + " _strip_string")));
    }

    @Override
    public TaskPlan plan(Params params, PluginContext context) {
        String variant = variant(params);
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("variant", variant);
        protocol.put("description", variantDescription(variant));
        ScorerSpec scorer;
        if (variant.equals("hendrycks")) {
            scorer = new ScorerSpec("metrics::math_equiv", Map.of(), List.of("accuracy"));
            protocol.put("extraction", "remove_boxed(last_boxed_only_string(response))");
            protocol.put("comparison", "is_equiv: _strip_string of both equal, else the raw strings equal");
            protocol.put("source", "hendrycks/math modeling/math_equivalence.py, dataset/util.py");
        } else {
            scorer = new ScorerSpec("basic::regex_parser_math_response", Map.of(), List.of("accuracy"));
            protocol.put("extraction", ".*final answer is:?\\s*\\$\\\\boxed{(?P<X>.*)}\\$, else the last \\boxed{}");
            protocol.put(
                    "comparison",
                    "normalize_final_answer of both sides (Minerva substitutions, Hendrycks _strip_string), string"
                            + " equality");
            protocol.put("source", "llama-stack basic::regex_parser_math_response (math_utils.py)");
        }
        protocol.put("missing_answer", "scored wrong");
        protocol.put("prompt", "meta-llama Llama-3.1-Instruct-evals MATH zero-shot prompt");
        protocol.put("metric", "accuracy over all rows, per subject, macro = mean of subjects");
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("temperature", 0.0);
        generation.put("max_tokens", 4096L);
        return new TaskPlan(
                Optional.of(DatasetDefinition.ofUri("math_500", TEST)),
                Optional.of(new PluginSpec(Math500Processor.ID, Map.of())),
                List.of(scorer),
                generation,
                Map.of(),
                Optional.of("subject"),
                1,
                protocol);
    }
}
