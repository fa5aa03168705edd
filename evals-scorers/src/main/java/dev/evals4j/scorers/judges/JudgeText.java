package dev.evals4j.scorers.judges;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.evals4j.api.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads verdicts out of a judge's answer: from the JSON it was asked for when the answer holds some (in a code
 * fence or amid prose, read leniently), else from the text, tolerant of case, whitespace, markdown and extra
 * prose, but never by guessing: an answer that names several choices and no final one is not read.
 */
final class JudgeText {
    /** Local models write JSON with single quotes, trailing commas, comments or bare keys. */
    private static final ObjectMapper LENIENT = JsonMapper.builder(dev.evals4j.core.internal.Json.factory())
            .enable(
                    JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    /** How many opening brackets are tried as the start of the JSON, so that a long answer stays cheap. */
    private static final int MAX_JSON_STARTS = 64;

    private static final String EDGE = "\\s*_#\"'`()\\[\\]{}.:!,;>";
    private static final Pattern EDGES = Pattern.compile("^[" + EDGE + "]+|[" + EDGE + "]+$");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s_\\-]+");
    private static final String MARKER = "(?i:\\b(?:final[^\\S\\n]+answer|answer|choice|grade|verdict|selection"
            + "|option|label|rating)\\b)[\"']?[^\\S\\n]*(?i:is\\b)?[^\\S\\n]*[:=\\-]?[^\\S\\n]*[*\"'`(\\[]*[^\\S\\n]*";
    private static final String NOT_WORD_AFTER = "(?![\\p{L}\\p{N}_])";
    private static final String NOT_WORD_BEFORE = "(?<![\\p{L}\\p{N}_])";

    private JudgeText() {}

    /** The first JSON object in the answer, read leniently; empty when none parses. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> jsonObject(String answer) {
        return firstJson(answer, '{').map(v -> (Map<String, Object>) v);
    }

    /** The first JSON array in the answer, read leniently; empty when none parses. */
    @SuppressWarnings("unchecked")
    static Optional<List<Object>> jsonArray(String answer) {
        return firstJson(answer, '[').map(v -> (List<Object>) v);
    }

    private static Optional<Object> firstJson(String answer, char open) {
        char[] chars = answer.toCharArray();
        int tried = 0;
        for (int i = answer.indexOf(open); i >= 0 && tried < MAX_JSON_STARTS; i = answer.indexOf(open, i + 1)) {
            tried++;
            try (JsonParser parser = LENIENT.getFactory().createParser(chars, i, chars.length - i)) {
                Class<?> type = open == '{' ? Map.class : List.class;
                Object value = LENIENT.readValue(parser, type);
                if (value != null) {
                    return Optional.of(value);
                }
            } catch (IOException e) {
                // not JSON from here: try the next bracket
            }
        }
        return Optional.empty();
    }

