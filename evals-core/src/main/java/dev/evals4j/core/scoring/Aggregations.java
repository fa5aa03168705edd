package dev.evals4j.core.scoring;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.core.text.PyText;
import dev.evals4j.core.text.Suggestions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    private interface NumericResult {
        Map<String, Object> compute(double[] values, int n, int categories);
    }

    private static Aggregation simple(String name, NumericResult fn) {
        return new Aggregation() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Accumulator newAccumulator() {
                return new NumericAccumulator(name, fn);
            }
        };
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
            if (categories > 0) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put(name, null);
                error.put(
                        "error",
                        categories + " of " + (n + categories) + " scores are categories, not numbers;"
                                + " use categorical_count");
                return error;
            }
            // sorted, so that the sums do not depend on the order in which concurrent samples finished
            double[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            return fn.compute(sorted, n, categories);
        }
    }

    private static Map<String, Object> accuracy(double[] values, int n, int categories) {
        double sum = 0;
        boolean binary = true;
        for (int i = 0; i < n; i++) {
            sum += values[i];
            binary &= values[i] == 0.0 || values[i] == 1.0;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", n == 0 ? null : sum / n);
        out.put("num_correct", sum);
        out.put("num_total", n);
        if (n > 0) {
            double p = sum / n;
            if (binary) {
                out.put("stderr", n > 1 ? Math.sqrt(p * (1 - p) / (n - 1)) : null);
                putInterval(out, Statistics.wilson(sum, n), "wilson");
            } else {
                putMeanStatistics(out, values, n, p);
            }
        }
        return out;
    }

    private static Map<String, Object> average(double[] values, int n, int categories) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("average", n == 0 ? null : sum / n);
        if (n > 0) {
            putMeanStatistics(out, values, n, sum / n);
        }
        return out;
    }

    private static void putMeanStatistics(Map<String, Object> out, double[] values, int n, double mean) {
        if (n < 2) {
            out.put("stderr", null);
            return;
        }
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = values[i] - mean;
            squares += d * d;
        }
        double stderr = Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
        double half = Statistics.t975(n - 1L) * stderr;
        out.put("stderr", stderr);
        putInterval(out, new double[] {mean - half, mean + half}, "t");
    }

    private static void putInterval(Map<String, Object> out, double[] interval, String method) {
        out.put("ci95", List.of(interval[0], interval[1]));
        out.put("ci_method", method);
    }

    private static Map<String, Object> median(double[] values, int n, int categories) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (n == 0) {
            out.put("median", null);
            return out;
        }
        out.put("median", n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0);
        return out;
    }

    /** Σ(score·weight) / Σweight, with the weight from the score's {@code weight} detail (1 when absent). */
    private static final class WeightedAverage implements Aggregation {
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
                        double weight = score.details().get("weight") instanceof Number w ? w.doubleValue() : 1.0;
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
                    double weighted = sortedSum(products, n);
                    double totalWeight = sortedSum(weights, n);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("weighted_average", totalWeight == 0 ? null : weighted / totalWeight);
                    if (categories > 0) {
                        out.put("error", categories + " scores are categories, not numbers; use categorical_count");
                    }
                    return out;
                }
            };
        }
    }

    private static double sortedSum(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return sum;
    }

    /** Counts of each score's text (Python's {@code str(score)}), keys sorted. */
    private static final class CategoricalCount implements Aggregation {
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
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("categorical_count", new LinkedHashMap<>(counts));
                    return out;
                }
            };
        }
    }

    /**
     * SimpleQA's metrics, as simple-evals computes them: the shares of correct, incorrect and not attempted
     * answers, the share attempted (correct or incorrect), the share correct among those attempted (0 when none
     * was), and the F-score, the harmonic mean of the share correct and the share correct given attempted (0 when
     * both are 0). The headline value {@code simpleqa} is the F-score.
     */
    private static final class SimpleQa implements Aggregation {
        @Override
        public String name() {
            return "simpleqa";
        }

        @Override
        public Accumulator newAccumulator() {
            return new Accumulator() {
                private long correct;
                private long incorrect;
                private long notAttempted;
                private long other;

                @Override
                public void add(ScoreResult score) {
                    String grade = score instanceof ScoreResult.Categorical c ? c.category() : "";
                    switch (grade) {
                        case "CORRECT", "A" -> correct++;
                        case "INCORRECT", "B" -> incorrect++;
                        case "NOT_ATTEMPTED", "C" -> notAttempted++;
                        default -> other++;
                    }
                }

                @Override
                public Map<String, Object> result() {
                    long n = correct + incorrect + notAttempted;
                    Map<String, Object> out = new LinkedHashMap<>();
                    if (n == 0) {
                        out.put("simpleqa", null);
                    } else {
                        double isCorrect = (double) correct / n;
                        double attempted = (double) (correct + incorrect) / n;
                        double givenAttempted =
                                correct + incorrect == 0 ? 0.0 : (double) correct / (correct + incorrect);
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
            };
        }
    }
}
