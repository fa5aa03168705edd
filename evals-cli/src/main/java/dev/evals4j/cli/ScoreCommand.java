package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.core.plugins.PluginKind;
import dev.evals4j.core.scoring.Aggregations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evals score}: scores a dataset that already holds the model's answers. */
@Command(
        name = "score",
        description = "Score a dataset whose rows hold generated_answer and expected_answer (and maybe input_query).")
final class ScoreCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    GlobalOptions global;

    @Option(names = "--dataset", required = true, paramLabel = "PATH|URL",
            description = "A CSV, JSON or JSONL file, an http(s) URL or a data: URL.")
    String dataset;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv, json or jsonl, when the name does not tell.")
    String format;

    @Option(names = "--scorer", required = true, paramLabel = "ID", description = "A scorer id; repeat for more.")
    List<String> scorers = new ArrayList<>();

    @Option(names = "--aggregation", paramLabel = "FN",
            description = "accuracy, average, weighted_average, median or categorical_count, for every scorer"
                    + " (default: each scorer's own); repeat for more.")
    List<String> aggregations = new ArrayList<>();

    @Option(names = "--param", paramLabel = "ID.NAME=VALUE",
            description = "A scorer parameter, such as braintrust::list-contains.allow_extra_entities=true.")
    List<String> params = new ArrayList<>();

    @Option(names = "--rename", paramLabel = "FROM=TO", description = "Rename a column; repeat for more.")
    List<String> renames = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "Score at most N rows.")
    Long limit;

    @Option(names = "--sample-seed", paramLabel = "SEED",
            description = "Draw the --limit rows at random with this seed instead of taking the first ones.")
    Long sampleSeed;

    @Option(names = "--output", paramLabel = "DIR", description = "Where to write the results (default: runs/…).")
    Path output;

    ScoreCommand(CliContext context) {
        this.context = context;
        this.global = new GlobalOptions(context);
    }

    @Override
    public Integer call() {
        Evals evals = context.evals();
        for (String name : aggregations) {
            Aggregations.of(name);
        }
        Map<String, Map<String, Object>> paramsById =
                ParamParser.parse(params, scorers, id -> evals.plugins().get(PluginKind.SCORER, id));
        DatasetDefinition definition = DatasetDefinition.ofUri(datasetName(dataset), dataset)
                .withRenamedColumns(renameMap(renames));
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
        EvalResult result = evals.evals().runScoring(request.build());
        Summary.print(context.out, result);
        context.out.println();
        context.out.println(result.numSamples() + " rows scored" + (result.numErrors() > 0
                ? ", " + result.numErrors() + " failed (see \"error\" in samples.jsonl)" : "")
                + "; results in " + result.outputDir());
        return 0;
    }

    static Map<String, String> renameMap(List<String> renames) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String r : renames) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new ConfigurationException("--rename takes FROM=TO, such as --rename answer=expected_answer;"
                        + " got '" + r + "'");
            }
            map.put(r.substring(0, eq), r.substring(eq + 1));
        }
        return map;
    }

    static String datasetName(String uri) {
        String tail = uri.replaceFirst("[?#].*$", "");
        tail = tail.substring(Math.max(tail.lastIndexOf('/'), tail.lastIndexOf('\\')) + 1);
        int dot = tail.indexOf('.');
        String name = dot > 0 ? tail.substring(0, dot) : tail;
        return name.isBlank() || uri.startsWith("data:") ? "dataset" : name;
    }
}
