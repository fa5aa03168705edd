package dev.evals4j.tasks;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.TaskPlan;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.TaskVariant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mmlu}: MMLU (cais/mmlu, 14,042 test questions in 57 subjects, four choices) with simple-evals' zero-shot
 * prompt and its multilingual answer regexes; accuracy, per subject and the macro average over subjects. The
 * {@code harness} variant is lm-evaluation-harness's protocol instead: no generation, the log-likelihood of each
 * letter after the question ({@code acc}, {@code acc_norm}).
 */
public final class MmluTask extends AbstractTask {
    /** The Hub commit of cais/mmlu the task reads. */
    public static final String REVISION = "c30699e8356da336a370243923dbaf21066bb9fe";

    /** The test split of the {@code all} configuration, at the pinned revision. */
    public static final String TEST = "hf://datasets/cais/mmlu@" + REVISION + "?config=all&split=test";

    /** The dev split of the {@code all} configuration (five examples per subject), where few-shot examples come from. */
    public static final String DEV = "hf://datasets/cais/mmlu@" + REVISION + "?config=all&split=dev";

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
                                        + " best answer is', any whitespace after the prefix), no markup removed"),
                        new TaskVariant(
                                "harness",
                                "lm-evaluation-harness mmlu: the log-likelihoods of ' A' to ' D' after 'Answer:', acc"
                                        + " and acc_norm; needs a /completions endpoint that echoes the prompt with"
                                        + " logprobs (vLLM)")));
    }

    @Override
    List<Parameter> extraParameters() {
        return List.of(
                Parameter.withDefault(
                                "few_shot",
                                ParamType.INTEGER,
                                "harness: examples per question, the first of the subject's dev split (the harness's"
                                        + " num_fewshot; the Open LLM Leaderboard used 5)",
                                0)
                        .atLeast(0),
                Parameter.optional(
                        "few_shot_source",
                        ParamType.STRING,
                        "harness: where the examples come from, a file or URL with the dev split's columns (default"
                                + " cais/mmlu's dev split at the pinned revision, from the Hub)"));
    }

    @Override
    public TaskPlan plan(Params params, PluginContext context) {
        String variant = variant(params);
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("variant", variant);
        protocol.put("description", variantDescription(variant));
        if (variant.equals("harness")) {
            return harness(params, protocol);
        }
        for (String harnessOnly : List.of("few_shot", "few_shot_source")) {
            if (params.has(harnessOnly) && !(harnessOnly.equals("few_shot") && params.integer(harnessOnly, 0) == 0)) {
                throw new ConfigurationException("parameter '" + harnessOnly + "' of the task mmlu applies to the"
                        + " harness variant only; the " + variant + " variant is simple-evals' zero-shot prompt");
            }
        }
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

    private static TaskPlan harness(Params params, Map<String, Object> protocol) {
        long fewShot = params.integer("few_shot", 0);
        protocol.put(
                "prompt",
                "description 'The following are multiple choice questions (with answers) about {subject}.\\n\\n', "
                        + fewShot + " dev examples of the subject ('{text} {letter}\\n\\n'), then"
                        + " '{question.strip()}\\nA. {choices[0]}\\nB. …\\nD. {choices[3]}\\nAnswer:'");
        protocol.put(
                "request",
                "the log-likelihood of each continuation ' A' to ' D' after the prompt: one /completions request with"
                        + " a prompt per continuation, echo, logprobs 1, max_tokens 1; the continuation's tokens summed");
        protocol.put("missing_answer", "none: every row gets a letter; a server without prompt logprobs fails the row");
        protocol.put(
                "comparison",
                "acc: the letter with the greatest log-likelihood is the gold; acc_norm: divided by the letter's length"
                        + " in characters (the same as acc for single letters)");
        protocol.put("metric", "accuracy over all rows (micro, the harness's mmlu group), per subject, macro");
        protocol.put("source", "lm-evaluation-harness tasks/mmlu/default/_default_template_yaml, api/task.py");
        Map<String, Object> processor = new LinkedHashMap<>();
        processor.put("few_shot", fewShot);
        params.string("few_shot_source").ifPresent(source -> processor.put("few_shot_source", source));
        return new TaskPlan(
                Optional.of(DatasetDefinition.ofUri("mmlu", TEST)),
                Optional.of(new PluginSpec(MmluLoglikelihoodProcessor.ID, processor)),
                List.of(
                        new ScorerSpec("harness::acc", Map.of(), List.of("accuracy")),
                        new ScorerSpec("harness::acc_norm", Map.of(), List.of("accuracy"))),
                Map.of(),
                Map.of(),
                Optional.of("subject"),
                1,
                protocol);
    }
}
