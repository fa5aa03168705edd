package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.core.results.DatasetRecord;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.RequestRecord;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.scoring.PairedComparison;
import dev.evals4j.core.scoring.ScorerComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
    }

    @Test
    void printsEachSharedScorerWithBothValuesTheDifferenceItsIntervalTheTestAndP() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        SyntheticRun.write(a, 300, 1);
        SyntheticRun.write(b, 300, 2);

        int code = run("compare", a.toString(), b.toString(), "--seed", "7", "--resamples", "1000");

        assertThat(code).as(err.toString()).isZero();
        PairedComparison expected =
                PairedComparison.builder().seed(7).resamples(1000).build();
        ScorerComparison eq = expected.compare(a, b, SyntheticRun.EQ);
        ScorerComparison f1 = expected.compare(a, b, SyntheticRun.F1);
        assertThat(out.toString().lines().toList())
                .containsSubsequence(
                        "A: " + a,
                        "B: " + b,
                        "",
                        "SCORER                       METRIC    A       B       B-A      95% INTERVAL        TEST"
                                + "              P       PAIRS",
                        row(eq, "mcnemar_exact   "),
                        row(f1, "paired_bootstrap"),
                        "llm-as-judge::405b-simpleqa                                                         not"
                                + " compared              0",
                        "",
                        "mcnemar_exact: McNemar's exact test, Newcombe's paired interval (method 10); paired_bootstrap:"
                                + " percentile interval, p from the bootstrap centred on no difference",
                        "bootstrap: seed 7, 1000 resamples",
                        "basic::equality: left out 1 without a numeric score in both (failed, scorer error,"
                                + " unscored)",
                        "metrics::f1: left out 1 without a numeric score in both (failed, scorer error, unscored)",
                        "llm-as-judge::405b-simpleqa: not compared: its scores are categories; only numeric scores"
                                + " are compared");
        // sample 5 failed in both runs; the judge's grades are categories
        assertThat(eq.pairs()).isEqualTo(new ScorerComparison.Pairs(299, 0, 0, 1));
        assertThat(out.toString()).doesNotContain("llm-as-judge::405b-simpleqa: left out");
    }

    private static String row(ScorerComparison c, String test) {
        return String.format(
                Locale.ROOT,
                "%-28s %-9s %.4f  %.4f  %+.4f  [%+.4f, %+.4f]  %s  %.4f  %d",
                c.scorerId(),
                c.metric(),
                c.baseline(),
                c.candidate(),
                c.difference(),
                c.lower(),
                c.upper(),
                test,
                c.pValue(),
                c.pairs().paired());
    }

    @Test
    void oneScorerCanBeChosen() throws IOException {
        SyntheticRun.write(dir.resolve("a"), 100, 1);
        SyntheticRun.write(dir.resolve("b"), 100, 2);

        int code = run("compare", dir.resolve("a").toString(), dir.resolve("b").toString(), "--scorer", "metrics::f1");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("metrics::f1 ").doesNotContain("basic::equality ");
    }

    @Test
    void runsOfAnotherDatasetAreAUsageErrorThatSaysSo() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        SyntheticRun.write(a, 20, 1);
        SyntheticRun.write(b, 20, 2);
        RunFile run = RunFiles.readRun(b);
        RequestRecord r = run.request();
        RunFiles.writeRun(
                b,
                new RunFile(
                        run.evals4jVersion(),
                        run.task(),
                        new RequestRecord(
                                new DatasetRecord("other", "data/other.jsonl", null, null, null, Map.of(), Map.of()),
                                r.scorers(),
                                r.processor(),
                                r.generator(),
                                r.limit(),
                                r.sampleSeed(),
                                r.epochs(),
                                r.epochReducer(),
                                r.metadata())));

        int code = run("compare", a.toString(), b.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("evals: the runs are not over the same dataset: " + a + " reads data/geo-qa.jsonl, " + b
                        + " reads data/other.jsonl; compare runs of one dataset" + System.lineSeparator());
    }

    @Test
    void runsWithoutASharedScorerAreAUsageError() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        SyntheticRun.write(a, 20, 1);
        SyntheticRun.write(b, 20, 2);
        RunFile run = RunFiles.readRun(b);
        RequestRecord r = run.request();
        RunFiles.writeRun(
                b,
                new RunFile(
                        run.evals4jVersion(),
                        run.task(),
                        new RequestRecord(
                                r.dataset(),
                                List.of(new PluginRecord("metrics::bleu", null, Map.of(), List.of())),
                                r.processor(),
                                r.generator(),
                                r.limit(),
                                r.sampleSeed(),
                                r.epochs(),
                                r.epochReducer(),
                                r.metadata())));

        assertThat(run("compare", a.toString(), b.toString())).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("evals: the runs share no scorer: " + a + " has basic::equality, metrics::f1,"
                        + " llm-as-judge::405b-simpleqa, " + b + " has metrics::bleu" + System.lineSeparator());
    }

    @Test
    void aFolderWithoutARunAndTooFewResamplesAreUsageErrors() throws IOException {
        SyntheticRun.write(dir.resolve("a"), 20, 1);

        assertThat(run(
                        "compare",
                        dir.resolve("a").toString(),
                        dir.resolve("nothing").toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("evals: the folder " + dir.resolve("nothing") + " holds no run (no run.json)");
        assertThat(run("compare", dir.resolve("a").toString(), dir.resolve("a").toString(), "--resamples", "5"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("evals: --resamples must be at least 100, was 5");
    }
}
