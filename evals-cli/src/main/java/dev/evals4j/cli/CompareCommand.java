package dev.evals4j.cli;

import dev.evals4j.core.scoring.PairedComparison;
import dev.evals4j.core.scoring.ScorerComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code evals compare DIR_A DIR_B}: paired statistics of two runs over the same samples. */
@Command(
        name = "compare",
        description = {
            "Compare two runs over the same dataset, sample by sample: for each scorer both used, the metric in A and"
                    + " in B, the difference B-A with its 95%% interval, the test and its p-value.",
            "0/1 scores: McNemar's exact test and Newcombe's paired interval; other scores: a seeded paired"
                    + " bootstrap of the mean difference."
        })
final class CompareCommand extends CliCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR_A", description = "The baseline run's folder.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "DIR_B", description = "The candidate run's folder.")
    Path candidate;

    @Option(
            names = "--scorer",
            paramLabel = "ID",
            description = "Compare only this scorer; repeat for more (default: every scorer both runs used).")
    List<String> scorers = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "The bootstrap's seed (default: ${DEFAULT-VALUE}).")
    long seed = PairedComparison.DEFAULT_SEED;

    @Option(
            names = "--resamples",
            paramLabel = "N",
            description = "The bootstrap's resamples, at least 100 (default: ${DEFAULT-VALUE}).")
    int resamples = PairedComparison.DEFAULT_RESAMPLES;

    CompareCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        PairedComparison comparison;
        try {
            comparison =
                    PairedComparison.builder().seed(seed).resamples(resamples).build();
        } catch (IllegalArgumentException e) {
            throw new dev.evals4j.api.ConfigurationException("--resamples must be at least 100, was " + resamples);
        }
        List<ScorerComparison> results = scorers.isEmpty()
                ? comparison.compareAll(baseline, candidate)
                : scorers.stream()
                        .distinct()
                        .map(id -> comparison.compare(baseline, candidate, id))
                        .toList();
        context.out.println("A: " + baseline);
        context.out.println("B: " + candidate);
        context.out.println();
        print(results);
        return 0;
    }

    private void print(List<ScorerComparison> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("SCORER", "METRIC", "A", "B", "B-A", "95% INTERVAL", "TEST", "P", "PAIRS"));
        List<String> notes = new ArrayList<>();
        boolean bootstrap = false;
        for (ScorerComparison c : results) {
            if (!c.compared()) {
                rows.add(List.of(c.scorerId(), "", "", "", "", "", "not compared", "", "0"));
                notes.add(c.scorerId() + ": not compared: " + c.note());
            } else {
                rows.add(List.of(
                        c.scorerId(),
                        c.metric(),
                        number(c.baseline()),
                        number(c.candidate()),
                        String.format(Locale.ROOT, "%+.4f", c.difference()),
                        String.format(Locale.ROOT, "[%+.4f, %+.4f]", c.lower(), c.upper()),
                        c.test().wireName(),
                        p(c.pValue()),
                        Long.toString(c.pairs().paired())));
                bootstrap |= c.test() == ScorerComparison.Test.PAIRED_BOOTSTRAP;
            }
            if (c.compared()) {
                left(c).ifPresent(notes::add);
            }
        }
        Table.print(context.out, rows);
        context.out.println();
        context.out.println("mcnemar_exact: McNemar's exact test, Newcombe's paired interval (method 10);"
                + " paired_bootstrap: percentile interval, p from the bootstrap centred on no difference");
        if (bootstrap) {
            context.out.println("bootstrap: seed " + seed + ", " + resamples + " resamples");
        }
        for (String note : notes) {
            context.out.println(note);
        }
    }

    /** What was left out of a scorer's pairs, such as "basic::equality: left out 2 samples only in A, …". */
    private static java.util.Optional<String> left(ScorerComparison c) {
        ScorerComparison.Pairs pairs = c.pairs();
        List<String> parts = new ArrayList<>();
        if (pairs.onlyInBaseline() > 0) {
            parts.add(pairs.onlyInBaseline() + " only in A");
        }
        if (pairs.onlyInCandidate() > 0) {
            parts.add(pairs.onlyInCandidate() + " only in B");
        }
        if (pairs.notScored() > 0) {
            parts.add(pairs.notScored() + " without a numeric score in both (failed, scorer error, unscored)");
        }
        return parts.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(c.scorerId() + ": left out " + String.join(", ", parts));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String p(double p) {
        return p >= 1e-4 ? String.format(Locale.ROOT, "%.4f", p) : String.format(Locale.ROOT, "%.1e", p);
    }
}
