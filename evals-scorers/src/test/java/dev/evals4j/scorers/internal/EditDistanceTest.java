package dev.evals4j.scorers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void knownDistances() {
        assertThat(EditDistance.levenshtein("kitten", "sitting")).hasValue(3);
        assertThat(EditDistance.levenshtein("", "abc")).hasValue(3);
        assertThat(EditDistance.levenshtein("flaw", "lawn")).hasValue(2);
        assertThat(EditDistance.levenshtein("😀a", "a")).hasValue(2);
    }

    @Test
    void theBitParallelAlgorithmAgreesWithTheTableOnRandomStrings() {
        Random random = new Random(42);
        String alphabet = "abcdeé😀 ";
        for (int trial = 0; trial < 5_000; trial++) {
            String a = randomString(random, alphabet, random.nextInt(70));
            String b = randomString(random, alphabet, random.nextInt(90));
            if (a.isEmpty()) {
                continue;
            }
            int table = EditDistance.dynamicProgramming(a, 0, a.length(), b, b.length());
            if (a.length() <= 64) {
                assertThat(EditDistance.bitParallel(a, 0, a.length(), b, 0, b.length()))
                        .as("%s / %s", a, b)
                        .isEqualTo(table);
            }
            assertThat(EditDistance.levenshtein(a, b)).as("%s / %s", a, b).hasValue(table);
        }
    }

    @Test
    void comparisonsBeyondTheCellLimitAreRefused() {
        String a = "ab".repeat(300_000);
        String b = "ba".repeat(300_000);
        assertThat(EditDistance.levenshtein(a, b)).isEmpty();
        assertThat(EditDistance.levenshtein(a, a + "")).hasValue(0);
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        int[] cps = alphabet.codePoints().toArray();
        while (sb.length() < length) {
            sb.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return sb.toString();
    }
}
