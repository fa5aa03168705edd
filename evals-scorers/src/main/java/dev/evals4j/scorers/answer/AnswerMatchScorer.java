package dev.evals4j.scorers.answer;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.filters.FilterChain;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.text.PyRandom;
import dev.evals4j.core.text.PyText;
import dev.evals4j.core.text.PythonRegex;
import dev.evals4j.core.text.RegexBudgetExceededException;
import dev.evals4j.scorers.internal.NumberForms;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code answer::match}: extracts the answer from the generation with a filter chain (fallbacks included), scores a
 * missing answer by a named policy, brings the expected answer to the same form, and compares the two as text or as
 * numbers. Every row says what was extracted; a row without an answer carries {@code "no_answer": true}, counted in
 * {@code num_no_answer}.
 *
 * <p>Missing-answer policies: {@code wrong} (scored 0, as lm-evaluation-harness does), {@code unscored} (left out of
 * the accuracy, counted in {@code num_unscored}), {@code guess_constant} (the published MMLU-Pro scorer's guess:
 * Python's {@code random.seed(seed); random.randint(0, n-1)} for a row of n options — a constant per option count,
 * issue #64 of TIGER-AI-Lab/MMLU-Pro) and {@code guess_random} (a seeded random choice per row:
 * {@code random.Random(f"{seed}:{row[index_column]}").randint(0, n-1)}, the same whatever order rows are scored
 * in).
 */
public final class AnswerMatchScorer implements BaseScorer {
    /** The scorer id. */
    public static final String ID = "answer::match";

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final List<String> POLICIES = List.of("wrong", "unscored", "guess_constant", "guess_random");

    private final FilterChain filters;
    private final boolean filtered;
    private final FilterChain expectedFilters;
    private final FilterChain normalize;
    private final boolean numeric;
    private final boolean ignoreCase;
    private final boolean ignorePunctuation;
    private final List<PythonRegex> regexesToIgnore;
    private final double tolerance;
    private final double relativeTolerance;
    private final String missing;
    private final String optionsColumn;
    private final long seed;
    private final String labels;
    private final String indexColumn;

    /** The discovered definition: the stripped generation compared with the expected answer as text. */
    public AnswerMatchScorer() {
        this(Params.EMPTY);
    }

    private AnswerMatchScorer(Params params) {
        this.filters = chain(params, "filters");
        this.filtered = params.has("filters");
        this.expectedFilters = chain(params, "expected_filters");
        this.normalize = chain(params, "normalize");
        String compare = params.string("compare").orElse("exact");
        if (!compare.equals("exact") && !compare.equals("numeric")) {
            throw new ConfigurationException(
                    "parameter 'compare' of " + ID + " must be exact or numeric, was '" + compare + "'");
        }
        this.numeric = compare.equals("numeric");
        this.ignoreCase = params.bool("ignore_case", false);
        this.ignorePunctuation = params.bool("ignore_punctuation", false);
        List<PythonRegex> regexes = new ArrayList<>();
        for (String source : params.strings("regexes_to_ignore")) {
            try {
                regexes.add(PythonRegex.compile(source));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("parameter 'regexes_to_ignore' of " + ID + ": " + e.getMessage(), e);
            }
        }
        this.regexesToIgnore = List.copyOf(regexes);
        this.tolerance = params.number("tolerance", 0);
        this.relativeTolerance = params.number("relative_tolerance", 0);
        if (tolerance < 0 || relativeTolerance < 0) {
            throw new ConfigurationException("parameters 'tolerance' and 'relative_tolerance' of " + ID
                    + " must be at least 0, were " + tolerance + " and " + relativeTolerance);
        }
        this.missing = params.string("missing").orElse("wrong");
        if (!POLICIES.contains(missing)) {
            throw new ConfigurationException("parameter 'missing' of " + ID + " must be one of "
                    + String.join(", ", POLICIES) + ", was '" + missing + "'");
        }
        this.optionsColumn = params.string("options_column").orElse("options");
        this.seed = params.integer("guess_seed", 12345);
        this.labels = params.string("labels").orElse("ABCDEFGHIJKLMNOP");
        if (labels.isEmpty()) {
            throw new ConfigurationException("parameter 'labels' of " + ID + " must not be empty");
        }
        this.indexColumn = params.string("index_column").orElse("");
        if (missing.equals("guess_random") && indexColumn.isEmpty()) {
            throw new ConfigurationException("missing=guess_random of " + ID + " needs 'index_column': the column that"
                    + " identifies a row (such as question_id), which seeds its guess");
        }
    }

