package dev.evals4j.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.core.results.DatasetRecord;
import dev.evals4j.core.results.ErrorRecord;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.RequestRecord;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.results.ScoreRow;
import dev.evals4j.core.scoring.ScorerComparison.Agreement;
import dev.evals4j.core.scoring.ScorerComparison.Pairs;
import dev.evals4j.core.scoring.ScorerComparison.Test;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paired statistics against values computed by hand and by {@code src/test/resources/paired/reference.py}, an
 * independent implementation with exact integer arithmetic for McNemar's test and the bootstrap's definition.
 */
class PairedComparisonTest {
    private static final String EQ = "basic::equality";
    private static final String SIM = "metrics::f1";

    @TempDir
    Path dir;

    private final PairedComparison comparison = PairedComparison.create();

    @org.junit.jupiter.api.Test
    void mcnemarsExactPValueIsTwiceTheBinomialTailOfTheSmallerDiscordantCount() {
        // b=10, c=2: X ~ Bin(12, 1/2), P(X <= 2) = (C(12,0) + C(12,1) + C(12,2)) / 2^12 = (1 + 12 + 66) / 4096
        // = 79/4096; p = 2 * 79/4096 = 0.03857421875 (python3: 2*sum(math.comb(12,k) for k in range(3))/2**12)
        assertThat(Statistics.mcnemarExactP(10, 2)).isCloseTo(0.03857421875, within(1e-15));
        assertThat(Statistics.mcnemarExactP(2, 10)).isCloseTo(0.03857421875, within(1e-15));
        // b=0, c=5: 2 * 1/32
        assertThat(Statistics.mcnemarExactP(0, 5)).isCloseTo(0.0625, within(1e-15));
        // b=7, c=3: 2 * (1 + 10 + 45 + 120) / 1024 = 352/1024
        assertThat(Statistics.mcnemarExactP(7, 3)).isCloseTo(0.34375, within(1e-15));
        assertThat(Statistics.mcnemarExactP(1, 0)).isEqualTo(1.0);
        assertThat(Statistics.mcnemarExactP(5, 5)).isEqualTo(1.0);
        assertThat(Statistics.mcnemarExactP(0, 0)).isEqualTo(1.0);
        // larger counts, from reference.py's exact fractions
        assertThat(Statistics.mcnemarExactP(25, 10)).isCloseTo(0.01667384780012071, within(1e-13));
        assertThat(Statistics.mcnemarExactP(300, 200)).isCloseTo(8.940066542253267e-06, within(1e-16));
        assertThat(Statistics.mcnemarExactP(5000, 4800) / 0.04440414879984629).isCloseTo(1.0, within(1e-10));
        assertThatThrownBy(() -> Statistics.mcnemarExactP(-1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("discordant counts must be at least 0, were b=-1, c=2");
    }

    @org.junit.jupiter.api.Test
    void newcombesPairedIntervalMatchesThePublishedExamples() {
        // Fagerland, Lydersen and Laake (2017), ch. 8, Cavo et al. 2012: estimate -0.0621, 95% CI -0.1186 to -0.0046
        double[] cavo = Statistics.newcombePaired(59, 6, 16, 80);
        assertThat(cavo[0]).isCloseTo(-0.11862119563870992, within(1e-12));
        assertThat(cavo[1]).isCloseTo(-0.004625113933050047, within(1e-12));
        // Altman et al. (2000), Statistics with Confidence, table 6.2: 0.122, 95% CI 0.011 to 0.226
        double[] altman = Statistics.newcombePaired(14, 5, 0, 22);
        assertThat(altman[0]).isCloseTo(0.01148324138303325, within(1e-12));
        assertThat(altman[1]).isCloseTo(0.2264926843512112, within(1e-12));
    }

    @org.junit.jupiter.api.Test
    void zeroOneScoresAreComparedWithMcNemarAndNewcombesInterval() {
        // 30 pairs right in both, 10 right in the baseline only, 2 in the candidate only, 8 in neither
        List<double[]> pairs = new ArrayList<>();
        add(pairs, 30, 1, 1);
        add(pairs, 10, 1, 0);
        add(pairs, 2, 0, 1);
        add(pairs, 8, 0, 0);

        ScorerComparison c = comparison.compare(EQ, column(pairs, 0), column(pairs, 1));

        assertThat(c.test()).isEqualTo(Test.MCNEMAR_EXACT);
        assertThat(c.metric()).isEqualTo("accuracy");
        assertThat(c.baseline()).isEqualTo(0.8);
        assertThat(c.candidate()).isEqualTo(0.64);
        assertThat(c.difference()).isEqualTo(-0.16);
        assertThat(c.pValue()).isCloseTo(0.03857421875, within(1e-15));
        // python3: Newcombe method 10 for (a, b, c, d) = (30, 2, 10, 8), candidate first
        assertThat(c.lower()).isCloseTo(-0.29043935042654784, within(1e-12));
        assertThat(c.upper()).isCloseTo(-0.023980393188464177, within(1e-12));
        assertThat(c.agreement()).isEqualTo(new Agreement(30, 10, 2, 8));
        assertThat(c.bootstrap()).isNull();
        assertThat(c.pairs()).isEqualTo(new Pairs(50, 0, 0, 0));
        assertThat(c.summary())
                .isEqualTo("basic::equality accuracy 0.8000 -> 0.6400, difference -0.1600 [-0.2904, -0.0240],"
                        + " McNemar's exact test p = 0.03857, 50 pairs");
    }

    @org.junit.jupiter.api.Test
    void otherScoresAreComparedWithTheSeededPairedBootstrapExactlyAsTheReferenceDoes() {
        double[] baseline = {0.2, 0.5, 0.9, 0.4, 0.7, 0.1, 0.3, 0.8, 0.6, 0.5, 0.25, 0.75};
        double[] candidate = {0.4, 0.3, 1.0, 0.2, 0.6, 0.3, 0.5, 0.9, 0.2, 0.8, 0.25, 0.95};

        ScorerComparison c =
                PairedComparison.builder().seed(42).resamples(1000).build().compare(SIM, baseline, candidate);

        // reference.py: bootstrap seed=42 resamples=1000
        assertThat(c.test()).isEqualTo(Test.PAIRED_BOOTSTRAP);
        assertThat(c.metric()).isEqualTo("average");
        assertThat(c.difference()).isEqualTo(0.03333333333333333);
        assertThat(c.lower()).isEqualTo(-0.09166666666666666);
        assertThat(c.upper()).isEqualTo(0.14166666666666666);
        assertThat(c.pValue()).isEqualTo(0.5814185814185814);
        assertThat(c.bootstrap()).isEqualTo(new ScorerComparison.Bootstrap(42, 1000));

        ScorerComparison seven =
                PairedComparison.builder().seed(7).resamples(2000).build().compare(SIM, baseline, candidate);
        assertThat(seven.lower()).isEqualTo(-0.08333333333333333);
        assertThat(seven.upper()).isEqualTo(0.14166666666666664);
        assertThat(seven.pValue()).isEqualTo(0.5992003998001);
    }

    @org.junit.jupiter.api.Test
    void theBootstrapDefaultsToTenThousandResamplesWithSeed42AndGivesPOneWithoutADifference() {
        double[] same = {0.5, 0.25, 0.75, 0.5};

        ScorerComparison c = comparison.compare(SIM, same, same);

        assertThat(c.bootstrap()).isEqualTo(new ScorerComparison.Bootstrap(42, 10_000));
        assertThat(c.difference()).isZero();
        assertThat(c.lower()).isZero();
        assertThat(c.upper()).isZero();
        assertThat(c.pValue()).isEqualTo(1.0);
    }

    @org.junit.jupiter.api.Test
    void runsArePairedByIndexAndEpochCountingWhatCouldNotBePaired() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        List<SampleRecord> baseline = new ArrayList<>();
        List<SampleRecord> candidate = new ArrayList<>();
        // 12 discordant pairs as in the hand computation: b = 10 (baseline right only), c = 2; 20 right in both
        for (int i = 0; i < 32; i++) {
            boolean x = i < 30;
            boolean y = i >= 10;
            baseline.add(sample(i, null, EQ, ScoreRow.of(ScoreResult.correct(x))));
            candidate.add(sample(i, null, EQ, ScoreRow.of(ScoreResult.correct(y))));
        }
        // not scored in both: a failed sample, a scorer error, an unscored sample
        baseline.add(failed(40));
        candidate.add(sample(40, null, EQ, ScoreRow.of(ScoreResult.correct(true))));
        baseline.add(sample(41, null, EQ, ScoreRow.failure(new IllegalStateException("boom"))));
        candidate.add(sample(41, null, EQ, ScoreRow.of(ScoreResult.correct(true))));
        baseline.add(sample(42, null, EQ, ScoreRow.of(ScoreResult.correct(true))));
        candidate.add(sample(42, null, EQ, ScoreRow.of(ScoreResult.unscored("no answer"))));
        // only in one run
        baseline.add(sample(50, null, EQ, ScoreRow.of(ScoreResult.correct(true))));
        candidate.add(sample(60, null, EQ, ScoreRow.of(ScoreResult.correct(true))));
        candidate.add(sample(61, null, EQ, ScoreRow.of(ScoreResult.correct(true))));
        // a failed line that a resume replaced: the last line of a key counts
        candidate.add(0, failed(5));
        writeRun(a, "data/qa.csv", List.of(EQ), baseline);
        Collections.shuffle(candidate.subList(1, candidate.size()), new Random(3));
        writeRun(b, "data/qa.csv", List.of(EQ), candidate);

        ScorerComparison c = comparison.compare(a, b, EQ);

        assertThat(c.pairs()).isEqualTo(new Pairs(32, 1, 2, 3));
        assertThat(c.agreement()).isEqualTo(new Agreement(20, 10, 2, 0));
        assertThat(c.pValue()).isCloseTo(0.03857421875, within(1e-15));
        assertThat(c.summary())
                .endsWith("32 pairs, 1 only in the baseline, 2 only in the candidate, 3 not scored in both");
    }

    @org.junit.jupiter.api.Test
    void theOrderInWhichSamplesFinishedDoesNotChangeABit() throws IOException {
        Random random = new Random(11);
        List<SampleRecord> baseline = new ArrayList<>();
        List<SampleRecord> candidate = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            for (int epoch = 0; epoch < 2; epoch++) {
                baseline.add(sample(i, epoch, SIM, numeric(random.nextInt(101) / 100.0)));
                candidate.add(sample(i, epoch, SIM, numeric(random.nextInt(101) / 100.0)));
            }
        }
        writeRun(dir.resolve("a"), "data/qa.csv", List.of(SIM), baseline);
        writeRun(dir.resolve("b"), "data/qa.csv", List.of(SIM), candidate);
        Collections.shuffle(baseline, new Random(1));
        Collections.shuffle(candidate, new Random(2));
        writeRun(dir.resolve("a2"), "data/qa.csv", List.of(SIM), baseline);
        writeRun(dir.resolve("b2"), "data/qa.csv", List.of(SIM), candidate);

        ScorerComparison inOrder = comparison.compare(dir.resolve("a"), dir.resolve("b"), SIM);
        ScorerComparison shuffled = comparison.compare(dir.resolve("a2"), dir.resolve("b2"), SIM);

        assertThat(inOrder.pairs().paired()).isEqualTo(600);
        assertThat(shuffled).isEqualTo(inOrder);
        assertThat(inOrder.test()).isEqualTo(Test.PAIRED_BOOTSTRAP);
        assertThat(inOrder.lower()).isLessThan(inOrder.difference());
        assertThat(inOrder.upper()).isGreaterThan(inOrder.difference());
    }

