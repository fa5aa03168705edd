package dev.evals4j.tasks;

import static dev.evals4j.tasks.Steps.regex;

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
 * {@code gpqa_diamond}: GPQA Diamond (198 graduate-level questions, four answers) as simple-evals runs it: the answers
 * shuffled with a seeded {@code random.Random} anew for every repeat, the zero-shot prompt, the first
 * {@code Answer: X} of the response. The dataset (Idavidrein/gpqa, gated) is read at the revision the {@code revision}
 * parameter gives: evals4j has no verified commit of it to pin.
 */
public final class GpqaTask extends AbstractTask {
    /** The Hub repository of GPQA; gated, so a token of an account that accepted its terms is needed. */
    public static final String REPOSITORY = "Idavidrein/gpqa";

    /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
    public GpqaTask() {
        super(
                "gpqa_diamond",
                "GPQA Diamond, simple-evals' prompt, answers shuffled per repeat; needs --param"
                        + " gpqa_diamond.revision=COMMIT",
                List.of(new TaskVariant(
                        "simple_evals",
                        "simple-evals: the first (?i)Answer[ \\t]*:[ \\t]*\\$?([A-D])\\$? of the raw response,"
                                + " compared case-sensitively; answers shuffled by random.Random(0)")));
    }

    @Override
    List<Parameter> extraParameters() {
        return List.of(
                Parameter.optional(
                        "revision",
                        ParamType.STRING,
                        "the commit of Idavidrein/gpqa to read (needed to ask a model; not pinned by evals4j)"),
                Parameter.withDefault(
                        "repeats",
                        ParamType.INTEGER,
                        "how often each question is asked, each time in another order (simple_evals.py runs 10, the"
                                + " class default is 4)",
                        10),
                Parameter.withDefault("seed", ParamType.INTEGER, "the seed of the answer orders", 0));
    }

    @Override
    public TaskPlan plan(Params params, PluginContext context) {
        String variant = variant(params);
        long repeats = params.integer("repeats", 10);
        if (repeats < 1 || repeats > 1000) {
            throw new ConfigurationException(
                    "parameter 'repeats' of the task gpqa_diamond must be between 1 and 1000, was " + repeats);
        }
        long seed = params.integer("seed", 0);
        Optional<DatasetDefinition> dataset = params.string("revision")
                .filter(r -> !r.isBlank())
                .map(r -> DatasetDefinition.ofUri("gpqa_diamond", uri(r.strip())));
        Map<String, Object> scorer = new LinkedHashMap<>();
        scorer.put("filters", List.of(regex(SimpleEvals.ANSWER_MULTICHOICE)));
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("variant", variant);
        protocol.put("description", variantDescription(variant));
        protocol.put(
                "shuffle",
                "rng = random.Random(" + seed + "); for every repeat, for every row: rng.sample(range(4), 4)");
        protocol.put("repeats", repeats);
        protocol.put("extraction", "re.search(ANSWER_PATTERN_MULTICHOICE, response), group 1; no normalisation");
        protocol.put("missing_answer", "scored wrong");
        protocol.put("comparison", "the letter equals the shuffled gold letter, case-sensitive");
        protocol.put("metric", "accuracy over all rows and repeats");
        protocol.put("source", "openai/simple-evals gpqa_eval.py, common.py (2025-05)");
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("temperature", 0.5);
        generation.put("max_tokens", 1024L);
        return new TaskPlan(
                dataset,
                Optional.of(new PluginSpec(GpqaProcessor.ID, Map.of("seed", seed))),
                List.of(new ScorerSpec("answer::match", scorer, List.of("accuracy"))),
                generation,
                Map.of(),
                Optional.of("High-level domain"),
                (int) repeats,
                protocol);
    }

    /** The {@code gpqa_diamond} configuration's only split, at a commit. */
    public static String uri(String revision) {
        return "hf://datasets/" + REPOSITORY + "@" + revision + "?config=gpqa_diamond&split=train";
    }
}
