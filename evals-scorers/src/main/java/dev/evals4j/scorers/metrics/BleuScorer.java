package dev.evals4j.scorers.metrics;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.filters.FilterChain;
import dev.evals4j.core.text.PyText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code metrics::bleu}: BLEU with sacrebleu's defaults (13a tokenisation, case-sensitive, exponential smoothing,
 * n-grams up to 4), on sacrebleu's 0–100 scale.
 *
 * <p>The score of a row is sacrebleu's {@code sentence_bleu} (effective order). BLEU is meant to be computed over
 * a corpus, which is not the mean of sentence scores: each row's details carry its sufficient statistics
 * ({@code sys_len}, {@code ref_len}, {@code counts}, {@code totals}); summing them over the rows
 * ({@link BleuStatistics#plus}) and calling {@link BleuStatistics#corpusScore()} gives sacrebleu's
 * {@code corpus_bleu}. With several references, n-gram counts are clipped by their largest count in any reference
 * and the reference length is the closest one (the shorter on a tie).
 */
public final class BleuScorer extends TextMetric {
    public static final String ID = "metrics::bleu";

    private static final Pattern SYMBOLS = Pattern.compile("([{-~\\[-` -&(-+:-@/])");
    private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
    private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    public BleuScorer() {
        this(FilterChain.NONE);
    }

    private BleuScorer(FilterChain filters) {
        super(
                ID,
                "sacrebleu BLEU (13a, exp smoothing), 0-100; per-row sentence BLEU with corpus statistics in details",
                filters);
    }

    @Override
    BaseScorer withFilters(FilterChain filters) {
        return new BleuScorer(filters);
    }

    @Override
    ScoreResult score(String answer, List<String> references) {
        BleuStatistics stats = statistics(answer, references);
        return ScoreResult.of(stats.score(true)).withDetails(stats.toDetails());
    }

    /** The BLEU statistics of one hypothesis against its references. */
    public static BleuStatistics statistics(String hypothesis, List<String> references) {
        List<String> hyp = PyText.split(tokenize13a(hypothesis));
        Map<List<String>, Integer> maxRefCounts = new HashMap<>();
        long closestLength = -1;
        long closestDiff = Long.MAX_VALUE;
        for (String reference : references) {
            List<String> ref = PyText.split(tokenize13a(reference));
            long diff = Math.abs((long) hyp.size() - ref.size());
            if (diff < closestDiff || (diff == closestDiff && ref.size() < closestLength)) {
                closestDiff = diff;
                closestLength = ref.size();
            }
            for (Map.Entry<List<String>, Integer> e : ngrams(ref).entrySet()) {
                maxRefCounts.merge(e.getKey(), e.getValue(), Math::max);
            }
        }
        long[] matches = new long[BleuStatistics.MAX_ORDER];
        long[] totals = new long[BleuStatistics.MAX_ORDER];
        for (Map.Entry<List<String>, Integer> e : ngrams(hyp).entrySet()) {
            int n = e.getKey().size();
            totals[n - 1] += e.getValue();
            matches[n - 1] += Math.min(e.getValue(), maxRefCounts.getOrDefault(e.getKey(), 0));
        }
        List<Long> m = new ArrayList<>();
        List<Long> t = new ArrayList<>();
        for (int i = 0; i < BleuStatistics.MAX_ORDER; i++) {
            m.add(matches[i]);
            t.add(totals[i]);
        }
        return new BleuStatistics(hyp.size(), closestLength, m, t);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int n = 1; n <= BleuStatistics.MAX_ORDER; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** sacrebleu's 13a tokeniser (mteval-v13a), returning the tokens joined by single spaces. */
    public static String tokenize13a(String line) {
        line = line.replace("<skipped>", "");
        line = line.replace("-\n", "");
        line = line.replace("\n", " ");
        if (line.indexOf('&') >= 0) {
            line = line.replace("&quot;", "\"");
            line = line.replace("&amp;", "&");
            line = line.replace("&lt;", "<");
            line = line.replace("&gt;", ">");
        }
        line = " " + line + " ";
        line = SYMBOLS.matcher(line).replaceAll(" $1 ");
        line = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(line).replaceAll("$1 $2 ");
        line = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(line).replaceAll(" $1 $2");
        line = DASH_AFTER_DIGIT.matcher(line).replaceAll("$1 $2 ");
        return String.join(" ", PyText.split(line));
    }
}
