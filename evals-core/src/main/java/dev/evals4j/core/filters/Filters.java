package dev.evals4j.core.filters;

import dev.evals4j.core.text.PyArithmetic;
import dev.evals4j.core.text.PyJson;
import dev.evals4j.core.text.PyText;
import dev.evals4j.core.text.PythonRegex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The built-in filter steps: those named and behaving as lm-evaluation-harness's filters, and the extractors the
 * published benchmark scorers use (a fallback chain, a JSON answer field, the first or last number, Python's
 * arithmetic on a fraction). Extracting steps mark a response in which they found nothing, so that a chain can tell
 * a missing answer apart ({@link FilterChain#extract}).
 */
public final class Filters {
    private Filters() {}

    /** lm-evaluation-harness's default fallback when a regex finds nothing. */
    public static final String DEFAULT_FALLBACK = "[invalid]";

    /** The number pattern of {@link #number}: an optional minus, digits, an optional decimal part. */
    public static final String DEFAULT_NUMBER = "-?\\d+(?:\\.\\d+)?";

    /**
     * {@code regex}: each response becomes a match of a Python regex ({@code findall}), the one at
     * {@code groupSelect} (0 the first, -1 the last, Python indexing); with several groups the first non-empty
     * group of that match; stripped of surrounding whitespace. No match (or no match at that index) gives the
     * fallback, and marks the response as holding no answer.
     */
    public static Filter regex(String pattern, int groupSelect, String fallback) {
        PythonRegex regex = PythonRegex.compile(pattern);
        Objects.requireNonNull(fallback, "fallback");
        return extracting(
                s -> {
                    Object match;
                    if (groupSelect == 0) {
                        // the first findall match is re.search's: no need to find them all
                        Optional<Object> first = regex.findFirst(s);
                        if (first.isEmpty()) {
                            return Optional.empty();
                        }
                        match = first.get();
                    } else {
                        List<Object> matches = regex.findAll(s);
                        int index = groupSelect < 0 ? matches.size() + groupSelect : groupSelect;
                        if (index < 0 || index >= matches.size()) {
                            return Optional.empty();
                        }
                        match = matches.get(index);
                    }
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
                            return Optional.empty();
                        }
                    } else {
                        text = (String) match;
                    }
                    return Optional.of(PyText.strip(text));
                },
                fallback);
    }

    /**
     * {@code json_field}: the value of {@code field} in a JSON object of the response, read with Python's
     * {@code json.loads} (a repeated key keeps its last value) and written as Python's {@code str} writes it (a
     * number {@code 18}, {@code 18.0}; {@code None}; a string as is). The object is the first or the last balanced
     * {@code {…}} of the text, braces counted as written (inside strings too); with {@code removeNewlines} its line
     * breaks are removed before parsing. An object that does not parse, or lacks the field, gives the fallback and
     * marks the response as holding no answer (the next extractor of a {@link #firstOf} chain is tried).
     */
    public static Filter jsonField(String field, boolean last, boolean removeNewlines, String fallback) {
        Objects.requireNonNull(field, "field");
        return extracting(
                s -> {
                    String object = balancedObject(s, last);
                    if (object == null) {
                        return Optional.empty();
                    }
                    Optional<Object> parsed = PyJson.loads(removeNewlines ? object.replace("\n", "") : object);
                    if (parsed.isEmpty() || !(parsed.get() instanceof Map<?, ?> map) || !map.containsKey(field)) {
                        return Optional.empty();
                    }
                    return Optional.of(PyJson.str(map.get(field)));
                },
                fallback);
    }

    /**
     * The first (as ZeroEval's {@code extract_first_complete_json} finds it) or the last balanced top-level
     * {@code {…}}, or null.
     */
    static @Nullable String balancedObject(String s, boolean last) {
        int depth = 0;
        int start = -1;
        String found = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                if (depth == 0) {
                    start = i;
                }
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
                if (depth == 0) {
                    found = s.substring(start, i + 1);
                    if (!last) {
                        return found;
                    }
                }
            }
        }
        return found;
    }

    /**
     * {@code number}: the first or the last match of a number pattern (Python syntax, whole match; default
     * {@value #DEFAULT_NUMBER}); no number gives the fallback and marks the response as holding no answer.
     */
    public static Filter number(boolean last, String pattern, String fallback) {
        PythonRegex regex = PythonRegex.compile(pattern);
        return extracting(
                s -> {
                    if (!last) {
                        return regex.search(s).map(java.util.regex.MatchResult::group);
                    }
                    List<java.util.regex.MatchResult> all = regex.matches(s);
                    return all.isEmpty()
                            ? Optional.empty()
                            : Optional.of(all.get(all.size() - 1).group());
                },
                fallback);
    }

    /**
     * {@code first_of}: tries each chain in order on the original response and keeps the first answer found; when
     * none finds one, the last chain's result, marked as no answer. This is a fallback chain such as MMLU-Pro's
     * ("answer is (X)", then "Answer: X", then the last letter).
     */
    public static Filter firstOf(List<FilterChain> chains) {
        List<FilterChain> alternatives = List.copyOf(chains);
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("first_of needs at least one chain");
        }
        return (Step) candidates -> {
            List<Step.Candidate> out = new ArrayList<>(candidates.size());
            for (Step.Candidate c : candidates) {
                Step.Candidate result = null;
                for (FilterChain chain : alternatives) {
                    List<Step.Candidate> r = chain.run(List.of(new Step.Candidate(c.text(), c.missing())));
                    result = r.isEmpty() ? new Step.Candidate(DEFAULT_FALLBACK, true) : r.get(0);
                    if (!result.missing()) {
                        break;
                    }
                }
                out.add(result);
            }
            return out;
        };
    }

    /** {@code replace}: Python's {@code str.replace(old, new)}, every occurrence. */
    public static Filter replace(String old, String replacement) {
        Objects.requireNonNull(old, "old");
        Objects.requireNonNull(replacement, "replacement");
        if (old.isEmpty()) {
            throw new IllegalArgumentException("replace needs a non-empty 'old'");
        }
        return each(s -> s.replace(old, replacement));
    }

    /** {@code regex_sub}: Python's {@code re.sub(pattern, repl, text)}, with Python's replacement templates. */
    public static Filter regexSub(String pattern, String replacement) {
        PythonRegex regex = PythonRegex.compile(pattern);
        Objects.requireNonNull(replacement, "replacement");
        return each(s -> regex.sub(s, replacement, 0));
    }

    /**
     * {@code eval_fraction}: when the text holds a {@code /}, Python's {@code str(float(eval(text)))} if the text is
     * arithmetic ({@code 3/4} becomes {@code 0.75}, {@code 18/2} {@code 9.0}); otherwise the text unchanged — as
     * ZeroEval's {@code sanitize_math_answers} does, without evaluating anything but numbers and operators.
     */
    public static Filter evalFraction() {
        return each(s -> {
            if (s.indexOf('/') < 0) {
                return s;
            }
            OptionalDouble v = PyArithmetic.evaluate(s);
            return v.isPresent() ? PyText.repr(v.getAsDouble()) : s;
        });
    }

    /** {@code take_first}: keeps only the first response. */
    public static Filter takeFirst() {
        return (Step) candidates -> candidates.isEmpty() ? List.of() : List.of(candidates.get(0));
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
        return (Step) candidates -> {
            if (candidates.isEmpty()) {
                return List.of();
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            Map<String, Step.Candidate> first = new LinkedHashMap<>();
            for (Step.Candidate c : candidates) {
                counts.merge(c.text(), 1, Integer::sum);
                first.putIfAbsent(c.text(), c);
            }
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            return List.of(first.get(best));
        };
    }

    /** A step that maps each response's text and keeps its mark. */
    private static Filter each(UnaryOperator<String> f) {
        return (Step) candidates -> {
            List<Step.Candidate> out = new ArrayList<>(candidates.size());
            for (Step.Candidate c : candidates) {
                out.add(new Step.Candidate(f.apply(c.text()), c.missing()));
            }
            return out;
        };
    }

    /** A step that extracts from each response, giving the fallback, marked missing, when it finds nothing. */
    private static Filter extracting(Function<String, Optional<String>> f, String fallback) {
        return (Step) candidates -> {
            List<Step.Candidate> out = new ArrayList<>(candidates.size());
            for (Step.Candidate c : candidates) {
                Optional<String> found = f.apply(c.text());
                out.add(
                        found.isPresent()
                                ? new Step.Candidate(found.get(), c.missing())
                                : new Step.Candidate(fallback, true));
            }
            return out;
        };
    }
}
