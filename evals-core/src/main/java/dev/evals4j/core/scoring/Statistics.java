package dev.evals4j.core.scoring;

/** Standard errors, 95% confidence intervals and tests for proportions and means. */
public final class Statistics {
    /** The 97.5th percentile of the standard normal distribution. */
    public static final double Z_975 = 1.959963984540054;

    /** Student's t 97.5th percentiles for 1 to 30 degrees of freedom. */
    private static final double[] T_975 = {
        12.706204736174698, 4.302652729749464, 3.182446305284263, 2.7764451051977934, 2.5705818356363146,
        2.4469118511449692, 2.3646242515927844, 2.3060041352041662, 2.2621571627982053, 2.2281388519862744,
        2.200985160082949, 2.178812829667228, 2.1603686564627926, 2.1447866879178044, 2.131449545559774,
        2.1199052992212533, 2.1098155778333156, 2.10092204024096, 2.093024054408263, 2.0859634472658364,
        2.0796138447276626, 2.0738730679040147, 2.068657610419041, 2.063898561628021, 2.0595385527532977,
        2.055529438642871, 2.0518305164802833, 2.048407141795244, 2.045229642132703, 2.0422724563012373
    };

    private Statistics() {}

    /**
     * The Wilson score interval at 95% for {@code successes} out of {@code n}; {@code {lower, upper}}.
     *
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public static double[] wilson(double successes, long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        double p = successes / n;
        double z2 = Z_975 * Z_975;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denominator;
        double half = Z_975 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new double[] {Math.max(0, center - half), Math.min(1, center + half)};
    }

    /** The 97.5th percentile of Student's t distribution with {@code df} degrees of freedom. */
    public static double t975(long df) {
        if (df <= 0) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, was " + df);
        }
        if (df <= T_975.length) {
            return T_975[(int) df - 1];
        }
        // Cornish-Fisher expansion of t around the normal quantile; error below 1e-6 for df > 30
        double z = Z_975;
        double v = df;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        return z
                + (z3 + z) / (4 * v)
                + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }

    /**
     * The two-sided p-value of McNemar's exact test: the exact binomial test of the discordant pairs, {@code b} pairs
     * that passed only in the first condition against {@code c} that passed only in the second. With
     * {@code X ~ Binomial(b + c, 1/2)}, {@code p = min(1, 2 P(X <= min(b, c)))}, and {@code p = 1} when
     * {@code b + c = 0}.
     *
     * <p>Computed in floating point from the exact binomial terms (relative error about 1e-12 even for millions of
     * pairs), without a normal approximation or a continuity correction.
     *
     * @throws IllegalArgumentException when a count is negative
     */
    public static double mcnemarExactP(long b, long c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts must be at least 0, were b=" + b + ", c=" + c);
        }
        long m = b + c;
        long k = Math.min(b, c);
        if (m == 0 || 2 * k >= m) {
            return 1.0; // b == c: P(X <= m/2) is at least 1/2
        }
        // P(X <= k) = pmf(k) * sum_{j<=k} pmf(j)/pmf(k), with pmf(j-1)/pmf(j) = j/(m-j+1) < 1 below the mode
        double ratioSum = 0;
        double term = 1;
        for (long j = k; j >= 0 && term > ratioSum * 1e-17; j--) {
            ratioSum += term;
            term *= j / (double) (m - j + 1);
        }
        double logTail = logChoose(m, k) - m * Math.log(2) + Math.log(ratioSum);
        return Math.min(1.0, 2 * Math.exp(logTail));
    }

    /** {@code ln C(m, k)}, summed term by term so that it stays exact to rounding for any {@code m}. */
    private static double logChoose(long m, long k) {
        double sum = 0;
        for (long i = 1; i <= k; i++) {
            sum += Math.log((double) (m - k + i) / i);
        }
        return sum;
    }

    /**
     * Newcombe's 95% interval for the difference of two paired proportions, {@code p1 - p2}: the square-and-add
     * ("hybrid score") interval built from the two Wilson intervals with the correlation correction (Newcombe 1998,
     * method 10). The pairs are counted in a 2x2 table: {@code both} passed in both conditions, {@code firstOnly}
     * only in the first, {@code secondOnly} only in the second, {@code neither} in neither; so
     * {@code p1 = (both + firstOnly) / n} and {@code p2 = (both + secondOnly) / n}. Returns {@code {lower, upper}}.
     *
     * <p>With {@code A = both * neither - firstOnly * secondOnly}, the correlation estimate is
     * {@code phi = (A - n/2) / sqrt(r1 r2 c1 c2)} when {@code A > n/2}, {@code 0} when {@code 0 <= A <= n/2},
     * {@code A / sqrt(r1 r2 c1 c2)} when {@code A < 0}, and {@code 0} when a margin is empty; then
     * {@code lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2 - 2 phi (p1 - l1)(u2 - p2))} and
     * {@code upper = d + sqrt((p2 - l2)^2 + (u1 - p1)^2 - 2 phi (p2 - l2)(u1 - p1))}, where {@code [l1, u1]} and
     * {@code [l2, u2]} are the Wilson intervals of {@code p1} and {@code p2}.
     *
     * @throws IllegalArgumentException when a count is negative or all are 0
     */
    public static double[] newcombePaired(long both, long firstOnly, long secondOnly, long neither) {
        if (both < 0 || firstOnly < 0 || secondOnly < 0 || neither < 0) {
            throw new IllegalArgumentException("pair counts must be at least 0, were " + both + ", " + firstOnly + ", "
                    + secondOnly + ", " + neither);
        }
        long n = both + firstOnly + secondOnly + neither;
        if (n == 0) {
            throw new IllegalArgumentException("n must be at least 1, was 0");
        }
        double p1 = (double) (both + firstOnly) / n;
        double p2 = (double) (both + secondOnly) / n;
        double[] w1 = wilson(both + firstOnly, n);
        double[] w2 = wilson(both + secondOnly, n);
        double r1 = both + firstOnly;
        double r2 = secondOnly + neither;
        double c1 = both + secondOnly;
        double c2 = firstOnly + neither;
        double phi = 0;
        if (r1 > 0 && r2 > 0 && c1 > 0 && c2 > 0) {
            double a = (double) both * neither - (double) firstOnly * secondOnly;
            double root = Math.sqrt(r1 * r2 * c1 * c2);
            if (a > n / 2.0) {
                phi = (a - n / 2.0) / root;
            } else if (a < 0) {
                phi = a / root;
            }
        }
        double d = p1 - p2;
        double lower = d - Math.sqrt(square(p1 - w1[0]) + square(w2[1] - p2) - 2 * phi * (p1 - w1[0]) * (w2[1] - p2));
        double upper = d + Math.sqrt(square(p2 - w2[0]) + square(w1[1] - p1) - 2 * phi * (p2 - w2[0]) * (w1[1] - p1));
        return new double[] {Math.max(-1, lower), Math.min(1, upper)};
    }

    private static double square(double x) {
        return x * x;
    }
}
