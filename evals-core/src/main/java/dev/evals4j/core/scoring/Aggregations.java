package dev.evals4j.core.scoring;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.core.scoring.ScoreCounts.SortedValues;
import dev.evals4j.core.text.PyText;
import dev.evals4j.core.text.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleConsumer;

/**
 * The built-in aggregation functions. Sums are taken over sorted values, so results do not depend on the order in
 * which samples finished: a resumed or concurrent run gives the same numbers, to the last bit, as a sequential one.
 *
 * <p>The built-in aggregation functions, with Llama Stack's semantics and output shape: {@code accuracy},
 * {@code average}, {@code weighted_average}, {@code median} and {@code categorical_count}. Beside Llama Stack's
 * keys, {@code accuracy} and {@code average} add {@code stderr} and a 95% interval {@code ci95} (Wilson for 0/1
 * scores, Student's t otherwise) with its {@code ci_method}.
 *
 * <p>evals4j adds {@code simpleqa}: SimpleQA's derived metrics over the categories {@code CORRECT},
 * {@code INCORRECT} and {@code NOT_ATTEMPTED} (or the grader's letters {@code A}, {@code B}, {@code C}), as
 * OpenAI's simple-evals computes them.
 *
 * <p>{@link #result(String, ScoreCounts)} computes the same results from scores merged across machines (a Spark run's
 * partitions), to the last bit.
 */
public final class Aggregations {
    private static final Map<String, Aggregation> BUILT_IN = new LinkedHashMap<>();

    static {
        for (Aggregation a : List.of(
                simple("accuracy", Aggregations::accuracy),
                simple("average", Aggregations::average),
                new WeightedAverage(),
                simple("median", Aggregations::median),
                new CategoricalCount(),
                new SimpleQa())) {
            BUILT_IN.put(a.name(), a);
        }
    }

    private Aggregations() {}

    /** The names of the built-in aggregation functions. */
    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    /**
     * The aggregation function with this name.
     *
     * @throws ConfigurationException for an unknown name, listing the known ones
     */
    public static Aggregation of(String name) {
        Aggregation a = BUILT_IN.get(name);
        if (a == null) {
            throw new ConfigurationException("unknown aggregation function '" + name + "'"
                    + Suggestions.didYouMean(name, BUILT_IN.keySet())
                            .map(meant -> "; " + meant + " Known: ")
                            .orElse("; known: ")
                    + String.join(", ", BUILT_IN.keySet()));
        }
        return a;
    }

    /**
     * The result of an aggregation over scores merged from several sets of rows (partitions of a distributed run),
     * identical to the result of an accumulator fed the same scores one at a time.
     *
     * @throws ConfigurationException for an unknown name, listing the known ones
     */
    public static Map<String, Object> result(String name, ScoreCounts scores) {
        Aggregation a = of(name);
        return ((Merged) a).result(scores);
    }

    /**
     * The macro average of each aggregation: the mean over the groups of the aggregation's headline value, when every
     * group has it as a number; else {@code null} with the reason. Each entry has {@code num_groups}.
     *
     * @param names the aggregations, in order
     * @param byGroup each group's summary, in group order (the order in which the values are summed)
     */
    public static Map<String, Object> macro(List<String> names, Map<String, ScorerSummary> byGroup) {
        Map<String, Object> macro = new LinkedHashMap<>();
        for (String name : names) {
            List<Double> values = new ArrayList<>();
            boolean numeric = true;
            for (ScorerSummary s : byGroup.values()) {
                var v = s.metric(name, name);
                if (v.isPresent()) {
                    values.add(v.getAsDouble());
                } else {
                    numeric = false;
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            if (numeric && !values.isEmpty()) {
                // summed in group order (sorted by value), so the average does not depend on finishing order
                double sum = 0;
                for (double v : values) {
                    sum += v;
                }
                entry.put(name, sum / values.size());
            } else {
                entry.put(name, null);
                if (!byGroup.isEmpty()) {
                    entry.put("error", "not every group has a numeric " + name + "; no macro average");
                }
            }
            entry.put("num_groups", byGroup.size());
            macro.put(name, entry);
        }
        return macro;
    }

    /** A built-in aggregation that also computes its result from merged counts. */
    private interface Merged extends Aggregation {
        Map<String, Object> result(ScoreCounts scores);
    }

    private interface NumericResult {
        Map<String, Object> compute(SortedValues values);
    }

    private static Aggregation simple(String name, NumericResult fn) {
        return new Merged() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Accumulator newAccumulator() {
                return new NumericAccumulator(name, fn);
            }

            @Override
            public Map<String, Object> result(ScoreCounts scores) {
                return numericResult(name, fn, scores.values(), scores.categorical());
            }
        };
    }

    /** The result of a numeric aggregation, or an error when some scores were categories. */
    private static Map<String, Object> numericResult(
            String name, NumericResult fn, SortedValues values, long categories) {
        if (categories > 0) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put(name, null);
            error.put(
                    "error",
                    categories + " of " + (values.size() + categories) + " scores are categories, not numbers;"
                            + " use categorical_count");
            return error;
        }
        return fn.compute(values);
    }

