package dev.evals4j.core.filters;

import dev.evals4j.core.text.PyText;
import dev.evals4j.core.text.PythonRegex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** The built-in filter steps, named and behaving as lm-evaluation-harness's filters. */
public final class Filters {
    private Filters() {}

    /** lm-evaluation-harness's default fallback when a regex finds nothing. */
    public static final String DEFAULT_FALLBACK = "[invalid]";

    /**
     * {@code regex}: each response becomes a match of a Python regex ({@code findall}), the one at
     * {@code groupSelect} (0 the first, -1 the last, Python indexing); with several groups the first non-empty
     * group of that match; stripped of surrounding whitespace. No match (or no match at that index) gives the
     * fallback.
     */
    public static Filter regex(String pattern, int groupSelect, String fallback) {
        PythonRegex regex = PythonRegex.compile(pattern);
        Objects.requireNonNull(fallback, "fallback");
        return each(s -> {
            List<Object> matches = regex.findAll(s);
            int index = groupSelect < 0 ? matches.size() + groupSelect : groupSelect;
            if (matches.isEmpty() || index < 0 || index >= matches.size()) {
                return fallback;
            }
            Object match = matches.get(index);
            String text;
            if (match instanceof List<?> groups) {
                text = null;
                for (Object g : groups) {
                    if (!((String) g).isEmpty()) {
                        text = (String) g;
                        break;
                    }
                }
                if (text == null) {
                    return fallback;
                }
            } else {
                text = (String) match;
            }
            return PyText.strip(text);
        });
    }

    /** {@code take_first}: keeps only the first response. */
    public static Filter takeFirst() {
        return responses -> responses.isEmpty() ? List.of() : List.of(responses.get(0));
    }

    /** {@code lowercase}. */
    public static Filter lowercase() {
        return each(PyText::lower);
    }

    /** {@code uppercase}. */
    public static Filter uppercase() {
        return each(s -> s.toUpperCase(Locale.ROOT));
    }

    /** {@code strip}: removes whitespace at both ends. */
    public static Filter strip() {
        return each(PyText::strip);
    }

    /** {@code remove_whitespace}: removes leading whitespace, as lm-evaluation-harness's WhitespaceFilter does. */
    public static Filter removeWhitespace() {
        return each(PyText::lstrip);
    }

    /** {@code map}: replaces a response found in the mapping; others become the default, or stay when it is null. */
    public static Filter map(Map<String, String> mapping, String defaultValue) {
        Map<String, String> copy = Map.copyOf(mapping);
        return each(s -> copy.getOrDefault(s, defaultValue == null ? s : defaultValue));
    }

    /** {@code majority_vote}: the most frequent response; on a tie, the one that came first. */
    public static Filter majorityVote() {
        return responses -> {
            if (responses.isEmpty()) {
                return List.of();
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String r : responses) {
                counts.merge(r, 1, Integer::sum);
            }
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            return List.of(best);
        };
    }

    private static Filter each(UnaryOperator<String> f) {
        return responses -> {
            List<String> out = new ArrayList<>(responses.size());
            for (String r : responses) {
                out.add(f.apply(r));
            }
            return out;
        };
    }
}
