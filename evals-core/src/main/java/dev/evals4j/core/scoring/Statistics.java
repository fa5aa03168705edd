package dev.evals4j.core.scoring;

/** Standard errors and 95% confidence intervals for proportions and means. */
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
}
