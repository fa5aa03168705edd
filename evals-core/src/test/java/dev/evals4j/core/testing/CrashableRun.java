package dev.evals4j.core.testing;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import dev.evals4j.core.datasets.InlineRowsDataset;
import dev.evals4j.core.plugins.PluginRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A program that runs (or resumes) an eval of {@code rows} questions with two epochs into a folder, slowly enough to
 * be killed in the middle: the other side of the crash-and-resume test, run in its own JVM.
 */
public final class CrashableRun {
    private CrashableRun() {}

    public static Evals evals(long pauseMillis) {
        return Evals.create(PluginRegistry.builder()
                .discovery(false)
                .register(new ExactScorer())
                .register(new EchoProcessor())
                .register(new SlowGenerator(pauseMillis))
                .register(new InlineRowsDataset())
                .build());
    }

    public static EvalRequest request(int rows, Path out) {
        List<Map<String, Object>> data = IntStream.range(0, rows)
                .<Map<String, Object>>mapToObj(i -> {
                    String q = "q" + i + (i % 3 == 0 ? "?" : "");
                    return Map.of("input_query", q, "expected_answer", i % 7 == 0 ? "other" : q);
                })
                .toList();
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofRows("qs", data))
                .processor(PluginSpec.of("test-question"))
                .generator(PluginSpec.of("test-slow"))
                .scorer(ScorerSpec.of("test::exact")
                        .withAggregations("accuracy", "average", "median", "categorical_count"))
                .epochs(2)
                .outputDir(out)
                .build();
    }

    /** {@code CrashableRun <rows> <folder> <pause ms>}. */
    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        evals(Long.parseLong(args[2]))
                .evals()
                .runEvalTask(
                        request(rows, out), RunOptions.builder().concurrency(8).build());
    }
}
