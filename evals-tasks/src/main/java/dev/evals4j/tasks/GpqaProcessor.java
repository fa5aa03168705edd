package dev.evals4j.tasks;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PostprocessedGeneration;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.text.PyRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code gpqa_diamond} (processor): simple-evals' GPQA prompt, with the four answers of a row ({@code Correct
 * Answer}, {@code Incorrect Answer 1..3}) in an order that changes with each repeat. The orders are simple-evals':
 * one {@code random.Random(seed)} draws {@code sample(range(4), 4)} for every row of the first repeat, then of the
 * second, and so on, so row {@code i} of repeat {@code r} gets draw number {@code r * rows + i}. The expected answer
 * is the letter the correct answer lands on.
 */
public final class GpqaProcessor implements BaseGeneratorProcessor {
    /** The processor id. */
    public static final String ID = "gpqa_diamond";

    /** The number of rows of GPQA Diamond, whose permutations one repeat draws. */
    public static final int DIAMOND_ROWS = 198;

    static final List<String> ANSWER_COLUMNS =
            List.of("Correct Answer", "Incorrect Answer 1", "Incorrect Answer 2", "Incorrect Answer 3");

    private final String system;
    private final long seed;
    private final int rows;
    private final List<List<Integer>> drawn = new ArrayList<>();
    private final PyRandom random;

    /** The discovered definition. */
    public GpqaProcessor() {
        this(SimpleEvals.SYSTEM, 0, DIAMOND_ROWS);
    }

    private GpqaProcessor(String system, long seed, int rows) {
        this.system = system;
        this.seed = seed;
        this.rows = rows;
        this.random = PyRandom.seeded(seed);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "GPQA: simple-evals' multiple-choice prompt, answers shuffled anew for each repeat";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                SimpleEvals.SYSTEM_PARAMETER,
                Parameter.withDefault("seed", ParamType.INTEGER, "the seed of simple-evals' random.Random", 0),
                Parameter.withDefault(
                        "rows",
                        ParamType.INTEGER,
                        "the dataset's row count: one repeat draws this many permutations",
                        DIAMOND_ROWS));
    }

    @Override
    public BaseGeneratorProcessor configure(Params params) {
        long rowCount = params.integer("rows", DIAMOND_ROWS);
        if (rowCount < 1 || rowCount > 1_000_000) {
            throw MmluProcessor.badParameter(ID, "rows", "between 1 and 1000000", rowCount);
        }
        return new GpqaProcessor(SimpleEvals.system(params), params.integer("seed", 0), (int) rowCount);
    }

    @Override
    public Set<String> requiredColumns() {
        Set<String> columns = new LinkedHashSet<>(List.of("Question"));
        columns.addAll(ANSWER_COLUMNS);
        return columns;
    }

    /**
     * The order of the four answers for a row in a repeat: position {@code j} shows answer {@code order.get(j)}
     * (0 the correct one).
     */
    List<Integer> permutation(long index, int epoch) {
        if (index >= rows) {
            throw new IllegalArgumentException("row " + index + " is beyond the " + rows + " rows whose answer orders"
                    + " one repeat draws; set the parameter rows of " + ID + " to the dataset's row count");
        }
        long draw = (long) epoch * rows + index;
        if (draw > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("too many repeats for " + rows + " rows");
        }
        synchronized (drawn) {
            while (drawn.size() <= draw) {
                drawn.add(List.copyOf(random.sampleRange(4, 4)));
            }
            return drawn.get((int) draw);
        }
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        return preprocess(sample, 0);
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample, int epoch) {
        List<String> answers = answers(sample.row());
        List<String> shown = new ArrayList<>();
        for (int i : permutation(sample.index(), epoch)) {
            shown.add(answers.get(i));
        }
        String prompt = SimpleEvals.multichoice(Rows.text(sample.row(), "Question"), shown);
        return new PreprocessedSample(sample, MmluProcessor.chat(system, prompt), epoch);
    }

    private static List<String> answers(Map<String, Object> row) {
        List<String> answers = new ArrayList<>();
        for (String column : ANSWER_COLUMNS) {
            answers.add(Rows.text(row, column));
        }
        return answers;
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        return postprocess(sample, response, 0);
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response, int epoch) {
        List<Integer> order = permutation(sample.index(), epoch);
        List<String> answers = answers(sample.row());
        List<String> shown = new ArrayList<>();
        for (int i : order) {
            shown.add(answers.get(i));
        }
        // simple-evals: choices.index(row["Correct Answer"]), the first position showing the correct text
        int correct = shown.indexOf(answers.get(0));
        Map<String, Object> row = new LinkedHashMap<>(sample.row());
        row.put("permutation", order);
        return new ScorerInputSample(
                response.text(),
                String.valueOf("ABCD".charAt(correct)),
                Optional.of(Rows.text(row, "Question")),
                Optional.of(new PostprocessedGeneration(response.text(), response.logprobs())),
                row);
    }

    @Override
    public String toString() {
        return ID + "[seed " + seed + ", " + rows + " rows]";
    }
}
