package dev.evals4j.tasks;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.DatasetSource;
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
import dev.evals4j.api.spi.RowReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code gsm8k} (processor): lm-evaluation-harness's 5-shot prompt ({@code Question: …\nAnswer: …}, examples from the
 * train split), the 8-shot chain of thought of Wei et al. ({@code Q: …\nA: … The answer is n.}), or ZeroEval's
 * zero-shot JSON prompt. The answer is the raw generation; the scorer extracts the number.
 */
public final class Gsm8kProcessor implements BaseGeneratorProcessor {
    /** The processor id. */
    public static final String ID = "gsm8k";

    /** The eight exemplars of Wei et al. (2022), as lm-evaluation-harness's gsm8k-cot has them. */
    static final List<String[]> COT_EXAMPLES = List.of(
            new String[] {
                "There are 15 trees in the grove. Grove workers will plant trees in the grove today. After they are"
                        + " done, there will be 21 trees. How many trees did the grove workers plant today?",
                "There are 15 trees originally. Then there were 21 trees after some more were planted. So there must"
                        + " have been 21 - 15 = 6. The answer is 6."
            },
            new String[] {
                "If there are 3 cars in the parking lot and 2 more cars arrive, how many cars are in the parking lot?",
                "There are originally 3 cars. 2 more cars arrive. 3 + 2 = 5. The answer is 5."
            },
            new String[] {
                "Leah had 32 chocolates and her sister had 42. If they ate 35, how many pieces do they have left in"
                        + " total?",
                "Originally, Leah had 32 chocolates. Her sister had 42. So in total they had 32 + 42 = 74. After"
                        + " eating 35, they had 74 - 35 = 39. The answer is 39."
            },
            new String[] {
                "Jason had 20 lollipops. He gave Denny some lollipops. Now Jason has 12 lollipops. How many lollipops"
                        + " did Jason give to Denny?",
                "Jason started with 20 lollipops. Then he had 12 after giving some to Denny. So he gave Denny 20 - 12"
                        + " = 8. The answer is 8."
            },
            new String[] {
                "Shawn has five toys. For Christmas, he got two toys each from his mom and dad. How many toys does he"
                        + " have now?",
                "Shawn started with 5 toys. If he got 2 toys each from his mom and dad, then that is 4 more toys. 5 +"
                        + " 4 = 9. The answer is 9."
            },
            new String[] {
                "There were nine computers in the server room. Five more computers were installed each day, from"
                        + " monday to thursday. How many computers are now in the server room?",
                "There were originally 9 computers. For each of 4 days, 5 more computers were added. So 5 * 4 = 20"
                        + " computers were added. 9 + 20 is 29. The answer is 29."
            },
            new String[] {
                "Michael had 58 golf balls. On tuesday, he lost 23 golf balls. On wednesday, he lost 2 more. How many"
                        + " golf balls did he have at the end of wednesday?",
                "Michael started with 58 golf balls. After losing 23 on tuesday, he had 58 - 23 = 35. After losing 2"
                        + " more, he had 35 - 2 = 33 golf balls. The answer is 33."
            },
            new String[] {
                "Olivia has $23. She bought five bagels for $3 each. How much money does she have left?",
                "Olivia had 23 dollars. 5 bagels for 3 dollars each will be 5 x 3 = 15 dollars. So she has 23 - 15"
                        + " dollars left. 23 - 15 is 8. The answer is 8."
            });

    static final String ZEROEVAL =
            "\n## Question: \n\n{question}\n\n\n## Instruction \n\nPlease answer this question by"
                    + " first reasoning and then providing your answer.\nPresent your reasoning and solution in the following"
                    + " json format. \nPlease show your final answer in the `answer` field, e.g.,`\"answer\": \"42\"`.\n\n"
                    + "```json\n{\n    \"reasoning\": \"___\",\n    \"answer\": \"___\"\n}\n```\n";

    private final String prompt;
    private final List<Map<String, Object>> shots;

    /** The discovered definition. */
    public Gsm8kProcessor() {
        this("cot", List.of());
    }

    private Gsm8kProcessor(String prompt, List<Map<String, Object>> shots) {
        this.prompt = prompt;
        this.shots = List.copyOf(shots);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "GSM8K prompts: lm-evaluation-harness 5-shot, Wei et al. 8-shot chain of thought, or ZeroEval's JSON";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.withDefault("prompt", ParamType.STRING, "harness, cot or zeroeval", "cot"),
                Parameter.withDefault("few_shot", ParamType.INTEGER, "harness: examples per question", 5),
                Parameter.withDefault(
                        "few_shot_source",
                        ParamType.STRING,
                        "harness: the examples (the first rows are taken)",
                        Gsm8kTask.TRAIN));
    }

    @Override
    public BaseGeneratorProcessor configure(Params params, PluginContext context) {
        String p = params.string("prompt").orElse("cot");
        if (!List.of("harness", "cot", "zeroeval").contains(p)) {
            throw new ConfigurationException(
                    "parameter 'prompt' of " + ID + " must be harness, cot or zeroeval, was '" + p + "'");
        }
        long k = params.integer("few_shot", 5);
        if (k < 0) {
            throw new ConfigurationException("parameter 'few_shot' of " + ID + " must be at least 0, was " + k);
        }
        List<Map<String, Object>> shots = new ArrayList<>();
        if (p.equals("harness") && k > 0) {
            String source = params.string("few_shot_source").orElse(Gsm8kTask.TRAIN);
            try (RowReader reader = context.openDataset(DatasetSource.uri(source))) {
                for (Optional<Map<String, Object>> row = reader.next();
                        row.isPresent() && shots.size() < k;
                        row = reader.next()) {
                    shots.add(row.get());
                }
            }
            if (shots.size() < k) {
                throw new ConfigurationException(
                        ID + " asks for " + k + " examples, but " + source + " has only " + shots.size() + " rows");
            }
        }
        return new Gsm8kProcessor(p, shots);
    }

    @Override
    public Set<String> requiredColumns() {
        return new LinkedHashSet<>(List.of("question", "answer"));
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        String question = text(sample.row().get("question"));
        return switch (prompt) {
            case "zeroeval" -> new PreprocessedSample(
                    sample, new GenerationInput.Chat(List.of(Message.user(ZEROEVAL.replace("{question}", question)))));
            case "harness" -> {
                StringBuilder s = new StringBuilder();
                for (Map<String, Object> shot : shots) {
                    s.append("Question: ")
                            .append(text(shot.get("question")))
                            .append("\nAnswer: ")
                            .append(text(shot.get("answer")))
                            .append("\n\n");
                }
                s.append("Question: ").append(question).append("\nAnswer:");
                yield new PreprocessedSample(sample, new GenerationInput.Completion(s.toString()));
            }
            default -> {
                StringBuilder s = new StringBuilder();
                for (String[] example : COT_EXAMPLES) {
                    s.append("Q: ")
                            .append(example[0])
                            .append("\nA: ")
                            .append(example[1])
                            .append("\n\n");
                }
                s.append("Q: ").append(question).append("\nA:");
                yield new PreprocessedSample(sample, new GenerationInput.Completion(s.toString()));
            }
        };
    }

    private static String text(Object value) {
        return value == null ? "" : JsonValues.text(value);
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        return new ScorerInputSample(
                response.text(),
                sample.row().get("answer"),
                Optional.of(text(sample.row().get("question"))),
                Optional.of(new PostprocessedGeneration(response.text(), response.logprobs())),
                sample.row());
    }
}
