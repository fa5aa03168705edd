package dev.evals4j.core.scoring;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.core.internal.JournalLines;
import dev.evals4j.core.internal.SampleKeys;
import dev.evals4j.core.results.DatasetRecord;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.scoring.ScorerComparison.Agreement;
import dev.evals4j.core.scoring.ScorerComparison.Bootstrap;
import dev.evals4j.core.scoring.ScorerComparison.Pairs;
import dev.evals4j.core.scoring.ScorerComparison.Test;
import dev.evals4j.core.text.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Compares two runs over the same samples, pair by pair: a baseline and a candidate, each sample of one paired with
 * the same sample (index and epoch) of the other. Only pairs with a numeric score in both runs count; samples that
 * only one run holds, failed samples, scorer errors and unscored samples are counted apart
 * ({@link ScorerComparison.Pairs}), never as zeros.
 *
 * <ul>
 *   <li>When every paired score is 0 or 1, the metric is {@code accuracy} and the test is McNemar's exact test:
 *       with {@code b} pairs right in the baseline only and {@code c} in the candidate only,
 *       {@code p = min(1, 2 P(X <= min(b, c)))} for {@code X ~ Binomial(b + c, 1/2)}, and {@code p = 1} when
 *       {@code b + c = 0} ({@link Statistics#mcnemarExactP}). The 95% interval of the difference in accuracy is
 *       Newcombe's paired square-and-add interval (method 10, {@link Statistics#newcombePaired}).
 *   <li>Otherwise the metric is {@code average} and the test is a paired bootstrap: the pairs' differences
 *       {@code d = candidate - baseline}, in (index, epoch) order, are resampled with replacement
 *       {@link #resamples()} times (resample {@code r} draws with a SplitMix64 generator whose seed is the
 *       {@code r}-th output of one seeded with {@link #seed()}). The interval is the 2.5th
 *       and 97.5th percentile of the resampled means (linear interpolation between order statistics, as
 *       numpy's default); the two-sided p-value is {@code (1 + #{r : |m_r - m| >= |m|}) / (R + 1)} over the
 *       resampled means {@code m_r} centred on the observed mean {@code m} (the bootstrap distribution shifted to
 *       the null of no difference, Hall and Wilson 1991), so it is 1 when {@code m = 0} and never 0.
 * </ul>
 *
 * <p>Results are exact and reproducible: the same runs, seed and resamples give the same numbers to the last bit,
 * whatever the order in which samples finished and however many threads run the bootstrap. Journals are streamed:
 * only the kind and value of each sample's scores and a hash of its row are kept, not the lines, so two runs of
 * 1,000,000 samples compare in a 256 MB heap. A bootstrap draws once per pair and resample: 10^10 draws for
 * 1,000,000 pairs and 10,000 resamples (some 14 s on two cores), 1.2 * 10^8 for 12,000 pairs (0.3 s).
 *
 * <pre>{@code
 * ScorerComparison c = PairedComparison.create().compare(baselineDir, candidateDir, "basic::equality");
 * boolean notWorseBy2Points = c.lower() > -0.02;
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PairedComparison {
    /** The seed of the bootstrap's generator unless another is given. */
    public static final long DEFAULT_SEED = 42;
    /** The bootstrap's resamples unless another number is given. */
    public static final int DEFAULT_RESAMPLES = 10_000;

    /** Bootstraps of at least this many draws share their resamples among the common pool's threads. */
    private static final long PARALLEL_DRAWS = 10_000_000;

    private final long seed;
    private final int resamples;

    private PairedComparison(Builder b) {
        this.seed = b.seed;
        this.resamples = b.resamples;
    }

    /** A comparison with the default seed and resamples. */
    public static PairedComparison create() {
        return builder().build();
    }

    /** A builder, with the default seed and resamples. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this comparison's settings. */
    public Builder toBuilder() {
        return new Builder().seed(seed).resamples(resamples);
    }

    /** The seed of the bootstrap's generator. */
    public long seed() {
        return seed;
    }

    /** How many times the bootstrap resamples the pairs. */
    public int resamples() {
        return resamples;
    }

    /**
     * Compares the runs in two folders on one scorer.
     *
     * @param baselineRun the folder of the run compared against
     * @param candidateRun the folder of the run being judged
     * @param scorerId a scorer both runs used
     * @throws ConfigurationException when a folder holds no run, the runs are not over the same dataset, or one of
     *     them did not use the scorer
     * @throws EvalException when a journal cannot be read
     */
    public ScorerComparison compare(Path baselineRun, Path candidateRun, String scorerId) {
        Objects.requireNonNull(scorerId, "scorerId");
        List<String> shared = sharedScorers(baselineRun, candidateRun);
        if (!shared.contains(scorerId)) {
            throw new ConfigurationException("the scorer '" + scorerId + "' is not in both runs; "
                    + Suggestions.didYouMean(scorerId, shared).map(s -> s + " ").orElse("") + baselineRun
                    + " has " + scorerList(baselineRun) + ", " + candidateRun + " has " + scorerList(candidateRun));
        }
        return compareScorers(baselineRun, candidateRun, List.of(scorerId)).get(0);
    }

    /**
     * Compares the runs in two folders on every scorer both used, in the baseline's order.
     *
     * @throws ConfigurationException when a folder holds no run, the runs are not over the same dataset, or they
     *     share no scorer
     * @throws EvalException when a journal cannot be read
     */
    public List<ScorerComparison> compareAll(Path baselineRun, Path candidateRun) {
        List<String> shared = sharedScorers(baselineRun, candidateRun);
        if (shared.isEmpty()) {
            throw new ConfigurationException("the runs share no scorer: " + baselineRun + " has "
                    + scorerList(baselineRun) + ", " + candidateRun + " has " + scorerList(candidateRun));
        }
        return compareScorers(baselineRun, candidateRun, shared);
    }

    /**
     * Compares paired scores held in memory: {@code baseline[i]} and {@code candidate[i]} are one sample's scores.
     *
     * @throws IllegalArgumentException when the arrays differ in length or hold a value that is not finite
     */
    public ScorerComparison compare(String scorerId, double[] baseline, double[] candidate) {
        Objects.requireNonNull(scorerId, "scorerId");
        if (baseline.length != candidate.length) {
            throw new IllegalArgumentException(
                    "paired scores must be as many in both runs, were " + baseline.length + " and " + candidate.length);
        }
        for (int i = 0; i < baseline.length; i++) {
            if (!Double.isFinite(baseline[i]) || !Double.isFinite(candidate[i])) {
                throw new IllegalArgumentException(
                        "paired scores must be finite, pair " + i + " was " + baseline[i] + ", " + candidate[i]);
            }
        }
        return statistics(scorerId, baseline, candidate, baseline.length, new Pairs(baseline.length, 0, 0, 0), false);
    }

    private List<ScorerComparison> compareScorers(Path baselineRun, Path candidateRun, List<String> scorerIds) {
        RunScores a = RunScores.read(baselineRun, scorerIds);
        RunScores b = RunScores.read(candidateRun, scorerIds);
        int[] order = a.keys.sortedEntries();
        int[] partner = new int[order.length];
        long onlyInBaseline = 0;
        for (int i = 0; i < order.length; i++) {
            int ea = order[i];
            int eb = b.keys.find(a.keys.index(ea), a.keys.epoch(ea));
            partner[i] = eb;
            if (eb < 0) {
                onlyInBaseline++;
            } else if (a.rowHash[ea] != 0 && b.rowHash[eb] != 0 && a.rowHash[ea] != b.rowHash[eb]) {
                throw new ConfigurationException("the runs are not over the same dataset: sample " + a.keys.index(ea)
                        + " has another row in " + baselineRun + " than in " + candidateRun);
            }
        }
        long onlyInCandidate = 0;
        for (int eb = 0; eb < b.keys.size(); eb++) {
            if (a.keys.find(b.keys.index(eb), b.keys.epoch(eb)) < 0) {
                onlyInCandidate++;
            }
        }
        List<ScorerComparison> out = new ArrayList<>();
        for (int s = 0; s < scorerIds.size(); s++) {
            double[] xs = new double[Math.min(order.length, b.keys.size())];
            double[] ys = new double[xs.length];
            int n = 0;
            long notScored = 0;
            boolean categories = false;
            for (int i = 0; i < order.length; i++) {
                int ea = order[i];
                int eb = partner[i];
                if (eb < 0) {
                    continue;
                }
                byte ka = a.kinds[s][ea];
                byte kb = b.kinds[s][eb];
                if (ka == RunScores.NUMERIC && kb == RunScores.NUMERIC) {
                    xs[n] = a.values[s][ea];
                    ys[n] = b.values[s][eb];
                    n++;
                } else {
                    notScored++;
                    categories |= ka == RunScores.CATEGORY || kb == RunScores.CATEGORY;
                }
            }
            Pairs pairs = new Pairs(n, onlyInBaseline, onlyInCandidate, notScored);
            out.add(statistics(scorerIds.get(s), xs, ys, n, pairs, categories));
        }
        return List.copyOf(out);
    }

    private ScorerComparison statistics(
            String scorerId, double[] baseline, double[] candidate, int n, Pairs pairs, boolean categories) {
        if (n == 0) {
            String why = categories
                    ? "its scores are categories; only numeric scores are compared"
                    : "no sample was scored in both runs";
            return new ScorerComparison(
                    scorerId,
                    Test.NONE,
                    "none",
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    pairs,
                    null,
                    null,
                    why);
        }
        boolean zeroOne = true;
        for (int i = 0; i < n && zeroOne; i++) {
            zeroOne = isZeroOne(baseline[i]) && isZeroOne(candidate[i]);
        }
        return zeroOne
                ? mcnemar(scorerId, baseline, candidate, n, pairs)
                : bootstrap(scorerId, baseline, candidate, n, pairs);
    }

    private static boolean isZeroOne(double v) {
        return v == 0.0 || v == 1.0;
    }

    private static ScorerComparison mcnemar(String scorerId, double[] baseline, double[] candidate, int n, Pairs p) {
        long both = 0;
        long baselineOnly = 0;
        long candidateOnly = 0;
        for (int i = 0; i < n; i++) {
            boolean x = baseline[i] == 1.0;
            boolean y = candidate[i] == 1.0;
            if (x && y) {
                both++;
            } else if (x) {
                baselineOnly++;
            } else if (y) {
                candidateOnly++;
            }
        }
        long neither = n - both - baselineOnly - candidateOnly;
        double a = (double) (both + baselineOnly) / n;
        double b = (double) (both + candidateOnly) / n;
        // Newcombe's first condition is the candidate: its interval is for candidate - baseline
        double[] ci = Statistics.newcombePaired(both, candidateOnly, baselineOnly, neither);
        return new ScorerComparison(
                scorerId,
                Test.MCNEMAR_EXACT,
                "accuracy",
                a,
                b,
                (double) (candidateOnly - baselineOnly) / n,
                ci[0],
                ci[1],
                Statistics.mcnemarExactP(baselineOnly, candidateOnly),
                p,
                new Agreement(both, baselineOnly, candidateOnly, neither),
                null,
                null);
    }

    private ScorerComparison bootstrap(String scorerId, double[] baseline, double[] candidate, int n, Pairs p) {
        double[] d = new double[n];
        double sumA = 0;
        double sumB = 0;
        double sumD = 0;
        for (int i = 0; i < n; i++) {
            d[i] = candidate[i] - baseline[i];
            sumA += baseline[i];
            sumB += candidate[i];
            sumD += d[i];
        }
        double observed = sumD / n;
        // each resample has its own generator, seeded in turn from one seeded with `seed`: the draws do not depend
        // on how many threads share the resamples
        SplitMix64 seeds = new SplitMix64(seed);
        long[] streamSeeds = new long[resamples];
        for (int r = 0; r < resamples; r++) {
            streamSeeds[r] = seeds.nextLong();
        }
        double[] means = new double[resamples];
        IntStream range = IntStream.range(0, resamples);
        if ((long) n * resamples >= PARALLEL_DRAWS) {
            range = range.parallel();
        }
        range.forEach(r -> {
            SplitMix64 random = new SplitMix64(streamSeeds[r]);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += d[random.nextIndex(n)];
            }
            means[r] = sum / n;
        });
        long atLeastAsFar = 0;
        for (double m : means) {
            if (Math.abs(m - observed) >= Math.abs(observed)) {
                atLeastAsFar++;
            }
        }
        Arrays.sort(means);
        return new ScorerComparison(
                scorerId,
                Test.PAIRED_BOOTSTRAP,
                "average",
                sumA / n,
                sumB / n,
                observed,
                quantile(means, 0.025),
                quantile(means, 0.975),
                (1.0 + atLeastAsFar) / (resamples + 1.0),
                p,
                null,
                new Bootstrap(seed, resamples),
                null);
    }

    /** The q-quantile of sorted values, interpolating linearly between order statistics (Hyndman and Fan's type 7). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static List<String> sharedScorers(Path baselineRun, Path candidateRun) {
        RunFile a = RunFiles.readRun(baselineRun);
        RunFile b = RunFiles.readRun(candidateRun);
        requireSameDataset(
                baselineRun, a.request().dataset(), candidateRun, b.request().dataset());
        List<String> theirs =
                b.request().scorers().stream().map(PluginRecord::id).toList();
        return a.request().scorers().stream()
                .map(PluginRecord::id)
                .filter(theirs::contains)
                .distinct()
                .toList();
    }

    private static String scorerList(Path run) {
        List<String> ids = RunFiles.readRun(run).request().scorers().stream()
                .map(PluginRecord::id)
                .toList();
        return ids.isEmpty() ? "no scorer" : String.join(", ", ids);
    }

    /**
     * Refuses runs over different datasets: another file or URL (a local file reached by two paths is the same),
     * other inline rows, another format or other renamed columns. The dataset's id is a name and may differ.
     */
    static void requireSameDataset(Path runA, DatasetRecord a, Path runB, DatasetRecord b) {
        String whatA = describe(a);
        String whatB = describe(b);
        boolean same = Objects.equals(a.rows(), b.rows())
                && Objects.equals(a.format(), b.format())
                && a.renameColumns().equals(b.renameColumns())
                && (Objects.equals(a.uri(), b.uri()) || sameFile(a.uri(), b.uri()));
        if (!same) {
            throw new ConfigurationException("the runs are not over the same dataset: " + runA + " reads " + whatA
                    + ", " + runB + " reads " + whatB + "; compare runs of one dataset");
        }
    }

    private static String describe(DatasetRecord d) {
        String what =
                d.uri() != null ? d.uri() : Objects.requireNonNull(d.rows()).size() + " inline rows";
        if (d.format() != null) {
            what += " as " + d.format();
        }
        if (!d.renameColumns().isEmpty()) {
            what += " with columns renamed " + new java.util.TreeMap<>(d.renameColumns());
        }
        return what;
    }

    private static boolean sameFile(String a, String b) {
        if (a == null || b == null || a.contains("://") || b.contains("://") || a.startsWith("data:")) {
            return false;
        }
        try {
            Path pa = Path.of(a.startsWith("file:") ? java.net.URI.create(a).getPath() : a);
            Path pb = Path.of(b.startsWith("file:") ? java.net.URI.create(b).getPath() : b);
            return Files.exists(pa) && Files.exists(pb) && Files.isSameFile(pa, pb);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Builds a {@link PairedComparison}. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private int resamples = DEFAULT_RESAMPLES;

        private Builder() {}

        /** The seed of the bootstrap's generator (default {@value PairedComparison#DEFAULT_SEED}). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How many times the bootstrap resamples (default {@value PairedComparison#DEFAULT_RESAMPLES}). */
        public Builder resamples(int resamples) {
            if (resamples < 100) {
                throw new IllegalArgumentException("resamples must be at least 100, was " + resamples);
            }
            this.resamples = resamples;
            return this;
        }

        /** The comparison. */
        public PairedComparison build() {
            return new PairedComparison(this);
        }
    }

    /**
     * Steele, Lea and Flood's SplitMix64 (2014), written out here so that a seed gives the same draws on every JDK.
     * Bounded draws use Lemire's multiply-and-reject method, without bias, on 32-bit words: the high half of each
     * 64-bit output, then its low half.
     */
    static final class SplitMix64 {
        private long state;
        private long word;
        private boolean lowHalfLeft;

        SplitMix64(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        private long next32() {
            if (lowHalfLeft) {
                lowHalfLeft = false;
                return word & 0xFFFFFFFFL;
            }
            word = nextLong();
            lowHalfLeft = true;
            return word >>> 32;
        }

        /** A uniform draw from {@code [0, bound)}, for {@code 0 < bound < 2^31}. */
        int nextIndex(int bound) {
            long m = next32() * bound;
            long low = m & 0xFFFFFFFFL;
            if (low < bound) {
                long threshold = (0x1_0000_0000L - bound) % bound;
                while (low < threshold) {
                    m = next32() * bound;
                    low = m & 0xFFFFFFFFL;
                }
            }
            return (int) (m >>> 32);
        }
    }

    /**
     * What one run's journal says of each (index, epoch), for the scorers compared: the kind of score and its value,
     * and a hash of the row, so that two runs over different data are caught.
     */
    static final class RunScores {
        static final byte ABSENT = 0;
        static final byte NUMERIC = 1;
        static final byte CATEGORY = 2;
        static final byte UNSCORED = 3;
        static final byte SCORER_ERROR = 4;
        static final byte SAMPLE_FAILED = 5;

        final SampleKeys keys = new SampleKeys();
        final Map<String, Integer> scorerIndex = new HashMap<>();
        byte[][] kinds;
        double[][] values;
        int[] rowHash = new int[256];

        private RunScores(List<String> scorerIds) {
            for (int i = 0; i < scorerIds.size(); i++) {
                scorerIndex.put(scorerIds.get(i), i);
            }
            kinds = new byte[scorerIds.size()][256];
            values = new double[scorerIds.size()][256];
        }

        static RunScores read(Path runDir, List<String> scorerIds) {
            RunScores scores = new RunScores(scorerIds);
            JsonFactory factory = RunFiles.mapper().getFactory();
            byte[] lineKinds = new byte[scorerIds.size()];
            double[] lineValues = new double[scorerIds.size()];
            JournalLines.Handler handler = (bytes, length, position, number) -> {
                Arrays.fill(lineKinds, ABSENT);
                long index = -1;
                int epoch = 0;
                boolean failed = false;
                int rowHash = 0;
                try (JsonParser p = factory.createParser(bytes, 0, length)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        throw new JournalLines.NotASample("is not a JSON object");
                    }
                    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                        JsonToken t = p.nextToken();
                        switch (name) {
                            case "index" -> {
                                if (!t.isNumeric()) {
                                    throw new JournalLines.NotASample("has an \"index\" that is not a number");
                                }
                                index = p.getLongValue();
                            }
                            case "epoch" -> epoch = t.isNumeric() ? p.getIntValue() : 0;
                            case "error" -> {
                                failed = t != JsonToken.VALUE_NULL;
                                p.skipChildren();
                            }
                            case "row" -> {
                                int start = (int) p.currentTokenLocation().getByteOffset();
                                p.skipChildren();
                                int end = (int) p.currentLocation().getByteOffset();
                                rowHash = hash(bytes, start, end);
                            }
                            case "scores" -> readScores(p, t, scores.scorerIndex, lineKinds, lineValues);
                            default -> p.skipChildren();
                        }
                    }
                }
                if (index < 0 || index > SampleKeys.MAX_INDEX) {
                    throw new JournalLines.NotASample("has no valid \"index\"");
                }
                if (epoch < 0 || epoch > SampleKeys.MAX_EPOCH) {
                    throw new JournalLines.NotASample("has an \"epoch\" out of range: " + epoch);
                }
                int entry = scores.keys.add(index, epoch);
                scores.ensure(entry);
                scores.rowHash[entry] = rowHash;
                for (int s = 0; s < lineKinds.length; s++) {
                    scores.kinds[s][entry] = failed ? SAMPLE_FAILED : lineKinds[s];
                    scores.values[s][entry] = lineValues[s];
                }
            };
            List<Path> journals = RunFiles.journals(runDir);
            // a folder without a journal is refused by JournalLines, naming the file
            for (Path journal : journals.isEmpty() ? List.of(runDir.resolve(RunFiles.SAMPLES)) : journals) {
                JournalLines.read(journal, handler);
            }
            return scores;
        }

        private static void readScores(
                JsonParser p, JsonToken t, Map<String, Integer> wanted, byte[] kinds, double[] values)
                throws IOException {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            for (String id = p.nextFieldName(); id != null; id = p.nextFieldName()) {
                JsonToken row = p.nextToken();
                Integer s = wanted.get(id);
                if (s == null || row != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                byte kind = UNSCORED;
                double value = 0;
                boolean error = false;
                for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                    JsonToken v = p.nextToken();
                    if (field.equals("score")) {
                        if (v.isNumeric()) {
                            kind = NUMERIC;
                            value = p.getDoubleValue();
                        } else if (v != JsonToken.VALUE_NULL) {
                            kind = CATEGORY; // as ScoreRow reads it: a string, or any other value as text
                            p.skipChildren();
                        }
                    } else {
                        error |= field.equals("error") && v != JsonToken.VALUE_NULL;
                        p.skipChildren();
                    }
                }
                kinds[s] = error ? SCORER_ERROR : kind;
                values[s] = value;
            }
        }

        /** A hash of a value's bytes, never 0 (0 is "no row"). */
        private static int hash(byte[] bytes, int start, int end) {
            int h = 1;
            for (int i = start; i < end; i++) {
                h = 31 * h + bytes[i];
            }
            return h == 0 ? 1 : h;
        }

        private void ensure(int entry) {
            if (entry < rowHash.length) {
                return;
            }
            int n = Math.max(rowHash.length * 2, entry + 1);
            rowHash = Arrays.copyOf(rowHash, n);
            for (int s = 0; s < kinds.length; s++) {
                kinds[s] = Arrays.copyOf(kinds[s], n);
                values[s] = Arrays.copyOf(values[s], n);
            }
        }
    }
}