    /** The value of the first of these keys (matched case-insensitively) in a JSON object; null when none. */
    static Object field(Map<String, Object> json, String... keys) {
        for (String key : keys) {
            for (Map.Entry<String, Object> e : json.entrySet()) {
                if (e.getKey().strip().equalsIgnoreCase(key)) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /**
     * The list a judge was asked to give under a key: in a JSON object, or as a bare JSON array.
     *
     * @return the list, or empty when the answer holds neither
     */
    @SuppressWarnings("unchecked")
    static Optional<List<Object>> list(String answer, String key) {
        Optional<Map<String, Object>> json = jsonObject(answer);
        if (json.isPresent() && field(json.get(), key) instanceof List<?> l) {
            return Optional.of((List<Object>) l);
        }
        return jsonArray(answer);
    }

    /** A 0/1 verdict as judges write it: {@code 1}, {@code 0}, {@code true}, {@code "yes"}, {@code "1"}. */
    static Optional<Integer> binary(Object value) {
        if (value instanceof Boolean b) {
            return Optional.of(b ? 1 : 0);
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == 1 ? Optional.of(1) : d == 0 ? Optional.of(0) : Optional.empty();
        }
        if (value instanceof String s) {
            return switch (normalize(s)) {
                case "1", "YES", "Y", "TRUE", "SUPPORTED", "ATTRIBUTED", "USEFUL", "RELEVANT" -> Optional.of(1);
                case "0",
                        "NO",
                        "N",
                        "FALSE",
                        "UNSUPPORTED",
                        "NOT_SUPPORTED",
                        "NOT_ATTRIBUTED",
                        "NOT_USEFUL",
                        "NOT_RELEVANT" -> Optional.of(0);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /**
     * The choice in a judge's answer: the JSON field (the first of {@code jsonKeys} present) when the answer
     * holds a JSON object with one, else the text.
     */
    static Parsed<String> choice(String answer, List<Choice> choices, String... jsonKeys) {
        if (answer.isBlank()) {
            return Parsed.failure("the judge's answer is empty");
        }
        Optional<Map<String, Object>> json = jsonObject(answer);
        if (json.isPresent()) {
            Object value = field(json.get(), jsonKeys);
            if (value != null) {
                Parsed<String> inValue = fromText(value instanceof String s ? s : JsonValues.text(value), choices);
                if (inValue.value().isPresent()) {
                    return inValue;
                }
                return Parsed.failure("the judge's JSON gives \"" + jsonKeys[0] + "\": "
                        + shorten(JsonValues.toJson(value)) + ", which is not one of " + keys(choices));
            }
        }
        return fromText(answer, choices);
    }

    /** The choice in a judge's text, by the rules in the class comment. */
    static Parsed<String> fromText(String text, List<Choice> choices) {
        if (text.isBlank()) {
            return Parsed.failure("the judge's answer is empty");
        }
        Optional<String> whole = whole(text, choices);
        if (whole.isPresent()) {
            return Parsed.of(whole.get());
        }
        List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
        Optional<String> lastLine = whole(lines.get(lines.size() - 1), choices);
        if (lastLine.isPresent()) {
            return Parsed.of(lastLine.get());
        }
        Optional<String> marked = lastMarked(text, choices);
        if (marked.isPresent()) {
            return Parsed.of(marked.get());
        }
        Set<String> bracketed =
                found(text, choices, "(?:[(\\[][^\\S\\n]*(?i:%s)[^\\S\\n]*[)\\]]|\\*\\*(?i:%s)\\*\\*)", false);
        if (bracketed.size() == 1) {
            return Parsed.of(bracketed.iterator().next());
        }
        Set<String> standing = found(text, choices, NOT_WORD_BEFORE + "(?:%s)" + NOT_WORD_AFTER, true);
        if (standing.size() == 1) {
            return Parsed.of(standing.iterator().next());
        }
        Optional<String> leading = leadingWord(text, choices);
        if (leading.isPresent()) {
            return Parsed.of(leading.get());
        }
        if (standing.size() > 1) {
            return Parsed.failure("the judge's answer names several choices (" + String.join(", ", standing)
                    + ") and none as its final one");
        }
        return Parsed.failure("the judge's answer holds none of the choices " + keys(choices));
    }

    /** The choice when the whole text, without markdown, quotes, brackets and punctuation, is one. */
    private static Optional<String> whole(String text, List<Choice> choices) {
        String n = normalize(text);
        for (Choice c : choices) {
            if (n.equals(c.key().toUpperCase(Locale.ROOT)) || c.aliases().contains(n)) {
                return Optional.of(c.key());
            }
        }
        return Optional.empty();
    }

    /** Upper case, without edge punctuation, words joined by {@code _}: {@code " **Not attempted.** "} → NOT_ATTEMPTED. */
    static String normalize(String text) {
        String s = EDGES.matcher(text.strip()).replaceAll("");
        return SEPARATORS.matcher(s.toUpperCase(Locale.ROOT)).replaceAll("_");
    }

    /**
     * The choice after the last marker ({@code Answer:}, {@code the choice is}, {@code Grade:}, …). A single
     * lower-case letter counts only when punctuation or the line's end follows it, so that "the answer is a
     * subset" is not read as A.
     */
    private static Optional<String> lastMarked(String text, List<Choice> choices) {
        Matcher m = Pattern.compile(MARKER + "(?<tok>(?i:" + alternation(choices, false) + "))" + NOT_WORD_AFTER)
                .matcher(text);
        String last = null;
        while (m.find()) {
            String token = m.group("tok");
            if (token.length() == 1 && Character.isLowerCase(token.charAt(0))) {
                int after = m.end("tok");
                boolean bracketed = m.start("tok") > 0 && "([\"'`*".indexOf(text.charAt(m.start("tok") - 1)) >= 0;
                boolean ends = after == text.length() || ")].*\"'`,;:!?\n\r".indexOf(text.charAt(after)) >= 0;
                if (!bracketed && !ends) {
                    continue;
                }
            }
            last = keyOf(token, choices);
        }
        return Optional.ofNullable(last);
    }

    /** The choices found by a pattern ({@code %s} is the alternation of tokens), in order of appearance. */
    private static Set<String> found(String text, List<Choice> choices, String template, boolean caseSensitive) {
        String tokens = alternation(choices, caseSensitive);
        Matcher m = Pattern.compile(template.replace("%s", tokens)).matcher(text);
        Set<String> keys = new LinkedHashSet<>();
        while (m.find()) {
            String token = m.group().replaceAll("^[(\\[*\\s]+|[)\\]*\\s]+$", "");
            keys.add(keyOf(token, choices));
        }
        return keys;
    }

    /** The choice whose word (not a single letter) opens the answer: "Yes, the submission …" → Y. */
    private static Optional<String> leadingWord(String text, List<Choice> choices) {
        List<String> words = new ArrayList<>();
        for (Choice c : choices) {
            if (c.key().length() > 1) {
                words.add(c.key());
            }
            words.addAll(c.aliases());
        }
        if (words.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("^[\\s*_#\"'`(\\[>]*(?i:" + alternationOf(words) + ")" + NOT_WORD_AFTER)
                .matcher(text);
        return m.find()
                ? Optional.of(keyOf(m.group().replaceAll("^[\\s*_#\"'`(\\[>]+", ""), choices))
                : Optional.empty();
    }

    private static String keyOf(String token, List<Choice> choices) {
        String n = normalize(token);
        for (Choice c : choices) {
            if (n.equals(c.key().toUpperCase(Locale.ROOT)) || c.aliases().contains(n)) {
                return c.key();
            }
        }
        throw new IllegalStateException("no choice for the token '" + token + "'");
    }

    /**
     * The tokens of the choices as a regex alternation, longest first; case-sensitive, a single letter must be a
     * capital and a word must be written in capitals, as judges write a verdict (and not "a" or "correct" in prose).
     */
    private static String alternation(List<Choice> choices, boolean caseSensitive) {
        List<String> tokens = new ArrayList<>();
        for (Choice c : choices) {
            tokens.add(caseSensitive ? c.key().toUpperCase(Locale.ROOT) : c.key());
            tokens.addAll(c.aliases());
        }
        return alternationOf(tokens);
    }

    private static String alternationOf(List<String> tokens) {
        List<String> sorted = new ArrayList<>(new LinkedHashSet<>(tokens));
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        List<String> parts = new ArrayList<>();
        for (String t : sorted) {
            List<String> words = new ArrayList<>();
            for (String w : t.split("_")) {
                words.add(Pattern.quote(w));
            }
            parts.add(String.join("[\\s_\\-]+", words));
        }
        return String.join("|", parts);
    }

    /** The keys of the choices, for messages: {@code A, B, C}. */
    static String keys(List<Choice> choices) {
        return String.join(", ", choices.stream().map(Choice::key).toList());
    }

    static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
    }
}
