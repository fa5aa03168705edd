package dev.evals4j.core.filters;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Filters applied in order, configured from a list of step definitions in lm-evaluation-harness's YAML shape,
 * for example {@code [{"function": "regex", "regex_pattern": "#### (\\-?[0-9\\.\\,]+)"}, {"function":
 * "take_first"}]}.
 *
 * <p>Functions and their keys: {@code regex} ({@code regex_pattern}, required; {@code group_select}, default 0;
 * {@code fallback}, default {@code [invalid]}), {@code take_first}, {@code lowercase}, {@code uppercase},
 * {@code strip}, {@code remove_whitespace}, {@code map} ({@code mapping_dict}, required; {@code default_value}),
 * {@code majority_vote}; and evals4j's extractors: {@code first_of} ({@code chains}, a list of step lists, tried in
 * order), {@code json_field} ({@code field}, required; {@code object}, {@code first} or {@code last}, default
 * {@code last}; {@code remove_newlines}, default false; {@code fallback}), {@code number} ({@code which},
 * {@code first} or {@code last}, default {@code last}; {@code pattern}; {@code fallback}), {@code replace}
 * ({@code old}, {@code new}), {@code regex_sub} ({@code regex_pattern}, {@code repl}) and {@code eval_fraction}.
 *
 * <p>The extracting steps ({@code regex}, {@code json_field}, {@code number}, {@code first_of}) mark a response in
 * which they found nothing; {@link #extract} says whether the answer is such a missing one.
 */
public final class FilterChain implements Filter {
    /** No filtering. */
    public static final FilterChain NONE = new FilterChain(List.of());

    private static final Map<String, Set<String>> KEYS = Map.ofEntries(
            Map.entry("regex", Set.of("regex_pattern", "group_select", "fallback")),
            Map.entry("take_first", Set.of()),
            Map.entry("lowercase", Set.of()),
            Map.entry("uppercase", Set.of()),
            Map.entry("strip", Set.of()),
            Map.entry("remove_whitespace", Set.of()),
            Map.entry("map", Set.of("mapping_dict", "default_value")),
            Map.entry("majority_vote", Set.of()),
            Map.entry("first_of", Set.of("chains")),
            Map.entry("json_field", Set.of("field", "object", "remove_newlines", "fallback")),
            Map.entry("number", Set.of("which", "pattern", "fallback")),
            Map.entry("replace", Set.of("old", "new")),
            Map.entry("regex_sub", Set.of("regex_pattern", "repl")),
            Map.entry("eval_fraction", Set.of()));

    private final List<Step> steps;

    private FilterChain(List<Filter> steps) {
        List<Step> adapted = new ArrayList<>();
        for (Filter f : steps) {
            adapted.add(Step.of(f));
        }
        this.steps = List.copyOf(adapted);
    }

    /** A chain of the given steps, in order. */
    public static FilterChain of(List<Filter> steps) {
        return new FilterChain(steps);
    }

    /**
     * Builds a chain from step definitions: a list of objects each with a {@code function} and its keys, or that
     * list as JSON text.
     *
     * @throws IllegalArgumentException for an unknown function or key, a missing or mistyped value, or an invalid
     *     regex, naming the step
     */
    public static FilterChain parse(Object definitions) {
        Object defs = definitions;
        if (definitions instanceof String text) {
            try {
                defs = Json.MAPPER.readValue(text, Object.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("filters must be a JSON list of steps, was " + text, e);
            }
        }
        if (!(defs instanceof List<?> list)) {
            throw new IllegalArgumentException("filters must be a list of steps, was " + JsonValues.toJson(defs));
        }
        List<Filter> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            steps.add(step(i, list.get(i)));
        }
        return new FilterChain(steps);
    }

    private static Filter step(int index, Object def) {
        String where = "filter step " + index;
        if (!(def instanceof Map<?, ?> map) || !(map.get("function") instanceof String function)) {
            throw new IllegalArgumentException(
                    where + " must be an object with a \"function\", was " + JsonValues.toJson(def));
        }
        Set<String> allowed = KEYS.get(function);
        if (allowed == null) {
            throw new IllegalArgumentException(where + ": unknown function '" + function + "'; known: "
                    + String.join(", ", new TreeSet<>(KEYS.keySet())));
        }
        for (Object key : map.keySet()) {
            if (!key.equals("function") && !allowed.contains(key)) {
                throw new IllegalArgumentException(where + " (" + function + "): unknown key '" + key + "'; accepted: "
                        + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed))));
            }
        }
        return switch (function) {
            case "regex" -> {
                String pattern = string(map, "regex_pattern", where, null);
                Object group = map.containsKey("group_select") ? map.get("group_select") : 0;
                if (!(group instanceof Integer || group instanceof Long)) {
                    throw new IllegalArgumentException(
                            where + " (regex): group_select must be an integer, was " + JsonValues.toJson(group));
                }
                yield Filters.regex(
                        pattern, ((Number) group).intValue(), string(map, "fallback", where, Filters.DEFAULT_FALLBACK));
            }
            case "take_first" -> Filters.takeFirst();
            case "lowercase" -> Filters.lowercase();
            case "uppercase" -> Filters.uppercase();
            case "strip" -> Filters.strip();
            case "remove_whitespace" -> Filters.removeWhitespace();
            case "map" -> {
                if (!(map.get("mapping_dict") instanceof Map<?, ?> dict)) {
                    throw new IllegalArgumentException(where + " (map): mapping_dict must be an object");
                }
                Map<String, String> mapping = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : dict.entrySet()) {
                    mapping.put(String.valueOf(e.getKey()), JsonValues.text(e.getValue()));
                }
                yield Filters.map(
                        mapping, map.containsKey("default_value") ? JsonValues.text(map.get("default_value")) : null);
            }
            case "majority_vote" -> Filters.majorityVote();
            case "first_of" -> {
                if (!(map.get("chains") instanceof List<?> chains) || chains.isEmpty()) {
                    throw new IllegalArgumentException(
                            where + " (first_of): chains must be a non-empty list of step lists");
                }
                List<FilterChain> parsed = new ArrayList<>();
                for (int c = 0; c < chains.size(); c++) {
                    try {
                        parsed.add(parse(chains.get(c)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(where + " (first_of) chain " + c + ": " + e.getMessage(), e);
                    }
                }
                yield Filters.firstOf(parsed);
            }
            case "json_field" -> Filters.jsonField(
                    string(map, "field", where, null),
                    choice(map, "object", where, "last"),
                    bool(map, "remove_newlines", where),
                    string(map, "fallback", where, Filters.DEFAULT_FALLBACK));
            case "number" -> Filters.number(
                    choice(map, "which", where, "last"),
                    string(map, "pattern", where, Filters.DEFAULT_NUMBER),
                    string(map, "fallback", where, Filters.DEFAULT_FALLBACK));
            case "replace" -> Filters.replace(string(map, "old", where, null), string(map, "new", where, null));
            case "regex_sub" -> Filters.regexSub(
                    string(map, "regex_pattern", where, null), string(map, "repl", where, null));
            case "eval_fraction" -> Filters.evalFraction();
            default -> throw new IllegalStateException(function);
        };
    }

    /** Whether the key's value is {@code last} (true) or {@code first} (false). */
    private static boolean choice(Map<?, ?> map, String key, String where, String fallback) {
        String v = string(map, key, where, fallback);
        if (!v.equals("first") && !v.equals("last")) {
            throw new IllegalArgumentException(where + ": " + key + " must be first or last, was '" + v + "'");
        }
        return v.equals("last");
    }

    private static boolean bool(Map<?, ?> map, String key, String where) {
        Object v = map.get(key);
        if (v == null && !map.containsKey(key)) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(
                    where + ": " + key + " must be true or false, was " + JsonValues.toJson(v));
        }
        return b;
    }

    private static String string(Map<?, ?> map, String key, String where, String fallback) {
        Object v = map.get(key);
        if (v == null && fallback != null && !map.containsKey(key)) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(where + ": " + key + " must be a string, was " + JsonValues.toJson(v));
        }
        return s;
    }

    @Override
    public List<String> apply(List<String> responses) {
        List<Step.Candidate> in = new ArrayList<>(responses.size());
        for (String r : responses) {
            in.add(new Step.Candidate(r, false));
        }
        List<String> out = new ArrayList<>();
        for (Step.Candidate c : run(in)) {
            out.add(c.text());
        }
        return out;
    }

    List<Step.Candidate> run(List<Step.Candidate> candidates) {
        List<Step.Candidate> current = candidates;
        for (Step step : steps) {
            current = step.run(current);
        }
        return current;
    }

    /**
     * What the chain extracted from a generated answer: the text a scorer compares, and whether an extracting step
     * found nothing (the text is then the step's fallback, such as {@code [invalid]}).
     *
     * @param answer the answer, or {@code null} when there was no generated answer at all
     * @param found false when there is no answer: none was generated, or an extracting step found nothing
     */
    public record Extraction(@org.jspecify.annotations.Nullable String answer, boolean found) {}

    /**
     * Extracts the answer from a generated answer (a list of repeated generations, or one value), as
     * {@link #answer} does, saying whether one was found.
     */
    public Extraction extract(Object generatedAnswer) {
        if (generatedAnswer == null) {
            return new Extraction(null, false);
        }
        List<Step.Candidate> responses = new ArrayList<>();
        if (generatedAnswer instanceof List<?> list) {
            for (Object o : list) {
                responses.add(new Step.Candidate(o == null ? "" : JsonValues.text(o), false));
            }
        } else {
            responses.add(new Step.Candidate(JsonValues.text(generatedAnswer), false));
        }
        List<Step.Candidate> filtered = run(responses);
        if (filtered.isEmpty()) {
            return new Extraction(null, false);
        }
        return new Extraction(filtered.get(0).text(), !filtered.get(0).missing());
    }

    /** Whether the chain has no steps. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * The answer a scorer compares: the responses (a list of repeated generations, or one value) as text, through
     * the chain, then the first; {@code null} when there is no answer.
     */
    public String answer(Object generatedAnswer) {
        if (generatedAnswer == null) {
            return null;
        }
        List<String> responses = new ArrayList<>();
        if (generatedAnswer instanceof List<?> list) {
            for (Object o : list) {
                responses.add(o == null ? "" : JsonValues.text(o));
            }
        } else {
            responses.add(JsonValues.text(generatedAnswer));
        }
        List<String> filtered = apply(responses);
        return filtered.isEmpty() ? null : filtered.get(0);
    }

    /** The {@code filters} parameter that the harness and metrics scorers accept. */
    public static Parameter parameter() {
        return Parameter.optional(
                "filters",
                ParamType.JSON,
                "filter steps applied to generated_answer before scoring, e.g. [{\"function\":\"regex\","
                        + "\"regex_pattern\":\"#### (\\\\-?[0-9\\\\.\\\\,]+)\"},{\"function\":\"take_first\"}]");
    }

    /** The chain configured by a scorer's {@code filters} parameter, or {@link #NONE}. */
    public static FilterChain fromParams(Params params, String scorerId) {
        if (!params.has("filters")) {
            return NONE;
        }
        try {
            return parse(params.get("filters").orElseThrow());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("parameter 'filters' of " + scorerId + ": " + e.getMessage(), e);
        }
    }
}
