package dev.evals4j.scorers.braintrust;

import java.util.Arrays;

/**
 * Maximum-weight matching of a rectangular matrix (the linear sum assignment problem), by the Hungarian
 * algorithm with potentials in O(n²·m): autoevals' ListContains pairs output and expected items this way.
 */
final class Assignment {
    private Assignment() {}

    /**
     * For each row, the column it is matched to, or -1 when there are more rows than columns and the row is left
     * out; the matched weights have the greatest possible sum.
     */
    static int[] maximize(double[][] weights) {
        int rows = weights.length;
        int cols = rows == 0 ? 0 : weights[0].length;
        boolean transposed = rows > cols;
        int n = transposed ? cols : rows;
        int m = transposed ? rows : cols;
        // minimise cost = -weight with n <= m, 1-based arrays as in the textbook formulation
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double w = transposed ? weights[j - 1][i0 - 1] : weights[i0 - 1][j - 1];
                        double cur = -w - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToCol = new int[rows];
        Arrays.fill(rowToCol, -1);
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                if (transposed) {
                    rowToCol[j - 1] = p[j] - 1;
                } else {
                    rowToCol[p[j] - 1] = j - 1;
                }
            }
        }
        return rowToCol;
    }
}