    @org.junit.jupiter.api.Test
    void compareAllComparesEveryScorerBothRunsUsedAndSaysWhyACategoricalOneIsNot() throws IOException {
        String grade = "llm-as-judge::405b-simpleqa";
        List<SampleRecord> baseline = new ArrayList<>();
        List<SampleRecord> candidate = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, ScoreRow> scores = new LinkedHashMap<>();
            scores.put(EQ, ScoreRow.of(ScoreResult.correct(i % 2 == 0)));
            scores.put(grade, ScoreRow.of(ScoreResult.category("CORRECT")));
            scores.put(SIM, numeric(0.5));
            baseline.add(sample(i, null, scores));
            candidate.add(sample(i, null, scores));
        }
        writeRun(dir.resolve("a"), "data/qa.csv", List.of(EQ, grade, SIM), baseline);
        writeRun(dir.resolve("b"), "data/qa.csv", List.of(grade, EQ), candidate);

        List<ScorerComparison> all = comparison.compareAll(dir.resolve("a"), dir.resolve("b"));

        assertThat(all).extracting(ScorerComparison::scorerId).containsExactly(EQ, grade);
        assertThat(all.get(0).pValue()).isEqualTo(1.0);
        assertThat(all.get(1).compared()).isFalse();
        assertThat(all.get(1).summary())
                .isEqualTo("llm-as-judge::405b-simpleqa: not compared: its scores are categories; only numeric"
                        + " scores are compared (0 pairs, 10 not scored in both)");
    }

    @org.junit.jupiter.api.Test
    void runsOverAnotherDatasetAreRefusedNamingBoth() throws IOException {
        writeRun(dir.resolve("a"), "data/qa.csv", List.of(EQ), List.of(sample(0, null, EQ, numeric(1))));
        writeRun(dir.resolve("b"), "data/other.csv", List.of(EQ), List.of(sample(0, null, EQ, numeric(1))));

        assertThatThrownBy(() -> comparison.compareAll(dir.resolve("a"), dir.resolve("b")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the runs are not over the same dataset: " + dir.resolve("a") + " reads data/qa.csv, "
                        + dir.resolve("b") + " reads data/other.csv; compare runs of one dataset");
    }

    @org.junit.jupiter.api.Test
    void aSampleWhoseRowDiffersMeansTheFileChangedBetweenTheRuns() throws IOException {
        writeRun(dir.resolve("a"), "data/qa.csv", List.of(EQ), List.of(sample(0, null, EQ, numeric(1))));
        SampleRecord changed = new SampleRecord(
                0, null, Map.of("expected_answer", "Lyon"), null, null, "Paris", "Lyon", Map.of(EQ, numeric(0)), null);
        writeRun(dir.resolve("b"), "data/qa.csv", List.of(EQ), List.of(changed));

        assertThatThrownBy(() -> comparison.compare(dir.resolve("a"), dir.resolve("b"), EQ))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the runs are not over the same dataset: sample 0 has another row in " + dir.resolve("a")
                        + " than in " + dir.resolve("b"));
    }

    @org.junit.jupiter.api.Test
    void runsWithoutASharedScorerOrWithoutTheScorerAreRefused() throws IOException {
        writeRun(dir.resolve("a"), "data/qa.csv", List.of(EQ), List.of(sample(0, null, EQ, numeric(1))));
        writeRun(dir.resolve("b"), "data/qa.csv", List.of(SIM), List.of(sample(0, null, SIM, numeric(1))));

        assertThatThrownBy(() -> comparison.compareAll(dir.resolve("a"), dir.resolve("b")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the runs share no scorer: " + dir.resolve("a") + " has basic::equality, "
                        + dir.resolve("b") + " has metrics::f1");
        assertThatThrownBy(() -> comparison.compare(dir.resolve("a"), dir.resolve("b"), EQ))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the scorer 'basic::equality' is not in both runs; " + dir.resolve("a")
                        + " has basic::equality, " + dir.resolve("b") + " has metrics::f1");
    }

    @org.junit.jupiter.api.Test
    void aBadLineInTheMiddleOfAJournalIsAnErrorButATornLastLineIsNot() throws IOException {
        writeRun(dir.resolve("a"), "data/qa.csv", List.of(EQ), List.of(sample(0, null, EQ, numeric(1))));
        writeRun(dir.resolve("b"), "data/qa.csv", List.of(EQ), List.of(sample(0, null, EQ, numeric(0))));
        Path journal = dir.resolve("b").resolve(RunFiles.SAMPLES);
        Files.writeString(
                journal,
                Files.readString(journal) + "{\"index\": 1, \"row\": {\"a\"",
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);

        assertThat(comparison.compare(dir.resolve("a"), dir.resolve("b"), EQ).pairs())
                .isEqualTo(new Pairs(1, 0, 0, 0));

        Files.writeString(
                journal,
                Files.readString(journal) + "\n" + new String(RunFiles.sampleLine(sample(2, null, EQ, numeric(1))))
                        + "\n");
        assertThatThrownBy(() -> comparison.compare(dir.resolve("a"), dir.resolve("b"), EQ))
                .isInstanceOf(EvalException.class)
                .hasMessageStartingWith(journal + " line 2 is not a sample: ");
    }

    // --- helpers

    private static void add(List<double[]> pairs, int count, double baseline, double candidate) {
        for (int i = 0; i < count; i++) {
            pairs.add(new double[] {baseline, candidate});
        }
    }

    private static double[] column(List<double[]> pairs, int c) {
        return pairs.stream().mapToDouble(p -> p[c]).toArray();
    }

    private static ScoreRow numeric(double v) {
        return ScoreRow.of(ScoreResult.of(v));
    }

    static SampleRecord sample(long index, Integer epoch, String scorer, ScoreRow row) {
        return sample(index, epoch, Map.of(scorer, row));
    }

    static SampleRecord sample(long index, Integer epoch, Map<String, ScoreRow> scores) {
        return new SampleRecord(
                index,
                epoch,
                Map.of("input_query", "question " + index, "expected_answer", "answer " + index),
                null,
                null,
                "answer",
                "answer " + index,
                scores,
                null);
    }

    private static SampleRecord failed(long index) {
        return new SampleRecord(
                index,
                null,
                Map.of("input_query", "question " + index, "expected_answer", "answer " + index),
                null,
                null,
                null,
                null,
                Map.of(),
                new ErrorRecord("ModelCallException", "the server answered 500"));
    }

    static void writeRun(Path run, String dataset, List<String> scorers, List<SampleRecord> samples)
            throws IOException {
        Files.createDirectories(run);
        RequestRecord request = new RequestRecord(
                new DatasetRecord("qa", dataset, null, null, null, Map.of(), Map.of()),
                scorers.stream()
                        .map(id -> new PluginRecord(id, null, Map.of(), List.of()))
                        .toList(),
                null,
                null,
                -1,
                null,
                1,
                "mean",
                Map.of());
        RunFiles.writeRun(run, new RunFile("0.1.0-SNAPSHOT", RunFile.SCORING, request));
        try (OutputStream out = Files.newOutputStream(run.resolve(RunFiles.SAMPLES))) {
            for (SampleRecord s : samples) {
                out.write(RunFiles.sampleLine(s));
                out.write('\n');
            }
        }
    }
}
