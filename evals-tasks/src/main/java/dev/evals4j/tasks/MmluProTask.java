package dev.evals4j.tasks;

import static dev.evals4j.tasks.Steps.firstOf;
import static dev.evals4j.tasks.Steps.regex;
import static dev.evals4j.tasks.Steps.takeFirst;

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
 * {@code mmlu_pro}: TIGER-Lab's MMLU-Pro (12,032 questions, 14 categories, up to 10 options), 5-shot chain of thought
 * with examples from the validation split of the same category; micro accuracy, accuracy per category and the macro
 * average. Variants name the protocols whose numbers differ on the same outputs.
 */
public final class MmluProTask extends AbstractTask {
    /** The Hub commit of TIGER-Lab/MMLU-Pro the task reads (main on 2026-08-11). */
    public static final String REVISION = "b189ec765aa7ed75c8acfea42df31fdae71f97be";

    /** The test split, at the pinned revision. */
    public static final String TEST = "hf://datasets/TIGER-Lab/MMLU-Pro@" + REVISION + "?split=test";

    /** The validation split (the chain-of-thought examples), at the pinned revision. */
    public static final String VALIDATION = "hf://datasets/TIGER-Lab/MMLU-Pro@" + REVISION + "?split=validation";

    static final String ANSWER_IS = "answer is \\(?([A-J])\\)?";

    /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
    public MmluProTask() {
        super(
                "mmlu_pro",
                "MMLU-Pro, 5-shot chain of thought; micro, per-category and macro accuracy",
                List.of(
                        new TaskVariant(
                                "published",
                                "TIGER's published scorer: first 'answer is (X)', else a constant guess per option"
                                        + " count (issue #64)"),
                        new TaskVariant(
                                "corrected",
                                "TIGER's current fallbacks ('answer is (X)', 'Answer: X', last letter), else a"
                                        + " seeded random guess per row"),
                        new TaskVariant(
                                "harness",
                                "lm-evaluation-harness mmlu_pro: first 'answer is (X)', no fallback, a missing answer"
                                        + " is wrong"),
                        new TaskVariant(
                                "best_answer",
                                "Meta's Eleuther-style instruct protocol: the last 'best answer is X', zero-shot")));
    }

    @Override
    public TaskPlan plan(Params params, PluginContext context) {
        String variant = variant(params);
        Map<String, Object> scorer = new LinkedHashMap<>();
        Map<String, Object> processor = new LinkedHashMap<>();
        Map<String, Object> generation = new LinkedHashMap<>();
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("variant", variant);
        protocol.put("description", variantDescription(variant));
        switch (variant) {
            case "published" -> {
                scorer.put("filters", List.of(regex(ANSWER_IS), takeFirst()));
                scorer.put("missing", "guess_constant");
                protocol.put("extraction", "re.search(r\"answer is \\(?([A-J])\\)?\", text), case-sensitive");
                protocol.put(
                        "missing_answer",
                        "random.seed(12345); random.randint(0, len(options)-1) before every draw: index 6 (G) for 8-10"
                                + " options, 3 for 4-7, 1 for 2-3");
                protocol.put("source", "TIGER-AI-Lab/MMLU-Pro evaluate_from_local.py, 2024-05 to 2025-02");
            }
            case "corrected" -> {
                scorer.put(
                        "filters",
                        List.of(firstOf(
                                List.of(regex(ANSWER_IS)),
                                List.of(regex(".*[aA]nswer:\\s*([A-J])")),
                                List.of(regex("(?s)\\b[A-J]\\b(?!.*\\b[A-J]\\b)")))));
                scorer.put("missing", "guess_random");
                scorer.put("index_column", "question_id");
                protocol.put(
                        "extraction",
                        "answer is \\(?([A-J])\\)?; else .*[aA]nswer:\\s*([A-J]); else the last standalone A-J");
                protocol.put(
                        "missing_answer",
                        "random.Random(f\"12345:{question_id}\").randint(0, len(options)-1), the same in any order");
                protocol.put("source", "TIGER-AI-Lab/MMLU-Pro evaluate_from_local.py since 2025-02-23");
            }
            case "harness" -> {
                scorer.put("filters", List.of(regex("answer is \\(?([ABCDEFGHIJ])\\)?"), takeFirst()));
                scorer.put("ignore_case", true);
                scorer.put("ignore_punctuation", true);
                protocol.put("extraction", "custom-extract: regex 'answer is \\(?([ABCDEFGHIJ])\\)?', take_first");
                protocol.put("missing_answer", "[invalid], scored wrong");
                protocol.put("source", "lm-evaluation-harness mmlu_pro _default_template_yaml v3.1");
            }
            default -> { // best_answer
                scorer.put("filters", List.of(regex("best answer is ([A-Z])", -1), takeFirst()));
                scorer.put("ignore_case", true);
                scorer.put("ignore_punctuation", true);
                processor.put("prompt", "best_answer");
                processor.put("mode", "chat");
                protocol.put("extraction", "regex 'best answer is ([A-Z])', the last match");
                protocol.put("missing_answer", "scored wrong");
                protocol.put("source", "meta_mmlu_pro_instruct (Llama Stack's Eleuther provider)");
            }
        }
        protocol.put("metric", "accuracy = correct / all rows (micro), per category, macro = mean of categories");
        if (variant.equals("best_answer")) {
            generation.put("temperature", 0.0);
            generation.put("max_tokens", 1024L);
        } else {
            generation.put("temperature", 0.0);
            generation.put("max_tokens", 2048L);
            generation.put("stop", List.of("Question:"));
        }
        return new TaskPlan(
                Optional.of(DatasetDefinition.ofUri("mmlu_pro", TEST)),
                Optional.of(new PluginSpec(MmluProProcessor.ID, processor)),
                List.of(new ScorerSpec("answer::match", scorer, List.of("accuracy"))),
                generation,
                Map.of(
                        "generated_text",
                        "generated_answer",
                        "model_outputs",
                        "generated_answer",
                        "answer",
                        "expected_answer"),
                Optional.of("category"),
                1,
                protocol);
    }
}
