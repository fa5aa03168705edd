package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.core.scoring.Aggregations;
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

    @Option(names = "--limit", paramLabel = "N", description = "Take at most N rows.")
    Long limit;

    @Option(
            names = "--sample-seed",
            paramLabel = "SEED",
            description = "Draw the --limit rows at random with this seed instead of taking the first ones.")
    Long sampleSeed;

    @Option(names = "--output", paramLabel = "DIR", description = "Where to write the results (default: runs/…).")
    Path output;

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
        if (scorers.isEmpty()) {
            missing.add("--scorer (a scorer id, such as basic::equality; 'evals list' shows them)");
        }
        missing.addAll(alsoMissing);
        if (!missing.isEmpty()) {
            String last = missing.remove(missing.size() - 1);
            throw new ConfigurationException(
                    "missing " + (missing.isEmpty() ? last : String.join(", ", missing) + " and " + last));
        }
    }

    /** The request builder with the dataset, rows, scorers and output; {@code plugins} finds a plugin by id. */
    EvalRequest.Builder request(Map<String, Map<String, Object>> paramsById) {
        requireDatasetAndScorers();
        for (String name : aggregations) {
            Aggregations.of(name);
        }
        DatasetDefinition definition =
                DatasetDefinition.ofUri(dataset).withRenamedColumns(DatasetsCommand.renameMap(renames));
        if (format != null) {
            definition = definition.withFormat(format);
        }
        EvalRequest.Builder request = EvalRequest.builder().dataset(definition);
        for (String id : scorers) {
            request.scorer(new ScorerSpec(id, paramsById.getOrDefault(id, Map.of()), aggregations));
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

    /** The {@code --fail-under} options, checked against the selected scorers. */
    List<Thresholds.Threshold> thresholds() {
        return Thresholds.parse(failUnder, scorers);
    }

    /** The {@code --param} options by plugin id, typed by what each plugin declares. */
    Map<String, Map<String, Object>> params(List<String> ids, Function<String, Plugin> plugins) {
        return ParamParser.parse(params, ids, plugins);
    }
}
