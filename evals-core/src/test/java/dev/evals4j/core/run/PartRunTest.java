package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.core.Evals;
import dev.evals4j.core.datasets.InlineRowsDataset;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.scoring.Aggregations;
import dev.evals4j.core.scoring.ScoreCounts;
import dev.evals4j.core.testing.CrashableRun;
import dev.evals4j.core.testing.EchoProcessor;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.SlowGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartRunTest {
    @TempDir
    Path dir;

    private final SlowGenerator generator = new SlowGenerator();

    private Evals evals() {
        return Evals.create(PluginRegistry.builder()
                .discovery(false)
                .register(new ExactScorer())
                .register(new EchoProcessor())
                .register(generator)
                .register(new InlineRowsDataset())
                .build());
    }

    /** The rows of the request's inline dataset whose index is in [from, to), with their index in the whole. */
    @SuppressWarnings("unchecked")
    private static Iterator<DatasetSample> rows(EvalRequest request, int from, int to) {
        List<Map<String, Object>> all = ((dev.evals4j.api.DatasetSource.Rows)
                        request.datasetDefinition().orElseThrow().source())
                .rows();
        List<DatasetSample> part = new ArrayList<>();
        for (int i = from; i < to; i++) {
            part.add(new DatasetSample(i, all.get(i)));
        }
        return part.iterator();
    }

    /** Each sample's score of test::exact, by index, as the sink received them. */
    private static final class Collected implements ScoreSink {
        final Map<Long, ScoreResult> scores = new ConcurrentSkipListMap<>();
        int calls;

        @Override
        public synchronized void add(long index, String group, Map<String, Optional<ScoreResult>> byScorer) {
            calls++;
            assertThat(group).isEmpty();
            byScorer.get("test::exact").ifPresent(s -> scores.put(index, s));
        }
    }

    @Test
    void partsOfARunMergeIntoTheWholeRunsAggregates() {
        EvalRequest whole = CrashableRun.request(40, dir.resolve("whole"));
        EvalResult local;
        try (Evals evals = evals()) {
            local = evals.evals()
                    .runEvalTask(whole, RunOptions.builder().concurrency(4).build());
        }
        generator.calls.set(0);

        Collected sink = new Collected();
        long samples = 0;
        try (Evals evals = evals()) {
            for (int[] range : new int[][] {{0, 13}, {13, 40}}) {
                EvalRequest part = whole.toBuilder()
                        .outputDir(dir.resolve("part-" + range[0]))
                        .build();
                ResultsFile results = evals.runner()
                        .runPart(
                                part,
                                rows(whole, range[0], range[1]),
                                RunOptions.builder().concurrency(4).build(),
                                sink);
                assertThat(results.status()).isEqualTo(ResultsFile.COMPLETED);
                samples += results.counts().samples();
            }
        }

        assertThat(samples).isEqualTo(40);
        assertThat(generator.calls.get()).isEqualTo(80); // two epochs
        assertThat(sink.scores.keySet()).hasSize(40).first().isEqualTo(0L);
        // the epochs were reduced (mean) before the sink saw them: 0, 0.5 or 1
        TreeMap<Double, Long> values = new TreeMap<>();
        sink.scores.values().forEach(s -> values.merge(((ScoreResult.Numeric) s).value(), 1L, Long::sum));
        assertThat(values.keySet()).containsExactly(0.0, 0.5, 1.0);
        ScoreCounts.Builder counts = ScoreCounts.builder();
        values.forEach(counts::value);
        ScoreCounts merged = counts.build();
        for (String aggregation : List.of("accuracy", "average", "median", "categorical_count")) {
            assertThat(Aggregations.result(aggregation, merged))
                    .isEqualTo(local.score("test::exact").aggregatedResults().get(aggregation));
        }
    }

    @Test
    void aPartResumesFromItsJournalWithoutAskingAgain() {
        EvalRequest whole = CrashableRun.request(30, dir.resolve("whole"));
        EvalRequest part = whole.toBuilder().outputDir(dir.resolve("part")).build();
        try (Evals evals = evals()) {
            Collected first = new Collected();
            evals.runner().runPart(part, rows(whole, 10, 30), RunOptions.defaults(), first);
            assertThat(generator.calls.get()).isEqualTo(40);

            Collected again = new Collected();
            ResultsFile results = evals.runner().runPart(part, rows(whole, 10, 30), RunOptions.defaults(), again);

            assertThat(generator.calls.get()).isEqualTo(40);
            assertThat(again.calls).isEqualTo(20);
            assertThat(again.scores).isEqualTo(first.scores);
            assertThat(results.counts().samples()).isEqualTo(20);
            assertThat(results.segments()).hasSize(2);
            assertThat(RunFiles.readSamples(dir.resolve("part")).count()).isEqualTo(40);
        }
    }

    @Test
    void aPartWhoseEverySampleFailedIsLeftToTheCallerToJudge() {
        EvalRequest whole = CrashableRun.request(3, dir.resolve("whole"));
        for (int i = 0; i < 3; i++) {
            generator.failing.add("q" + i + (i % 3 == 0 ? "?" : ""));
        }
        Collected sink = new Collected();
        try (Evals evals = evals()) {
            ResultsFile results = evals.runner()
                    .runPart(
                            whole.toBuilder().outputDir(dir.resolve("part")).build(),
                            rows(whole, 0, 3),
                            RunOptions.defaults(),
                            sink);

            assertThat(results.status()).isEqualTo(ResultsFile.COMPLETED);
            assertThat(results.counts().errors()).isEqualTo(6);
        }
        assertThat(sink.calls).isEqualTo(3);
        assertThat(sink.scores).isEmpty();
    }

    @Test
    void aPartNeedsRowsAndAFolder() {
        EvalRequest whole = CrashableRun.request(3, dir.resolve("whole"));
        try (Evals evals = evals()) {
            assertThatThrownBy(() -> evals.runner()
                            .runPart(
                                    whole, List.<DatasetSample>of().iterator(), RunOptions.defaults(), (i, g, s) -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a part of a run needs at least one row; " + dir.resolve("whole") + " has none");
            assertThatThrownBy(() -> evals.runner()
                            .runPart(
                                    whole.toBuilder().outputDir(null).build(),
                                    rows(whole, 0, 3),
                                    RunOptions.defaults(),
                                    (i, g, s) -> {}))
                    .hasMessage("a part of a run needs an output folder of its own");
        }
    }
}
