package dev.evals4j.scorers.metrics;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.filters.FilterChain;
import dev.evals4j.core.text.PyText;
import dev.evals4j.core.text.PythonRegex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics::f1}: SQuAD's token F1. Both sides are normalised as SQuAD's evaluation script does (lower-case,
 * remove ASCII punctuation, remove the articles a/an/the, collapse whitespace) and split into tokens; F1 is the
 * harmonic mean of the precision and recall of the common tokens (a multiset), 1 when both have no tokens and 0
 * when only one has none (SQuAD v2). With an expected list, the best reference counts. The details also carry the
 * normalised exact match.
 */
public final class TokenF1Scorer extends TextMetric {
    public static final String ID = "metrics::f1";

    /** Compiled on first use, not when the plugins are listed. */
    private static final class Regexes {
        static final PythonRegex ARTICLES = PythonRegex.compile("\\b(a|an|the)\\b");
    }

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public TokenF1Scorer() {
        this(FilterChain.NONE);
    }

    private TokenF1Scorer(FilterChain filters) {
        super(ID, "SQuAD token F1 between the normalised generated and expected answers (best reference)", filters);
    }

    @Override
    BaseScorer withFilters(FilterChain filters) {
        return new TokenF1Scorer(filters);
    }

    @Override
    ScoreResult score(String answer, List<String> references) {
        List<String> predicted = PyText.split(normalize(answer));
        double best = 0;
        boolean exact = false;
        for (String reference : references) {
            List<String> gold = PyText.split(normalize(reference));
            best = Math.max(best, f1(predicted, gold));
            exact |= predicted.equals(gold);
        }
        return ScoreResult.of(best).withDetails(Map.of("exact_match", exact ? 1.0 : 0.0));
    }

    /** SQuAD's {@code normalize_answer}. */
    static String normalize(String s) {
        s = PyText.lower(s);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (PUNCTUATION.indexOf(s.charAt(i)) < 0) {
                sb.append(s.charAt(i));
            }
        }
        s = Regexes.ARTICLES.subLiteral(sb.toString(), " ", 0);
        return String.join(" ", PyText.split(s));
    }

    static double f1(List<String> predicted, List<String> gold) {
        if (predicted.isEmpty() || gold.isEmpty()) {
            return predicted.equals(gold) ? 1.0 : 0.0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String t : gold) {
            counts.merge(t, 1, Integer::sum);
        }
        int same = 0;
        for (String t : predicted) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                same++;
                counts.put(t, c - 1);
            }
        }
        if (same == 0) {
            return 0.0;
        }
        double precision = (double) same / predicted.size();
        double recall = (double) same / gold.size();
        return 2 * precision * recall / (precision + recall);
    }
}
