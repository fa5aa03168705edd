package dev.evals4j.core.testing;

import dev.evals4j.core.scoring.PairedComparison;
import java.nio.file.Path;

/**
 * {@code CompareRuns <baseline> <candidate> <scorer>}: prints the paired comparison of two run folders; the other
 * side of the comparison-memory test, run in a JVM with a small heap.
 */
public final class CompareRuns {
    private CompareRuns() {}

    public static void main(String[] args) {
        var c = PairedComparison.create().compare(Path.of(args[0]), Path.of(args[1]), args[2]);
        System.out.println(c.summary());
        System.out.println("agreement=" + c.agreement());
    }
}
