package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.core.plugins.PluginKind;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evals score}: scores a dataset that already holds the model's answers. */
@Command(
        name = "score",
        description = "Score a dataset whose rows hold generated_answer and expected_answer (and maybe input_query).")
final class ScoreCommand extends CliCommand implements Callable<Integer> {
    @Mixin
    DatasetAndScorers what = new DatasetAndScorers();

    @Option(names = "--resume", description = "Continue the scoring in --output from its journal (or start it there).")
    boolean resume;

    ScoreCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (what.resuming(resume)) {
            return resume();
        }
        what.requireDatasetAndScorers();
        Evals evals = context.evals();
        List<String> ids = new java.util.ArrayList<>(what.scorers);
        if (what.task != null) {
            ids.add(what.task);
        }
        var params = what.params(
                ids, id -> evals.plugins().get(id.equals(what.task) ? PluginKind.TASK : PluginKind.SCORER, id));
        var request = what.task == null
                ? what.request(params).build()
                : what.complete(evals.tasks().scoring(what.task, what.taskParams(params), what.definition()), params)
                        .build();
        List<Thresholds.Threshold> thresholds = what.thresholds(request.scorers().stream()
                .map(dev.evals4j.api.ScorerSpec::id)
                .filter(id -> !what.scorers.contains(id))
                .toList());
        return finish(thresholds, run -> evals.evals().runScoring(request, run));
    }

    /** Continues the scoring run in the output folder, by its folder alone (its request is in its run.json). */
    private Integer resume() {
        if (what.dataset != null || what.task != null || !what.scorers.isEmpty()) {
            throw new ConfigurationException("--resume continues the run in " + what.output + " as it was started:"
                    + " give only --resume --output " + what.output);
        }
        RunFile run = RunFiles.readRun(what.output);
        if (run.request().generator() != null) {
            throw new ConfigurationException("the run in " + what.output + " asks a model; continue it with 'evals run"
                    + " --resume --output " + what.output + "'");
        }
        Evals evals = context.evals();
        List<Thresholds.Threshold> thresholds = Thresholds.parse(
                what.failUnder,
                run.request().scorers().stream().map(PluginRecord::id).toList());
        return finish(thresholds, options -> evals.evals().resume(what.output, options));
    }

    private Integer finish(
            List<Thresholds.Threshold> thresholds, java.util.function.Function<RunOptions, EvalResult> how) {
        // a bar on a terminal only: counting the rows for it costs a second pass over the file
        ProgressPrinter printer = new ProgressPrinter(context.err, true);
        RunOptions.Builder options = context.terminal() ? RunOptions.builder().progress(printer) : RunOptions.builder();
        Optional<EvalResult> done = StopOnSignal.run(context, "score", options, printer, how);
        if (done.isEmpty()) {
            return Main.INTERRUPTED;
        }
        EvalResult result = done.get();
        Summary.print(context.out, result);
        context.out.println();
        context.out.println(result.numSamples() + " rows scored"
                + (result.numErrors() > 0 ? ", " + result.numErrors() + " failed (see \"error\" in samples.jsonl)" : "")
                + "; results in " + result.outputDir());
        return Thresholds.check(thresholds, result, context.err) ? 0 : Main.FAILED;
    }
}
