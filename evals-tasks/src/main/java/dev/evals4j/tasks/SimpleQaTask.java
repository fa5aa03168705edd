package dev.evals4j.tasks;

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
 * {@code simpleqa}: SimpleQA (4,326 short fact-seeking questions), the question asked alone, the answer graded by a
 * judge model as CORRECT, INCORRECT or NOT_ATTEMPTED; the share correct, the share correct given attempted and their
 * F-score ({@code simpleqa} aggregation). The judge is configured with the task's {@code judge_*} parameters, as every
 * evals4j judge is.
 */
public final class SimpleQaTask extends AbstractTask {
    /** The Hub commit of basicv8vc/SimpleQA (a mirror of simple-evals' {@code simple_qa_test_set.csv}). */
    public static final String REVISION = "e319282ab125c3dbd0c7fd00be2e4dd54e7e8f94";

    /** The test split, at the pinned revision. */
    public static final String TEST = "hf://datasets/basicv8vc/SimpleQA@" + REVISION + "?split=test";

    /**
     * The grading prompt of the {@code simple_evals} variant: simple-evals' grading rules and its letter reply, in
     * evals4j's words, with the columns {@code input_query}, {@code expected_answer}, {@code generated_answer}.
     */
    static final String GRADER =
            """
            Your task is to grade a predicted answer to a short factual question against the gold target (the correct \
            answer). Give it exactly one of three grades: CORRECT, INCORRECT or NOT_ATTEMPTED.

            CORRECT: the predicted answer holds all of the important information of the gold target and says nothing \
            that contradicts it. Only the meaning counts: capitalisation, punctuation, grammar and word order do not. \
            Hedging or guessing is acceptable as long as the gold target is fully there and nothing stated is wrong.

            INCORRECT: the predicted answer states something that contradicts the gold target. A hedged answer that \
            offers several candidates, at least one of them wrong, is INCORRECT too.

            NOT_ATTEMPTED: the predicted answer does not give the important information of the gold target, and does \
            not contradict it either, such as "I don't know", a refusal, or a request for more context.

            Further rules:
            - A number must match the gold target to the gold target's last significant figure. With a gold target \
            of "4,300 m", "4,300 metres" and "about 4,320 m" are CORRECT, "4,100 m" is INCORRECT, and "somewhere over \
            3,000 m" is NOT_ATTEMPTED, since it neither confirms nor contradicts the target.
            - The gold target may say more than the question asks for; the predicted answer only has to answer the \
            question.
            - Information the question already makes clear may be left out. For "Which Italian city hosted the 1960 \
            Summer Olympics?" with the gold target "Rome, Italy", the answer "Rome" is CORRECT.
            - A name with an obvious misspelling, or given in part, is CORRECT when it clearly means the person or \
            thing of the gold target.
            - Grade against the gold target only, even if you believe it is wrong.

            Question: {input_query}
            Gold target: {expected_answer}
            Predicted answer: {generated_answer}

            Grade the predicted answer as one of:
            A: CORRECT
            B: INCORRECT
            C: NOT_ATTEMPTED

            Reply with only the letter "A", "B" or "C", and no other text.""";

    /** The judge parameters the task passes to its scorer. */
    static final List<String> JUDGE_PARAMETERS = List.of(
            "judge_generator",
            "judge_model",
            "judge_base_url",
            "judge_api_key_env",
            "judge_temperature",
            "judge_max_tokens",
            "judge_params",
            "max_parse_retries");

    /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
    public SimpleQaTask() {
        super(
                "simpleqa",
                "SimpleQA, graded by a judge (--param simpleqa.judge_model=…, judge_base_url=…)",
                List.of(
                        new TaskVariant(
                                "simple_evals",
                                "simple-evals' grading rules, the judge replies with a letter, the first A, B or C of"
                                        + " its reply is the grade"),
                        new TaskVariant(
                                "json",
                                "llm-as-judge::405b-simpleqa: the same grades with reasons in JSON, read leniently")));
    }

    @Override
    List<Parameter> extraParameters() {
        return List.of(
                Parameter.optional(
                        "judge_generator", ParamType.STRING, "the judge's generator plugin (openai-compatible)"),
                Parameter.optional("judge_model", ParamType.STRING, "the judge model (simple-evals used gpt-4.1)"),
                Parameter.optional("judge_base_url", ParamType.STRING, "the judge server's OpenAI-compatible root"),
                Parameter.optional(
                        "judge_api_key_env", ParamType.STRING, "environment variable holding the judge's key"),
                Parameter.optional("judge_temperature", ParamType.NUMBER, "the judge's temperature (default 0)"),
                Parameter.optional("judge_max_tokens", ParamType.INTEGER, "the most tokens the judge may write"),
                Parameter.optional("judge_params", ParamType.JSON, "the judge generator's other parameters"),
                Parameter.optional(
                        "max_parse_retries", ParamType.INTEGER, "second turns for a reply that cannot be read"),
                Parameter.optional(
                        "grader_template",
                        ParamType.STRING,
                        "simple_evals: another grading prompt ({input_query}, {expected_answer}, {generated_answer})"));
    }

    @Override
    public TaskPlan plan(Params params, PluginContext context) {
        String variant = variant(params);
        Map<String, Object> judge = new LinkedHashMap<>();
        for (String name : JUDGE_PARAMETERS) {
            params.get(name).ifPresent(v -> judge.put(name, v));
        }
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("variant", variant);
        protocol.put("description", variantDescription(variant));
        ScorerSpec scorer;
        if (variant.equals("json")) {
            scorer = new ScorerSpec("llm-as-judge::405b-simpleqa", judge, List.of("categorical_count", "simpleqa"));
            protocol.put("grading", "evals4j's SimpleQA prompt, JSON {reasoning, grade}, read leniently");
            protocol.put("unreadable_grade", "unscored (num_unscored)");
        } else {
            judge.put("prompt_template", params.string("grader_template").orElse(GRADER));
            judge.put("judge_score_regexes", List.of("(A|B|C)"));
            scorer = new ScorerSpec("llm-as-judge::base", judge, List.of("categorical_count", "simpleqa"));
            protocol.put(
                    "grading",
                    "simple-evals' grading rules (evals4j's wording), reply A/B/C; re.search(r\"(A|B|C)\", reply)"
                            + " is the grade");
            protocol.put(
                    "unreadable_grade",
                    "unscored (num_unscored); simple-evals counts a reply without A, B or C as NOT_ATTEMPTED");
        }
        protocol.put(
                "metric",
                "correct, incorrect, not_attempted shares; correct_given_attempted; f_score = harmonic mean of correct"
                        + " and correct_given_attempted");
        protocol.put("source", "openai/simple-evals simpleqa_eval.py");
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("temperature", 0.5);
        generation.put("max_tokens", 1024L);
        return new TaskPlan(
                Optional.of(DatasetDefinition.ofUri("simpleqa", TEST)),
                Optional.of(new PluginSpec(SimpleQaProcessor.ID, Map.of())),
                List.of(scorer),
                generation,
                Map.of(),
                Optional.empty(),
                1,
                protocol);
    }
}
