package dev.evals4j.tasks;

import static dev.evals4j.tasks.Steps.firstOf;
import static dev.evals4j.tasks.Steps.regex;
import static dev.evals4j.tasks.Steps.replace;
import static dev.evals4j.tasks.Steps.step;
import static dev.evals4j.tasks.Steps.strip;
import static dev.evals4j.tasks.Steps.takeFirst;

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
 * {@code gsm8k}: OpenAI's grade-school math (1,319 test problems), with the scoring rules that give different numbers
 * on the same outputs: lm-evaluation-harness's strict-match and flexible-extract, its 8-shot chain of thought, OpenAI's
 * own {@code #### n} rule, ZeroEval's JSON answer with float equality, and a numeric comparison.
 */
public final class Gsm8kTask extends AbstractTask {
    /** The Hub commit of openai/gsm8k the task reads. */
    public static final String REVISION = "740312add88f781978c0658806c59bc2815b9866";

    /** The test split, at the pinned revision. */
    public static final String TEST = "hf://datasets/openai/gsm8k@" + REVISION + "?config=main&split=test";

    /** The train split (few-shot examples), at the pinned revision. */
    public static final String TRAIN = "hf://datasets/openai/gsm8k@" + REVISION + "?config=main&split=train";

    static final String OPENAI_ANSWER = "#### (\\-?[0-9\\.\\,]+)";
    static final List<String> HARNESS_IGNORE = List.of(",", "\\$", "(?s).*#### ", "\\.$");

    /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
    public Gsm8kTask() {
        super(
                "gsm8k",
                "GSM8K grade-school math; lm-evaluation-harness, OpenAI and ZeroEval scoring rules",
                List.of(
                        new TaskVariant(
                                "strict",
                                "lm-evaluation-harness strict-match: the first '#### n', exact match (5-shot)"),
                        new TaskVariant(
                                "flexible",
                                "lm-evaluation-harness flexible-extract: the last number, exact match as strings"),
                        new TaskVariant(
                                "cot", "lm-evaluation-harness gsm8k-cot: 8-shot chain of thought, 'The answer is n.'"),
                        new TaskVariant(
                                "openai", "OpenAI grade-school-math: '#### n' (commas removed) equals the answer's"),
                        new TaskVariant(
                                "zeroeval",
                                "ZeroEval: the JSON 'answer' field (with its fallbacks), first numbers equal as"
                                        + " floats"),
                        new TaskVariant(
                                "numeric",
                                "8-shot chain of thought, the last number compared as a number with a tolerance")));
    }

    @Override
    List<Parameter> extraParameters() {
        return List.of(
                Parameter.withDefault(
                        "answer_pattern",
                        ParamType.STRING,
                        "openai: the regex of the final answer on both sides (the model solutions file uses"
                                + " 'A: (\\-?[0-9\\.\\,]+)')",
                        OPENAI_ANSWER),
                Parameter.withDefault(
                        "tolerance", ParamType.NUMBER, "numeric: the largest absolute difference that is equal", 0.0));
    }

    @Override
    public TaskPlan plan(Params params, PluginContext context) {
        String variant = variant(params);
        Map<String, Object> scorer = new LinkedHashMap<>();
        Map<String, Object> generation = new LinkedHashMap<>();
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("variant", variant);
        protocol.put("description", variantDescription(variant));
        // ZeroEval's gold is "# 18": the same '#' removal is harmless on the dataset's "… #### 18"
        List<Object> hashGold = List.of(step("regex_sub", "regex_pattern", "^#+ *", "repl", ""));
        String prompt;
        switch (variant) {
            case "strict", "flexible", "cot" -> {
                scorer.put(
                        "filters",
                        List.of(
                                variant.equals("strict")
                                        ? regex(OPENAI_ANSWER)
                                        : variant.equals("cot")
                                                ? regex("The answer is (\\-?[0-9\\.\\,]+).")
                                                : regex("(-?[$0-9.,]{2,})|(-?[0-9]+)", -1),
                                takeFirst()));
                scorer.put("expected_filters", hashGold);
                scorer.put("ignore_case", true);
                scorer.put("regexes_to_ignore", HARNESS_IGNORE);
                prompt = variant.equals("cot") ? "cot" : "harness";
                protocol.put("comparison", "exact_match, ignore_case, regexes_to_ignore , \\$ (?s).*####  \\.$");
                protocol.put("missing_answer", "[invalid], scored wrong");
                protocol.put("source", "lm-evaluation-harness gsm8k.yaml / gsm8k-cot.yaml v3.0");
            }
            case "openai" -> {
                String pattern = params.string("answer_pattern").orElse(OPENAI_ANSWER);
                scorer.put("filters", List.of(regex(pattern), replace(",", "")));
                scorer.put("expected_filters", List.of(regex(pattern, -1), replace(",", "")));
                prompt = "harness";
                protocol.put("extraction", "the first match of " + pattern + ", stripped, commas removed");
                protocol.put("comparison", "string equality with the answer's last match, commas removed");
                protocol.put("missing_answer", "[invalid], scored wrong");
                protocol.put("source", "openai/grade-school-math dataset.py");
            }
            case "zeroeval" -> {
                scorer.put(
                        "filters",
                        List.of(firstOf(
                                List.of(step(
                                        "json_field", "field", "answer", "object", "first", "remove_newlines", true)),
                                List.of(regex("\"answer\"\\s*:\\s*\"([^\"]*?)\"")),
                                List.of(regex("(?s)\"answer\"\\s*:\\s*\"(.*?)\"")),
                                List.of(regex("\"answer\"\\s*:\\s*([^,\\s]*)")),
                                List.of(regex("answer\\s*:\\s*([^,\\s]*)")))));
                // ZeroEval's files hold the gold as "# 18"; the dataset's answers end with "#### 18"
                scorer.put(
                        "expected_filters",
                        List.of(firstOf(List.of(regex("####\\s*(.*)")), List.of(replace("#", ""), strip()))));
                scorer.put(
                        "normalize",
                        List.of(
                                replace("$", ""),
                                strip(),
                                replace(",", ""),
                                step("eval_fraction"),
                                step("number", "which", "first", "pattern", "-?\\d+(\\.\\d+)?", "fallback", "")));
                scorer.put("compare", "numeric");
                prompt = "zeroeval";
                protocol.put(
                        "extraction",
                        "json.loads of the first balanced {...} (newlines removed; a repeated key keeps its last"
                                + " value), its 'answer'; else the regexes of extract_values_from_json");
                protocol.put(
                        "comparison",
                        "drop $ and commas, eval a fraction, then float() of the first -?\\d+(\\.\\d+)? of each side");
                protocol.put("missing_answer", "counted in 'No answer' and scored wrong (Acc is over all rows)");
                protocol.put("source", "yuchenlin/ZeroEval src/evaluation/math_eval.py");
            }
            default -> { // numeric
                scorer.put("filters", List.of(regex("(-?[$0-9.,]{2,})|(-?[0-9]+)", -1), takeFirst()));
                scorer.put(
                        "expected_filters",
                        List.of(firstOf(
                                List.of(regex(OPENAI_ANSWER)),
                                List.of(regex("^#+\\s*(\\-?[0-9\\.\\,]+)")),
                                List.of(strip()))));
                scorer.put("compare", "numeric");
                scorer.put("tolerance", params.number("tolerance", 0));
                prompt = "cot";
                protocol.put("comparison", "numbers equal within the tolerance ($, %, commas, fractions, units read)");
                protocol.put("missing_answer", "scored wrong");
            }
        }
        switch (prompt) {
            case "zeroeval" -> {
                generation.put("temperature", 0.0);
                generation.put("max_tokens", 4096L);
            }
            case "cot" -> {
                generation.put("temperature", 0.0);
                generation.put("max_tokens", 256L);
                generation.put("stop", List.of("Q:", "</s>", "<|im_end|>"));
            }
            default -> {
                generation.put("temperature", 0.0);
                generation.put("max_tokens", 256L);
                generation.put("stop", List.of("Question:", "</s>", "<|im_end|>"));
            }
        }
        protocol.put("metric", "accuracy over all rows");
        return new TaskPlan(
                Optional.of(DatasetDefinition.ofUri("gsm8k", TEST)),
                Optional.of(new PluginSpec(Gsm8kProcessor.ID, Map.of("prompt", prompt))),
                List.of(new ScorerSpec("answer::match", scorer, List.of("accuracy"))),
                generation,
                Map.of("output", "generated_answer", "answer", "expected_answer"),
                Optional.empty(),
                1,
                protocol);
    }
}
