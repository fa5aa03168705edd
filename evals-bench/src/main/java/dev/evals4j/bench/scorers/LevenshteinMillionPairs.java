package dev.evals4j.bench.scorers;

import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.scorers.braintrust.LevenshteinScorer;

/**
 * Scores 1,000,000 short-string pairs with {@code braintrust::levenshtein}, end to end (building each sample and
 * scoring it), and prints the wall time of each run (10 by default, or the count given as the argument) and the sum of the scores. The pairs come from the same
 * word list and linear congruential generator as the Node.js script that timed autoevals, so the sums can be
 * compared: {@code java -cp evals-bench/target/benchmarks.jar dev.evals4j.bench.scorers.LevenshteinMillionPairs}.
 */
public final class LevenshteinMillionPairs {
    private LevenshteinMillionPairs() {}

    private static final String[] WORDS = {
        "kitten",
        "sitting",
        "flaw",
        "lawn",
        "hello world",
        "hello there",
        "Paris",
        "London",
        "Mark Zuckerberg",
        "Jupiter",
        "Saturn",
        "the quick brown fox",
        "naive",
        "na\u00efve",
        "abc",
        ""
    };

    public static void main(String[] args) {
        int pairs = 1_000_000;
        String[] outputs = new String[pairs];
        String[] expected = new String[pairs];
        // Park-Miller's generator: exact in JavaScript's doubles too, so both sides draw the same pairs
        long seed = 12345;
        for (int i = 0; i < pairs; i++) {
            seed = seed * 48271 % 2147483647;
            outputs[i] = WORDS[(int) (seed % WORDS.length)];
            seed = seed * 48271 % 2147483647;
            expected[i] = WORDS[(int) (seed % WORDS.length)];
        }
        BaseScorer scorer = new LevenshteinScorer();
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        double[] seconds = new double[runs];
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            double sum = 0;
            for (int i = 0; i < pairs; i++) {
                sum += scorer.score(ScorerInputSample.of(outputs[i], expected[i]))
                        .numeric()
                        .orElseThrow();
            }
            long nanos = System.nanoTime() - start;
            seconds[run] = nanos / 1e9;
            System.out.printf("run %d: %.3f s, sum=%.6f%n", run, seconds[run], sum);
        }
        java.util.Arrays.sort(seconds);
        System.out.printf("best %.3f s, median %.3f s over %d runs%n", seconds[0], seconds[runs / 2], runs);
    }
}
