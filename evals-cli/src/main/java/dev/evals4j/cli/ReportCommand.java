package dev.evals4j.cli;

import dev.evals4j.core.reports.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code evals report DIR}: writes report.html, report.md and junit.xml of a run. */
@Command(
        name = "report",
        description = {
            "Write a run's reports: report.html (one self-contained page to browse and filter the samples),"
                    + " report.md (a summary for CI comments) and junit.xml (one test case per sample).",
            "A sample passes when each of its scores is at least 1 or a passing category; a score below 1 fails it;"
                    + " a failed sample or scorer error is an error; only unscored scores skip it."
        })
final class ReportCommand extends CliCommand implements Callable<Integer> {
    /** Pages above this size may be more than a browser holds: a JavaScript string has at most 2^29 characters. */
    private static final long LARGE_PAGE = 400_000_000L;

    @Parameters(paramLabel = "DIR", description = "The run's folder.")
    Path run;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write the reports (default: the run's folder).")
    Path out;

    @Option(
            names = "--pass-category",
            paramLabel = "CATEGORY",
            description = "A categorical score that passes; repeat for more (default: CORRECT, PASS, PASSED, YES,"
                    + " TRUE; compared ignoring case).")
    List<String> passing = new ArrayList<>();

    ReportCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        RunReport.Builder builder = RunReport.builder();
        if (!passing.isEmpty()) {
            builder.passingCategories(passing);
        }
        Path target = out == null ? run : out;
        RunReport.Written w = builder.build().write(run, target);
        context.out.println(w.samples() + " samples: " + w.passed() + " passed, " + w.failed() + " failed, "
                + w.errors() + " errors, " + w.skipped() + " skipped (only unscored)");
        context.out.println(w.html() + " (" + DatasetsCommand.size(Files.size(w.html())) + ")");
        context.out.println(w.markdown());
        context.out.println(w.junit());
        return 0;
    }
}