    private static FilterChain chain(Params params, String name) {
        if (!params.has(name)) {
            return FilterChain.NONE;
        }
        try {
            return FilterChain.parse(params.get(name).orElseThrow());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("parameter '" + name + "' of " + ID + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "extracts the answer with fallbacks, scores a missing one by a named policy, normalises the expected"
                + " answer, compares as text or numbers";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.optional(
                        "filters",
                        ParamType.JSON,
                        "filter steps that extract the answer from generated_answer (first_of for fallbacks);"
                                + " an extracting step that finds nothing means no answer"),
                Parameter.optional("expected_filters", ParamType.JSON, "filter steps applied to expected_answer first"),
                Parameter.optional(
                        "normalize",
                        ParamType.JSON,
                        "filter steps applied to both sides after extraction (not counted as a missing answer)"),
                Parameter.withDefault("compare", ParamType.STRING, "exact (text) or numeric", "exact"),
                Parameter.withDefault("ignore_case", ParamType.BOOLEAN, "exact: lower-case both sides", false),
                Parameter.withDefault(
                        "ignore_punctuation",
                        ParamType.BOOLEAN,
                        "exact: remove Python's string.punctuation from both sides",
                        false),
                Parameter.withDefault(
                        "regexes_to_ignore",
                        ParamType.STRING_LIST,
                        "exact: Python regexes removed from both sides first, as lm-evaluation-harness's exact_match",
                        List.of()),
                Parameter.withDefault(
                        "tolerance", ParamType.NUMBER, "numeric: the largest absolute difference that is equal", 0.0),
                Parameter.withDefault(
                        "relative_tolerance",
                        ParamType.NUMBER,
                        "numeric: the largest difference relative to the larger magnitude",
                        0.0),
                Parameter.withDefault(
                        "missing",
                        ParamType.STRING,
                        "what a missing answer counts as: wrong, unscored, guess_constant or guess_random",
                        "wrong"),
                Parameter.withDefault(
                        "options_column",
                        ParamType.STRING,
                        "the column with the options a guess picks from (guess_constant, guess_random)",
                        "options"),
                Parameter.withDefault(
                        "guess_seed", ParamType.INTEGER, "the seed of guess_constant and guess_random", 12345),
                Parameter.withDefault(
                        "labels",
                        ParamType.STRING,
                        "the option labels a guess is written as, in order",
                        "ABCDEFGHIJKLMNOP"),
                Parameter.optional(
                        "index_column",
                        ParamType.STRING,
                        "guess_random: the column that identifies a row (such as question_id); it seeds the guess"));
    }

    @Override
    public BaseScorer configure(Params params) {
        return new AnswerMatchScorer(params);
    }

    @Override
    public Set<String> requiredColumns() {
        Set<String> columns = new LinkedHashSet<>(BaseScorer.super.requiredColumns());
        if (missing.startsWith("guess")) {
            columns.add(optionsColumn);
        }
        return columns;
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        if (sample.expectedAnswer() == null) {
            return ScoreResult.unscored("expected_answer is missing");
        }
        try {
            List<String> expected = new ArrayList<>();
            for (String e : sample.expectedTexts()) {
                if (e != null) {
                    String filteredExpected = expectedFilters.isEmpty() ? e : expectedFilters.answer(e);
                    if (filteredExpected != null) {
                        expected.add(normalize.isEmpty() ? filteredExpected : normalize.answer(filteredExpected));
                    }
                }
            }
            FilterChain.Extraction extraction = extract(sample.generatedAnswer());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("extracted", extraction.found() ? extraction.answer() : null);
            if (!extraction.found()) {
                details.put(ScoreResult.NO_ANSWER, true);
                switch (missing) {
                    case "unscored":
                        return ScoreResult.unscored("no answer found in the generation")
                                .withDetails(details);
                    case "guess_constant":
                    case "guess_random":
                        Optional<String> guess = guess(sample);
                        if (guess.isEmpty()) {
                            return ScoreResult.unscored("no answer found, and the row has no list of options in '"
                                            + optionsColumn + "'"
                                            + (missing.equals("guess_random") ? " or no '" + indexColumn + "'" : "")
                                            + " to guess from")
                                    .withDetails(details);
                        }
                        details.put("guess", guess.get());
                        return compare(guess.get(), expected, details);
                    default:
                        return ScoreResult.correct(false).withDetails(details);
                }
            }
            String answer = normalize.isEmpty() ? extraction.answer() : normalize.answer(extraction.answer());
            if (!normalize.isEmpty()) {
                details.put("normalized", answer);
            }
            return compare(answer, expected, details);
        } catch (RegexBudgetExceededException e) {
            return ScoreResult.unscored(e.getMessage());
        }
    }

    private FilterChain.Extraction extract(@Nullable Object generated) {
        if (filtered) {
            return filters.extract(generated);
        }
        if (generated == null) {
            return new FilterChain.Extraction(null, false);
        }
        Object first = generated instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : generated;
        String text = first == null ? "" : JsonValues.text(first);
        return new FilterChain.Extraction(PyText.strip(text), true);
    }

    private ScoreResult compare(@Nullable String answer, List<String> expected, Map<String, Object> details) {
        if (expected.isEmpty()) {
            return ScoreResult.unscored("expected_answer has no value").withDetails(details);
        }
        if (numeric) {
            Optional<BigDecimal> a = answer == null ? Optional.empty() : NumberForms.read(answer);
            boolean anyExpected = false;
            for (String e : expected) {
                Optional<BigDecimal> b = NumberForms.read(e);
                if (b.isPresent()) {
                    anyExpected = true;
                    if (a.isPresent() && equal(a.get(), b.get())) {
                        return ScoreResult.correct(true).withDetails(details);
                    }
                }
            }
            if (!anyExpected) {
                return ScoreResult.unscored("expected_answer is not a number: " + shorten(expected.toString()))
                        .withDetails(details);
            }
            if (a.isEmpty()) {
                details.put("not_a_number", true);
            }
            return ScoreResult.correct(false).withDetails(details);
        }
        if (answer == null) {
            return ScoreResult.correct(false).withDetails(details);
        }
        String prediction = transform(answer);
        for (String e : expected) {
            if (transform(e).equals(prediction)) {
                return ScoreResult.correct(true).withDetails(details);
            }
        }
        return ScoreResult.correct(false).withDetails(details);
    }

    /** Equal as Python floats, or within the tolerances. */
    private boolean equal(BigDecimal a, BigDecimal b) {
        double da = a.doubleValue();
        double db = b.doubleValue();
        if (tolerance == 0 && relativeTolerance == 0) {
            return da == db;
        }
        double diff = a.subtract(b).abs().doubleValue();
        return diff <= Math.max(tolerance, relativeTolerance * Math.max(Math.abs(da), Math.abs(db)));
    }

    private String transform(String s) {
        for (PythonRegex regex : regexesToIgnore) {
            s = regex.subLiteral(s, "", 0);
        }
        if (ignoreCase) {
            s = PyText.lower(s);
        }
        if (ignorePunctuation) {
            StringBuilder sb = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                if (PUNCTUATION.indexOf(s.charAt(i)) < 0) {
                    sb.append(s.charAt(i));
                }
            }
            s = sb.toString();
        }
        return s;
    }

    /** The guessed label of a row without an answer, or empty when the row lists no options. */
    private Optional<String> guess(ScorerInputSample sample) {
        int n = optionCount(sample.row().get(optionsColumn));
        if (n < 1) {
            return Optional.empty();
        }
        PyRandom random;
        if (missing.equals("guess_constant")) {
            random = PyRandom.seeded(seed);
        } else {
            Object key = sample.row().get(indexColumn);
            if (key == null) {
                return Optional.empty();
            }
            random = PyRandom.seeded(seed + ":" + JsonValues.text(key));
        }
        int choice = random.randint(0, n - 1);
        return Optional.of(choice < labels.length() ? String.valueOf(labels.charAt(choice)) : Integer.toString(choice));
    }

    private static int optionCount(@Nullable Object options) {
        if (options instanceof List<?> list) {
            return list.size();
        }
        if (options instanceof String text && text.strip().startsWith("[")) {
            try {
                Object parsed = Json.MAPPER.readValue(text, Object.class);
                return parsed instanceof List<?> list ? list.size() : -1;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return -1;
            }
        }
        return -1;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
