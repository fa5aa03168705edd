package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.scoring.Aggregations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The options {@code score} and {@code run} share: the dataset, the rows to take, the scorers, the output. */
final class DatasetAndScorers {
    @Option(
            names = "--dataset",
            paramLabel = "PATH|URL",
            description = "A CSV, JSON or JSONL file, an http(s) URL, a data: URL or a Hub dataset (hf://…).")
    String dataset;

    @Option(
            names = "--dataset-format",
            paramLabel = "FORMAT",
            description = "The dataset's format, csv, json or jsonl, when its name does not tell.")
    String format;

    /** The old name of {@code --dataset-format}, which read as the output's format; still accepted. */
    @Option(names = "--format", paramLabel = "FORMAT", hidden = true)
    void oldFormatOption(String value) {
        format = value;
    }

    @Option(names = "--rename", paramLabel = "FROM=TO", description = "Rename a column; repeat for more.")
    List<String> renames = new ArrayList<>();

    @Option(names = "--scorer", paramLabel = "ID", description = "A scorer id; repeat for more.")
    List<String> scorers = new ArrayList<>();

    @Option(
            names = "--aggregation",
            paramLabel = "FN",
            description = "accuracy, average, weighted_average, median, categorical_count or simpleqa, for every scorer"
                    + " (default: each scorer's own); repeat for more.")
    List<String> aggregations = new ArrayList<>();

    @Option(
            names = "--param",
            paramLabel = "ID.NAME=VALUE",
            description = "A plugin parameter, such as braintrust::list-contains.allow_extra_entities=true.")
    List<String> params = new ArrayList<>();

    @Option(
            names = "--fail-under",
            paramLabel = "SCORER.AGG[.KEY]=X",
            description = "Exit with 1 when a result is under X, such as basic::equality.accuracy=0.8 or"
                    + " basic::equality.accuracy.lower95=0.75 (the 95%% interval's lower bound); repeat for more.")
    List<String> failUnder = new ArrayList<>();

    @Option(
            names = "--task",
            paramLabel = "ID",
            description = "A benchmark task (see 'evals list'): its scorers, breakdown and protocol; with run, also its"
                    + " dataset, prompt and generation defaults. Its parameters: --param ID.NAME=VALUE.")
    String task;

    @Option(names = "--variant", paramLabel = "NAME", description = "The task's protocol variant (--task).")
    String variant;

    @Option(
            names = "--group-by",
            paramLabel = "COLUMN",
            description = "Break every score down by this row column: per group, micro and macro average.")
    String groupBy;

    @Option(names = "--limit", paramLabel = "N", description = "Take at most N rows.")
    Long limit;

    @Option(
            names = "--sample-seed",
            paramLabel = "SEED",
            description = "Draw the --limit rows at random with this seed instead of taking the first ones.")
    Long sampleSeed;

    @Option(names = "--output", paramLabel = "DIR", description = "Where to write the results (default: runs/…).")
    Path output;

    /**
     * Whether the run is one to continue: {@code --resume} given, and {@code --output} holds a run (else it starts
     * there); refuses {@code --resume} without {@code --output}, and a new run into the folder of another.
     */
    boolean resuming(boolean resume) {
        if (resume && output == null) {
            throw new ConfigurationException("--resume needs --output: the folder of the run to continue");
        }
        boolean holdsRun = output != null && Files.isRegularFile(output.resolve(RunFiles.RUN));
        if (holdsRun && !resume) {
            throw new ConfigurationException("the output folder " + output + " already holds a run; continue it with"
                    + " --resume, choose another folder, or remove it");
        }
        return holdsRun;
    }

    /** Checks that the options a new run needs are there. */
    void requireDatasetAndScorers() {
        requireDatasetAndScorers(List.of());
    }

    /**
     * Checks that the options a new run needs are there, these too.
     *
     * @param alsoMissing other options the command misses, each with what it is, such as
     *     {@code --model (the model to ask)}
     */
    void requireDatasetAndScorers(List<String> alsoMissing) {
        List<String> missing = new ArrayList<>();
        if (dataset == null) {
            missing.add("--dataset (a CSV, JSON or JSONL file, a URL or hf://…)");
        }
        if (scorers.isEmpty() && task == null) {
            missing.add("--scorer (a scorer id such as basic::equality, or --task with a benchmark task; 'evals"
                    + " list' shows both)");
        }
        if (variant != null && task == null) {
            throw new ConfigurationException("--variant needs --task: the task whose variant it is");
        }
        missing.addAll(alsoMissing);
        requireNone(missing);
    }

    /** Fails naming the missing options, such as "missing --model (…) and --base-url (…)", when there are any. */
    static void requireNone(List<String> missing) {
        if (!missing.isEmpty()) {
            List<String> first = missing.subList(0, missing.size() - 1);
            String last = missing.get(missing.size() - 1);
            throw new ConfigurationException(
                    "missing " + (first.isEmpty() ? last : String.join(", ", first) + " and " + last));
        }
    }

    /** The request builder with the dataset, rows, scorers and output; {@code plugins} finds a plugin by id. */
    EvalRequest.Builder request(Map<String, Map<String, Object>> paramsById) {
        requireDatasetAndScorers();
        return complete(EvalRequest.builder().dataset(definition()), paramsById);
    }

    /** The {@code --dataset} with its format and renames. */
    DatasetDefinition definition() {
        DatasetDefinition definition =
                DatasetDefinition.ofUri(dataset).withRenamedColumns(DatasetsCommand.renameMap(renames));
        return format != null ? definition.withFormat(format) : definition;
    }

    /** The {@code --param}s of the task, with {@code --variant}. */
    Map<String, Object> taskParams(Map<String, Map<String, Object>> paramsById) {
        Map<String, Object> params = new java.util.LinkedHashMap<>(paramsById.getOrDefault(task, Map.of()));
        if (variant != null) {
            params.put(dev.evals4j.api.spi.BaseTask.VARIANT, variant);
        }
        return params;
    }

    /** Adds the scorers, group-by, rows and output to a request that has its dataset (and maybe a task's scorers). */
    EvalRequest.Builder complete(EvalRequest.Builder request, Map<String, Map<String, Object>> paramsById) {
        for (String name : aggregations) {
            Aggregations.of(name);
        }
        for (String id : scorers) {
            request.scorer(new ScorerSpec(id, paramsById.getOrDefault(id, Map.of()), aggregations));
        }
        if (groupBy != null) {
            request.groupBy(groupBy);
        }
        if (limit != null) {
            request.limit(limit);
        }
        if (sampleSeed != null) {
            if (limit == null) {
                throw new ConfigurationException("--sample-seed needs --limit: how many rows to draw");
            }
            request.sampleSeed(sampleSeed);
        }
        if (output != null) {
            request.outputDir(output);
        }
        return request;
    }

    /** The {@code --fail-under} options, checked against the selected scorers (and the task's). */
    List<Thresholds.Threshold> thresholds(List<String> taskScorers) {
        List<String> all = new ArrayList<>(taskScorers);
        all.addAll(scorers);
        return Thresholds.parse(failUnder, all);
    }

    /** The {@code --fail-under} options, checked against the selected scorers. */
    List<Thresholds.Threshold> thresholds() {
        return thresholds(List.of());
    }

    /** The {@code --param} options by plugin id, typed by what each plugin declares. */
    Map<String, Map<String, Object>> params(List<String> ids, Function<String, Plugin> plugins) {
        return ParamParser.parse(params, ids, plugins);
    }
}
