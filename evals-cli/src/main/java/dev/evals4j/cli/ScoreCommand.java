package dev.evals4j.cli;

import dev.evals4j.api.EvalResult;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.core.plugins.PluginKind;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code evals score}: scores a dataset that already holds the model's answers. */
@Command(
        name = "score",
        description = "Score a dataset whose rows hold generated_answer and expected_answer (and maybe input_query).")
final class ScoreCommand extends CliCommand implements Callable<Integer> {
    @Mixin
    DatasetAndScorers what = new DatasetAndScorers();

    ScoreCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        what.requireDatasetAndScorers();
        List<Thresholds.Threshold> thresholds = what.thresholds();
        Evals evals = context.evals();
        var params = what.params(what.scorers, id -> evals.plugins().get(PluginKind.SCORER, id));
        // a bar on a terminal only: counting the rows for it costs a second pass over the file
        ProgressPrinter printer = new ProgressPrinter(context.err, true);
        RunOptions.Builder options = context.terminal() ? RunOptions.builder().progress(printer) : RunOptions.builder();
        var request = what.request(params).build();
        Optional<EvalResult> done =
                StopOnSignal.run(context, options, printer, run -> evals.evals().runScoring(request, run));
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
