package dev.evals4j.tasks;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.Message;
import dev.evals4j.api.PostprocessedGeneration;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mmlu_pro} (processor): TIGER's 5-shot chain-of-thought prompt — the initial instruction with the category,
 * the first k validation examples of the row's category with their worked answers, then the question, its options
 * ({@code A. …}, "N/A" options left out) and {@code Answer: Let's think step by step.} — or, with
 * {@code prompt=best_answer}, Meta's zero-shot instruct prompt that asks to end with "The best answer is X". The
 * answer is the raw generation; the scorer extracts the letter.
 */
public final class MmluProProcessor implements BaseGeneratorProcessor {
    /** The processor id. */
    public static final String ID = "mmlu_pro";

    static final String INITIAL = "The following are multiple choice questions (with answers) about {$}. Think step"
            + " by step and then finish your answer with \"the answer is (X)\" where X is the correct letter choice.\n\n\n";
    private static final String LETTERS = "ABCDEFGHIJKLMNOP";

    private final boolean bestAnswer;
    private final boolean chat;
    private final Map<String, List<Map<String, Object>>> shots;

    /** The discovered definition. */
    public MmluProProcessor() {
        this(false, false, Map.of());
    }

    private MmluProProcessor(boolean bestAnswer, boolean chat, Map<String, List<Map<String, Object>>> shots) {
        this.bestAnswer = bestAnswer;
        this.chat = chat;
        this.shots = shots;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "MMLU-Pro prompts: TIGER's 5-shot chain of thought per category, or the best_answer instruct prompt";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.withDefault("prompt", ParamType.STRING, "cot (TIGER's) or best_answer (Meta's)", "cot"),
                Parameter.withDefault(
                        "mode", ParamType.STRING, "completion (one prompt, as TIGER ran vLLM) or chat", "completion"),
                Parameter.withDefault(
                        "few_shot", ParamType.INTEGER, "examples per question (cot), from the same category", 5),
                Parameter.withDefault(
                        "few_shot_source",
                        ParamType.STRING,
                        "the examples: MMLU-Pro's validation split",
                        MmluProTask.VALIDATION));
    }

    @Override
    public BaseGeneratorProcessor configure(Params params, PluginContext context) {
        String prompt = params.string("prompt").orElse("cot");
        String mode = params.string("mode").orElse("completion");
        if (!prompt.equals("cot") && !prompt.equals("best_answer")) {
            throw new ConfigurationException(
                    "parameter 'prompt' of " + ID + " must be cot or best_answer, was '" + prompt + "'");
        }
        if (!mode.equals("completion") && !mode.equals("chat")) {
            throw new ConfigurationException(
                    "parameter 'mode' of " + ID + " must be completion or chat, was '" + mode + "'");
        }
        long k = params.integer("few_shot", 5);
        if (k < 0) {
            throw new ConfigurationException("parameter 'few_shot' of " + ID + " must be at least 0, was " + k);
        }
        Map<String, List<Map<String, Object>>> byCategory = Rows.firstPerGroup(
                context,
                params.string("few_shot_source").orElse(MmluProTask.VALIDATION),
                "category",
                prompt.equals("cot") ? k : 0);
        return new MmluProProcessor(prompt.equals("best_answer"), mode.equals("chat"), byCategory);
    }

    @Override
    public Set<String> requiredColumns() {
        return new LinkedHashSet<>(List.of("question", "options", "answer", "category"));
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        Map<String, Object> row = sample.row();
        String text = bestAnswer ? bestAnswerPrompt(row) : cotPrompt(row);
        GenerationInput input =
                chat ? new GenerationInput.Chat(List.of(Message.user(text))) : new GenerationInput.Completion(text);
        return new PreprocessedSample(sample, input);
    }

    private String cotPrompt(Map<String, Object> row) {
        String category = String.valueOf(row.get("category"));
        StringBuilder prompt = new StringBuilder(INITIAL.replace("{$}", category)).append('\n');
        for (Map<String, Object> example : shots.getOrDefault(category, List.of())) {
            prompt.append(example(example, true));
        }
        return prompt.append(example(row, false)).toString();
    }

    private static String example(Map<String, Object> row, boolean withAnswer) {
        StringBuilder s = new StringBuilder("Question:\n")
                .append(text(row.get("question")))
                .append('\n');
        s.append("Options:\n");
        List<String> options = options(row);
        for (int i = 0; i < options.size(); i++) {
            s.append(LETTERS.charAt(i)).append(". ").append(options.get(i)).append('\n');
        }
        if (withAnswer) {
            String cot = text(row.get("cot_content"))
                    .replace("A: Let's think step by step.", "Answer: Let's think step by step.");
            s.append(cot).append("\n\n");
        } else {
            s.append("Answer: Let's think step by step.");
        }
        return s.toString();
    }

    private static String bestAnswerPrompt(Map<String, Object> row) {
        StringBuilder s = new StringBuilder(
                "Given the following question and candidate answers, choose the best answer.\nQuestion: ");
        s.append(text(row.get("question"))).append('\n');
        List<String> options = options(row);
        for (int i = 0; i < options.size(); i++) {
            s.append(LETTERS.charAt(i)).append(". ").append(options.get(i)).append('\n');
        }
        s.append("\nYour response should end with \"The best answer is [the_answer_letter].\" where the"
                + " [the_answer_letter] is a letter from the provided choices.\n\nLet's think step by step.");
        return s.toString();
    }

    /** The row's options without "N/A" ones, as TIGER's preprocessing leaves them. */
    static List<String> options(Map<String, Object> row) {
        List<String> out = new ArrayList<>();
        if (row.get("options") instanceof List<?> list) {
            for (Object o : list) {
                String opt = text(o);
                if (!opt.equals("N/A")) {
                    out.add(opt);
                }
            }
        }
        return out;
    }

    private static String text(Object value) {
        return value == null ? "" : JsonValues.text(value);
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        Map<String, Object> row = new LinkedHashMap<>(sample.row());
        row.put("options", options(sample.row()));
        return new ScorerInputSample(
                response.text(),
                row.get("answer"),
                Optional.of(text(row.get("question"))),
                Optional.of(new PostprocessedGeneration(response.text(), response.logprobs())),
                row);
    }
}
