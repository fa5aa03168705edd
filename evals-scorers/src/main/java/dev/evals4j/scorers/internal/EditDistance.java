package dev.evals4j.scorers.internal;

import java.util.OptionalInt;

/**
 * Levenshtein distance over UTF-16 code units (as JavaScript strings count them, so an emoji is two units), in
 * linear memory, after cutting the common prefix and suffix.
 */
public final class EditDistance {
    private EditDistance() {}

    /**
     * The most dynamic-programming cells one comparison may fill (after the common prefix and suffix are cut):
     * about half a second of work. Larger comparisons are refused rather than stalling a run.
     */
    public static final long MAX_CELLS = 400_000_000L;

    /** The edit distance, or empty when the comparison would exceed {@link #MAX_CELLS}. */
    public static OptionalInt levenshtein(String a, String b) {
        if (a.equals(b)) {
            return OptionalInt.of(0);
        }
        if (a.length() > b.length()) {
            String t = a;
            a = b;
            b = t;
        }
        int la = a.length();
        int lb = b.length();
        while (la > 0 && a.charAt(la - 1) == b.charAt(lb - 1)) {
            la--;
            lb--;
        }
        int offset = 0;
        while (offset < la && a.charAt(offset) == b.charAt(offset)) {
            offset++;
        }
        la -= offset;
        lb -= offset;
        if (la == 0) {
            return OptionalInt.of(lb);
        }
        if (la <= 64) {
            return OptionalInt.of(bitParallel(a, offset, la, b, offset, lb));
        }
        if ((long) la * lb > MAX_CELLS) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(dynamicProgramming(a, offset, la, b, lb));
    }

    // Pattern bit masks of ASCII characters, one table per thread, cleared after each use.
    private static final ThreadLocal<long[]> ASCII_MASKS = ThreadLocal.withInitial(() -> new long[128]);

    /**
     * Hyyrö's bit-parallel form of Myers' algorithm: the distance between a pattern of at most 64 units and a
     * text, in O(text length) word operations.
     */
    static int bitParallel(String p, int pOffset, int m, String t, int tOffset, int n) {
        long[] masks = ASCII_MASKS.get();
        for (int i = 0; i < m; i++) {
            char c = p.charAt(pOffset + i);
            if (c < 128) {
                masks[c] |= 1L << i;
            }
        }
        long pv = -1L;
        long mv = 0L;
        long last = 1L << (m - 1);
        int score = m;
        for (int j = 0; j < n; j++) {
            char c = t.charAt(tOffset + j);
            long eq;
            if (c < 128) {
                eq = masks[c];
            } else {
                eq = 0L;
                for (int i = 0; i < m; i++) {
                    if (p.charAt(pOffset + i) == c) {
                        eq |= 1L << i;
                    }
                }
            }
            long xv = eq | mv;
            long xh = (((eq & pv) + pv) ^ pv) | eq;
            long ph = mv | ~(xh | pv);
            long mh = pv & xh;
            if ((ph & last) != 0) {
                score++;
            }
            if ((mh & last) != 0) {
                score--;
            }
            ph = (ph << 1) | 1L;
            mh = mh << 1;
            pv = mh | ~(xv | ph);
            mv = ph & xv;
        }
        for (int i = 0; i < m; i++) {
            char c = p.charAt(pOffset + i);
            if (c < 128) {
                masks[c] = 0L;
            }
        }
        return score;
    }

    static int dynamicProgramming(String a, int offset, int la, String b, int lb) {
        // row[j] = distance between a[offset, offset+i) and b[offset, offset+j), one row i at a time
        int[] row = new int[la + 1];
        for (int i = 0; i <= la; i++) {
            row[i] = i;
        }
        for (int j = 1; j <= lb; j++) {
            char bj = b.charAt(offset + j - 1);
            int diagonal = row[0];
            row[0] = j;
            for (int i = 1; i <= la; i++) {
                int above = row[i];
                int cost = a.charAt(offset + i - 1) == bj ? diagonal : diagonal + 1;
                int best = Math.min(above + 1, row[i - 1] + 1);
                row[i] = Math.min(best, cost);
                diagonal = above;
            }
        }
        return row[la];
    }
}
