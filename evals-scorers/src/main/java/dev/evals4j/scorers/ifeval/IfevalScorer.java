package dev.evals4j.scorers.ifeval;

import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.text.PyJson;
import dev.evals4j.core.text.PyText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * IFEval's scoring of one response against its row's instructions ({@code instruction_id_list}, {@code kwargs}, and
 * {@code prompt} for the instruction that repeats it), strict or loose, reported per prompt or per instruction.
 *
 * <p>Strict: the response, which must not be blank, follows the instruction. Loose (the reference's upper bound): any
 * of eight variants does — the response, without its first line, without its last line, without both, and each of
 * those with every {@code *} removed (each variant stripped, and none blank). A prompt-level score is 1 when every
 * instruction is followed; an instruction-level score is the share followed, with the number of instructions as its
 * {@code weight}, so that {@code weighted_average} gives the share of all instructions. Every score lists the
 * instructions and whether each was followed ({@code follow_instruction_list}).
 */
public class IfevalScorer implements BaseScorer {
    private final String id;
    private final boolean loose;
    private final boolean promptLevel;

    IfevalScorer(String id, boolean loose, boolean promptLevel) {
        this.id = id;
        this.loose = loose;
        this.promptLevel = promptLevel;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public String description() {
        return "IFEval, " + (promptLevel ? "prompt" : "instruction") + "-level " + (loose ? "loose" : "strict")
                + " accuracy: " + (promptLevel ? "1 when every instruction is followed" : "the share followed");
    }

    @Override
    public final List<String> defaultAggregations() {
        return List.of(promptLevel ? "accuracy" : "weighted_average");
    }

    @Override
    public final Set<String> requiredColumns() {
        return new LinkedHashSet<>(List.of(ScorerInputSample.GENERATED_ANSWER, "instruction_id_list", "kwargs"));
    }

    @Override
    public final ScoreResult score(ScorerInputSample sample) {
        Map<String, @Nullable Object> row = sample.row();
        Optional<List<String>> ids = idList(row.get("instruction_id_list"));
        if (ids.isEmpty()) {
            return ScoreResult.unscored("instruction_id_list must be a list of instruction ids");
        }
        Optional<List<Map<String, @Nullable Object>>> kwargs = kwargsList(row.get("kwargs"));
        if (kwargs.isEmpty() || kwargs.get().size() != ids.get().size()) {
            return ScoreResult.unscored("kwargs must be a list of argument objects, one per instruction ("
                    + ids.get().size() + ")");
        }
        String response = sample.generatedText() == null ? "" : sample.generatedText();
        Object promptValue = row.get("prompt");
        String prompt = promptValue == null ? sample.inputQuery().orElse("") : JsonValues.text(promptValue);
        List<String> variants = loose ? looseVariants(response) : List.of(response);
        List<Boolean> followed = new ArrayList<>();
        try {
            for (int i = 0; i < ids.get().size(); i++) {
                boolean ok = false;
                for (String r : variants) {
                    if (!PyText.strip(r).isEmpty()
                            && Instructions.follows(
                                    ids.get().get(i), kwargs.get().get(i), prompt, r)) {
                        ok = true;
                        break;
                    }
                }
                followed.add(ok);
            }
        } catch (Instructions.BadInstruction e) {
            return ScoreResult.unscored(e.getMessage());
        }
        long n = followed.stream().filter(b -> b).count();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("instruction_id_list", ids.get());
        details.put("follow_instruction_list", followed);
        details.put("follow_all_instructions", n == followed.size());
        if (promptLevel) {
            return ScoreResult.correct(n == followed.size()).withDetails(details);
        }
        if (followed.isEmpty()) {
            details.put("weight", 0.0);
            return ScoreResult.of(0.0).withDetails(details);
        }
        details.put("weight", (double) followed.size());
        return ScoreResult.of((double) n / followed.size()).withDetails(details);
    }

    /** The reference's loose variants of a response, in its order. */
    static List<String> looseVariants(String response) {
        List<String> lines = List.of(response.split("\n", -1));
        String removeFirst = PyText.strip(String.join("\n", lines.subList(Math.min(1, lines.size()), lines.size())));
        String removeLast = PyText.strip(String.join("\n", lines.subList(0, Math.max(0, lines.size() - 1))));
        String removeBoth = lines.size() < 2 ? "" : PyText.strip(String.join("\n", lines.subList(1, lines.size() - 1)));
        return List.of(
                response,
                response.replace("*", ""),
                removeFirst,
                removeLast,
                removeBoth,
                removeFirst.replace("*", ""),
                removeLast.replace("*", ""),
                removeBoth.replace("*", ""));
    }

    private static Optional<List<String>> idList(@Nullable Object value) {
        Object v = value instanceof String s ? PyJson.loads(s).orElse(null) : value;
        if (!(v instanceof List<?> list)) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                return Optional.empty();
            }
            out.add(s);
        }
        return Optional.of(out);
    }

    /** The argument objects, a list or a JSON string of one (Llama Stack's datasets), null values left out. */
    private static Optional<List<Map<String, @Nullable Object>>> kwargsList(@Nullable Object value) {
        Object v = value instanceof String s ? PyJson.loads(s).orElse(null) : value;
        if (!(v instanceof List<?> list)) {
            return Optional.empty();
        }
        List<Map<String, @Nullable Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            Map<String, @Nullable Object> clean = new LinkedHashMap<>();
            map.forEach((k, x) -> {
                if (x != null && x != PyJson.NONE) {
                    clean.put(String.valueOf(k), x);
                }
            });
            out.add(clean);
        }
        return Optional.of(out);
    }

    /** {@code ifeval::prompt_strict}: 1 when the response follows every instruction strictly. */
    public static final class PromptStrict extends IfevalScorer {
        /** The discovered scorer. */
        public PromptStrict() {
            super("ifeval::prompt_strict", false, true);
        }
    }

    /** {@code ifeval::prompt_loose}: 1 when every instruction is followed by one of the loose variants. */
    public static final class PromptLoose extends IfevalScorer {
        /** The discovered scorer. */
        public PromptLoose() {
            super("ifeval::prompt_loose", true, true);
        }
    }

    /** {@code ifeval::instruction_strict}: the share of instructions followed strictly. */
    public static final class InstructionStrict extends IfevalScorer {
        /** The discovered scorer. */
        public InstructionStrict() {
            super("ifeval::instruction_strict", false, false);
        }
    }

    /** {@code ifeval::instruction_loose}: the share of instructions followed by one of the loose variants. */
    public static final class InstructionLoose extends IfevalScorer {
        /** The discovered scorer. */
        public InstructionLoose() {
            super("ifeval::instruction_loose", true, false);
        }
    }

    /**
     * {@code basic::ifeval}: Llama Stack's IFEval scoring function — the share of the row's instructions followed
     * strictly, weighted by their number ({@code weighted_average} is instruction-level strict accuracy).
     */
    public static final class LlamaStack extends IfevalScorer {
        /** The discovered scorer. */
        public LlamaStack() {
            super("basic::ifeval", false, false);
        }

        @Override
        public String description() {
            return "Llama Stack's IFEval: the share of instructions followed (strict), weighted by their number";
        }
    }
}
