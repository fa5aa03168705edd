package dev.evals4j.core.testing;

import dev.evals4j.api.EvalResult;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.Evals;
import dev.evals4j.core.datasets.FileDataset;
import dev.evals4j.core.plugins.PluginRegistry;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code ResumeRun <folder>}: resumes a scoring run with {@code test::exact} over a file, and prints its samples
 * and accuracy; the other side of the resume-memory test, run in a JVM with a small heap.
 */
public final class ResumeRun {
    private ResumeRun() {}

    public static void main(String[] args) {
        try (Evals evals = Evals.builder()
                .plugins(PluginRegistry.builder()
                        .discovery(false)
                        .register(new ExactScorer())
                        .register(new FileDataset())
                        .build())
                .environment(Map.of())
                .cacheDir(Path.of(args[0]).resolveSibling("cache"))
                .build()) {
            EvalResult result = evals.evals().resume(Path.of(args[0]), RunOptions.defaults());
            System.out.println("samples=" + result.numSamples() + " accuracy="
                    + result.score("test::exact").metric("accuracy", "accuracy").orElseThrow() + " heap_used_mb="
                    + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1 << 20));
        }
    }
}