    /** A number of scores as results write it: an int while it fits, as the accumulators always wrote it. */
    private static Object count(long n) {
        return n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n;
    }

    /** Sorted values of an array, in place. */
    private static SortedValues sorted(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return new SortedValues() {
            @Override
            public long size() {
                return n;
            }

            @Override
            public void forEach(DoubleConsumer action) {
                for (int i = 0; i < n; i++) {
                    action.accept(sorted[i]);
                }
            }

            @Override
            public double get(long position) {
                return sorted[(int) position];
            }
        };
    }

    /** A running sum, for the loops over sorted values. */
    private static final class Sum implements DoubleConsumer {
        double sum;

        @Override
        public void accept(double v) {
            sum += v;
        }
    }

    /** Keeps the numeric scores in a growable array; categorical scores are counted as incompatible. */
    private static final class NumericAccumulator implements Aggregation.Accumulator {
        private final String name;
        private final NumericResult fn;
        private double[] values = new double[64];
        private int n;
        private int categories;

        NumericAccumulator(String name, NumericResult fn) {
            this.name = name;
            this.fn = fn;
        }

        @Override
        public void add(ScoreResult score) {
            if (score instanceof ScoreResult.Numeric numeric) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = numeric.value();
            } else {
                categories++;
            }
        }

        @Override
        public Map<String, Object> result() {
            // sorted, so that the sums do not depend on the order in which concurrent samples finished
            return numericResult(name, fn, sorted(values, n), categories);
        }
    }

    private static Map<String, Object> accuracy(SortedValues values) {
        long n = values.size();
        Sum sum = new Sum();
        boolean[] binary = {true};
        values.forEach(v -> {
            sum.sum += v;
            binary[0] &= v == 0.0 || v == 1.0;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", n == 0 ? null : sum.sum / n);
        out.put("num_correct", sum.sum);
        out.put("num_total", count(n));
        if (n > 0) {
            double p = sum.sum / n;
            if (binary[0]) {
                out.put("stderr", n > 1 ? Math.sqrt(p * (1 - p) / (n - 1)) : null);
                putInterval(out, Statistics.wilson(sum.sum, n), "wilson");
            } else {
                putMeanStatistics(out, values, p);
            }
        }
        return out;
    }

    private static Map<String, Object> average(SortedValues values) {
        long n = values.size();
        Sum sum = new Sum();
        values.forEach(sum);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("average", n == 0 ? null : sum.sum / n);
        if (n > 0) {
            putMeanStatistics(out, values, sum.sum / n);
        }
        return out;
    }

    private static void putMeanStatistics(Map<String, Object> out, SortedValues values, double mean) {
        long n = values.size();
        if (n < 2) {
            out.put("stderr", null);
            return;
        }
        Sum squares = new Sum();
        values.forEach(v -> {
            double d = v - mean;
            squares.sum += d * d;
        });
        double stderr = Math.sqrt(squares.sum / (n - 1)) / Math.sqrt(n);
        double half = Statistics.t975(n - 1L) * stderr;
        out.put("stderr", stderr);
        putInterval(out, new double[] {mean - half, mean + half}, "t");
    }

    private static void putInterval(Map<String, Object> out, double[] interval, String method) {
        out.put("ci95", List.of(interval[0], interval[1]));
        out.put("ci_method", method);
    }

    private static Map<String, Object> median(SortedValues values) {
        long n = values.size();
        Map<String, Object> out = new LinkedHashMap<>();
        if (n == 0) {
            out.put("median", null);
            return out;
        }
        out.put("median", n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0);
        return out;
    }

    /** Σ(score·weight) / Σweight, with the weight from the score's {@code weight} detail (1 when absent). */
    private static final class WeightedAverage implements Merged {
        @Override
        public String name() {
            return "weighted_average";
        }

        @Override
        public Accumulator newAccumulator() {
            return new Accumulator() {
                private double[] products = new double[64];
                private double[] weights = new double[64];
                private int n;
                private int categories;

                @Override
                public void add(ScoreResult score) {
                    if (score instanceof ScoreResult.Numeric numeric) {
                        double weight = weight(score);
                        if (n == products.length) {
                            products = Arrays.copyOf(products, n * 2);
                            weights = Arrays.copyOf(weights, n * 2);
                        }
                        products[n] = numeric.value() * weight;
                        weights[n++] = weight;
                    } else {
                        categories++;
                    }
                }

                @Override
                public Map<String, Object> result() {
                    return weightedAverage(sorted(products, n), sorted(weights, n), categories);
                }
            };
        }

        @Override
        public Map<String, Object> result(ScoreCounts scores) {
            return weightedAverage(scores.products(), scores.weights(), scores.categorical());
        }
    }

    /** The weight of a score for {@code weighted_average}: its {@code weight} detail, 1 when it has none. */
    public static double weight(ScoreResult score) {
        return score.details().get("weight") instanceof Number w ? w.doubleValue() : 1.0;
    }

    private static Map<String, Object> weightedAverage(SortedValues products, SortedValues weights, long categories) {
        Sum weighted = new Sum();
        products.forEach(weighted);
        Sum totalWeight = new Sum();
        weights.forEach(totalWeight);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("weighted_average", totalWeight.sum == 0 ? null : weighted.sum / totalWeight.sum);
        if (categories > 0) {
            out.put("error", categories + " scores are categories, not numbers; use categorical_count");
        }
        return out;
    }

    /** Counts of each score's text (Python's {@code str(score)}), keys sorted. */
    private static final class CategoricalCount implements Merged {
        @Override
        public String name() {
            return "categorical_count";
        }

        @Override
        public Accumulator newAccumulator() {
            return new Accumulator() {
                private final Map<String, Long> counts = new TreeMap<>();

                @Override
                public void add(ScoreResult score) {
                    String key = score instanceof ScoreResult.Numeric numeric
                            ? PyText.repr(numeric.value())
                            : String.valueOf(score.scoreValue());
                    counts.merge(key, 1L, Long::sum);
                }

                @Override
                public Map<String, Object> result() {
                    return categoricalCount(counts);
                }
            };
        }

        @Override
        public Map<String, Object> result(ScoreCounts scores) {
            Map<String, Long> counts = new TreeMap<>(scores.categories());
            scores.forEachValue((value, n) -> counts.merge(PyText.repr(value), n, Long::sum));
            return categoricalCount(counts);
        }
    }

    private static Map<String, Object> categoricalCount(Map<String, Long> counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("categorical_count", new LinkedHashMap<>(counts));
        return out;
    }

    /**
     * SimpleQA's metrics, as simple-evals computes them: the shares of correct, incorrect and not attempted
     * answers, the share attempted (correct or incorrect), the share correct among those attempted (0 when none
     * was), and the F-score, the harmonic mean of the share correct and the share correct given attempted (0 when
     * both are 0). The headline value {@code simpleqa} is the F-score.
     */
    private static final class SimpleQa implements Merged {
        @Override
        public String name() {
            return "simpleqa";
        }

        @Override
        public Accumulator newAccumulator() {
            return new Accumulator() {
                private final long[] grades = new long[4];

                @Override
                public void add(ScoreResult score) {
                    grades[grade(score instanceof ScoreResult.Categorical c ? c.category() : "")]++;
                }

                @Override
                public Map<String, Object> result() {
                    return simpleQa(grades);
                }
            };
        }

        @Override
        public Map<String, Object> result(ScoreCounts scores) {
            long[] grades = new long[4];
            scores.categories().forEach((category, n) -> grades[grade(category)] += n);
            grades[OTHER] += scores.numeric();
            return simpleQa(grades);
        }
    }

    private static final int CORRECT = 0;
    private static final int INCORRECT = 1;
    private static final int NOT_ATTEMPTED = 2;
    private static final int OTHER = 3;

    private static int grade(String category) {
        return switch (category) {
            case "CORRECT", "A" -> CORRECT;
            case "INCORRECT", "B" -> INCORRECT;
            case "NOT_ATTEMPTED", "C" -> NOT_ATTEMPTED;
            default -> OTHER;
        };
    }

    private static Map<String, Object> simpleQa(long[] grades) {
        long correct = grades[CORRECT];
        long incorrect = grades[INCORRECT];
        long notAttempted = grades[NOT_ATTEMPTED];
        long other = grades[OTHER];
        long n = correct + incorrect + notAttempted;
        Map<String, Object> out = new LinkedHashMap<>();
        if (n == 0) {
            out.put("simpleqa", null);
        } else {
            double isCorrect = (double) correct / n;
            double attempted = (double) (correct + incorrect) / n;
            double givenAttempted = correct + incorrect == 0 ? 0.0 : (double) correct / (correct + incorrect);
            double f = isCorrect + givenAttempted == 0
                    ? 0.0
                    : 2 * givenAttempted * isCorrect / (givenAttempted + isCorrect);
            out.put("simpleqa", f);
            out.put("correct", isCorrect);
            out.put("incorrect", (double) incorrect / n);
            out.put("not_attempted", (double) notAttempted / n);
            out.put("attempted", attempted);
            out.put("correct_given_attempted", givenAttempted);
            out.put("f_score", f);
        }
        out.put("num_total", n);
        if (other > 0) {
            out.put(
                    "error",
                    other + " of " + (n + other) + " scores are not CORRECT, INCORRECT or"
                            + " NOT_ATTEMPTED (nor A, B, C) and are left out");
        }
        return out;
    }
}
