package dev.evals4j.scorers.ifeval;

import dev.evals4j.api.JsonValues;
import dev.evals4j.core.text.PyJson;
import dev.evals4j.core.text.PyText;
import dev.evals4j.core.text.PythonRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The 25 instruction checkers of IFEval, by instruction id, each as {@code check_following} of google-research's
 * {@code instructions.py} decides after {@code build_description} with the row's arguments. Regexes are Python's
 * (through {@link PythonRegex}); word and sentence counts and languages come from {@link IfevalText} and
 * {@link LanguageGuess}.
 */
public final class Instructions {
    private Instructions() {}

    /** Every instruction id, in the reference's registry order. */
    public static final List<String> IDS = List.of(
            "keywords:existence",
            "keywords:frequency",
            "keywords:forbidden_words",
            "keywords:letter_frequency",
            "language:response_language",
            "length_constraints:number_sentences",
            "length_constraints:number_paragraphs",
            "length_constraints:number_words",
            "length_constraints:nth_paragraph_first_word",
            "detectable_content:number_placeholders",
            "detectable_content:postscript",
            "detectable_format:number_bullet_lists",
            "detectable_format:constrained_response",
            "detectable_format:number_highlighted_sections",
            "detectable_format:multiple_sections",
            "detectable_format:json_format",
            "detectable_format:title",
            "combination:two_responses",
            "combination:repeat_prompt",
            "startend:end_checker",
            "change_case:capital_word_frequency",
            "change_case:english_capital",
            "change_case:english_lowercase",
            "punctuation:no_comma",
            "startend:quotation");

    /** An instruction whose arguments are missing or wrong, or an id IFEval does not have. */
    public static final class BadInstruction extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadInstruction(String message) {
            super(message);
        }
    }

    private static final String LESS_THAN = "less than";
    private static final String AT_LEAST = "at least";
    private static final List<String> CONSTRAINED =
            List.of("My answer is yes.", "My answer is no.", "My answer is maybe.");

    /**
     * Whether a response follows one instruction.
     *
     * @param id the instruction id, such as {@code keywords:existence}
     * @param kwargs its arguments (null values are left out, as in the dataset rows whose unused arguments are null)
     * @param prompt the prompt, for {@code combination:repeat_prompt} when its arguments lack the text to repeat
     * @throws BadInstruction for an unknown id or missing or wrong arguments
     */
    public static boolean follows(String id, Map<String, @Nullable Object> kwargs, String prompt, String response) {
        return switch (id) {
            case "keywords:existence" -> {
                for (String keyword : new TreeSet<>(strings(kwargs, "keywords", id))) {
                    if (PythonRegex.compile("(?i)" + keyword).search(response).isEmpty()) {
                        yield false;
                    }
                }
                yield true;
            }
            case "keywords:frequency" -> compare(
                    PythonRegex.compile("(?i)" + string(kwargs, "keyword", id).strip())
                            .findAll(response)
                            .size(),
                    integer(kwargs, "frequency", id),
                    relation(kwargs, "relation", id));
            case "keywords:forbidden_words" -> {
                for (String word : new TreeSet<>(strings(kwargs, "forbidden_words", id))) {
                    if (PythonRegex.compile("(?i)\\b" + word + "\\b")
                            .search(response)
                            .isPresent()) {
                        yield false;
                    }
                }
                yield true;
            }
            case "keywords:letter_frequency" -> {
                String letter = string(kwargs, "letter", id).strip().toLowerCase(Locale.ROOT);
                String lower = PyText.lower(response);
                int count = 0;
                for (int i = lower.indexOf(letter); letter.length() > 0 && i >= 0; i = lower.indexOf(letter, i + 1)) {
                    count++;
                }
                yield compare(count, integer(kwargs, "let_frequency", id), relation(kwargs, "let_relation", id));
            }
            case "language:response_language" -> LanguageGuess.detect(response)
                    .map(l -> l.equals(string(kwargs, "language", id)))
                    .orElse(true);
            case "length_constraints:number_sentences" -> compare(
                    IfevalText.countSentences(response),
                    integer(kwargs, "num_sentences", id),
                    relation(kwargs, "relation", id));
            case "length_constraints:number_paragraphs" -> paragraphs(response, integer(kwargs, "num_paragraphs", id));
            case "length_constraints:number_words" -> compare(
                    IfevalText.countWords(response),
                    integer(kwargs, "num_words", id),
                    relation(kwargs, "relation", id));
            case "length_constraints:nth_paragraph_first_word" -> nthParagraphFirstWord(
                    response,
                    integer(kwargs, "num_paragraphs", id),
                    integer(kwargs, "nth_paragraph", id),
                    string(kwargs, "first_word", id).toLowerCase(Locale.ROOT));
            case "detectable_content:number_placeholders" -> PythonRegex.compile("\\[.*?\\]")
                            .findAll(response)
                            .size()
                    >= integer(kwargs, "num_placeholders", id);
            case "detectable_content:postscript" -> {
                String marker = string(kwargs, "postscript_marker", id).strip();
                String pattern = marker.equals("P.P.S")
                        ? "\\s*p\\.\\s?p\\.\\s?s.*$"
                        : marker.equals("P.S.") ? "\\s*p\\.\\s?s\\..*$" : "\\s*" + PyText.lower(marker) + ".*$";
                yield !PythonRegex.compile("(?m)" + pattern)
                        .findAll(PyText.lower(response))
                        .isEmpty();
            }
            case "detectable_format:number_bullet_lists" -> PythonRegex.compile("(?m)^\\s*\\*[^\\*].*$")
                                    .findAll(response)
                                    .size()
                            + PythonRegex.compile("(?m)^\\s*-.*$")
                                    .findAll(response)
                                    .size()
                    == integer(kwargs, "num_bullets", id);
            case "detectable_format:constrained_response" -> {
                String value = PyText.strip(response);
                yield CONSTRAINED.stream().anyMatch(value::contains);
            }
            case "detectable_format:number_highlighted_sections" -> highlights(response)
                    >= integer(kwargs, "num_highlights", id);
            case "detectable_format:multiple_sections" -> {
                String splitter = string(kwargs, "section_spliter", id).strip();
                int sections = PythonRegex.compile("\\s?" + splitter + "\\s?\\d+\\s?")
                        .matches(response)
                        .size();
                yield sections >= integer(kwargs, "num_sections", id);
            }
            case "detectable_format:json_format" -> {
                String value = removeSuffix(
                        removePrefix(
                                removePrefix(
                                        removePrefix(removePrefix(PyText.strip(response), "```json"), "```Json"),
                                        "```JSON"),
                                "```"),
                        "```");
                yield PyJson.loads(PyText.strip(value)).isPresent();
            }
            case "detectable_format:title" -> {
                for (Object title : PythonRegex.compile("<<[^\\n]+>>").findAll(response)) {
                    String t = (String) title;
                    if (!PyText.strip(t.replaceAll("^<+", "").replaceAll(">+$", ""))
                            .isEmpty()) {
                        yield true;
                    }
                }
                yield false;
            }
            case "combination:two_responses" -> twoResponses(response);
            case "combination:repeat_prompt" -> {
                String toRepeat =
                        kwargs.get("prompt_to_repeat") != null ? string(kwargs, "prompt_to_repeat", id) : prompt;
                yield PyText.lower(PyText.strip(response)).startsWith(PyText.lower(PyText.strip(toRepeat)));
            }
            case "startend:end_checker" -> {
                String value = PyText.lower(stripQuotes(PyText.strip(response)));
                yield value.endsWith(PyText.lower(PyText.strip(string(kwargs, "end_phrase", id))));
            }
            case "change_case:capital_word_frequency" -> compare(
                    (int) IfevalText.wordTokens(response).stream()
                            .filter(IfevalText::isUpper)
                            .count(),
                    integer(kwargs, "capital_frequency", id),
                    relation(kwargs, "capital_relation", id));
            case "change_case:english_capital" -> IfevalText.isUpper(response)
                    && LanguageGuess.detect(response).map("en"::equals).orElse(true);
            case "change_case:english_lowercase" -> IfevalText.isLower(response)
                    && LanguageGuess.detect(response).map("en"::equals).orElse(true);
            case "punctuation:no_comma" -> !response.contains(",");
            case "startend:quotation" -> {
                String value = PyText.strip(response);
                yield value.length() > 1 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"';
            }
            default -> throw new BadInstruction(
                    "unknown instruction id '" + id + "'; IFEval's are " + String.join(", ", IDS));
        };
    }

    private static boolean compare(int actual, long threshold, String relation) {
        return relation.equals(LESS_THAN) ? actual < threshold : actual >= threshold;
    }

    private static boolean paragraphs(String response, long expected) {
        List<String> paragraphs = splitAll(PythonRegex.compile("\\s?\\*\\*\\*\\s?"), response);
        int count = paragraphs.size();
        for (int i = 0; i < paragraphs.size(); i++) {
            if (PyText.strip(paragraphs.get(i)).isEmpty()) {
                if (i == 0 || i == paragraphs.size() - 1) {
                    count--;
                } else {
                    return false;
                }
            }
        }
        return count == expected;
    }

    private static boolean nthParagraphFirstWord(String response, long numParagraphs, long nth, String firstWord) {
        List<String> paragraphs = List.of(response.split("\n\n", -1));
        int count = paragraphs.size();
        for (String p : paragraphs) {
            if (PyText.strip(p).isEmpty()) {
                count--;
            }
        }
        if (nth > count || nth < 1) {
            return false;
        }
        String paragraph = PyText.strip(paragraphs.get((int) nth - 1));
        if (paragraph.isEmpty()) {
            return false;
        }
        String word = PyText.strip(PyText.split(paragraph).get(0));
        word = word.replaceAll("^'+", "").replaceAll("^\"+", "");
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            if (".,?!'\"".indexOf(cp) >= 0) {
                break;
            }
            first.append(PyText.lower(new String(Character.toChars(cp))));
            i += Character.charCount(cp);
        }
        return count == numParagraphs && first.toString().equals(firstWord);
    }

    private static int highlights(String response) {
        int n = 0;
        for (Object h : PythonRegex.compile("\\*[^\\n\\*]*\\*").findAll(response)) {
            if (!PyText.strip(((String) h).replaceAll("^\\*+|\\*+$", "")).isEmpty()) {
                n++;
            }
        }
        for (Object h : PythonRegex.compile("\\*\\*[^\\n\\*]*\\*\\*").findAll(response)) {
            String s = removeSuffix(removePrefix((String) h, "**"), "**");
            if (!PyText.strip(s).isEmpty()) {
                n++;
            }
        }
        return n;
    }

    private static boolean twoResponses(String response) {
        List<String> parts = List.of(response.split("\\*\\*\\*\\*\\*\\*", -1));
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (PyText.strip(parts.get(i)).isEmpty()) {
                if (i != 0 && i != parts.size() - 1) {
                    return false;
                }
            } else {
                valid.add(parts.get(i));
            }
        }
        return valid.size() == 2 && !PyText.strip(valid.get(0)).equals(PyText.strip(valid.get(1)));
    }

    /** Python's {@code re.split}: the pieces between matches (no groups in these patterns). */
    private static List<String> splitAll(PythonRegex regex, String text) {
        List<String> out = new ArrayList<>();
        int last = 0;
        for (var m : regex.matches(text)) {
            out.add(text.substring(last, m.start()));
            last = m.end();
        }
        out.add(text.substring(last));
        return out;
    }

    private static String stripQuotes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '"') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '"') {
            end--;
        }
        return s.substring(start, end);
    }

    private static String removePrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    private static String removeSuffix(String s, String suffix) {
        return !suffix.isEmpty() && s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    private static Object required(Map<String, @Nullable Object> kwargs, String name, String id) {
        Object v = kwargs.get(name);
        if (v == null) {
            throw new BadInstruction(id + " needs the argument '" + name + "'; its arguments were " + kwargs.keySet());
        }
        return v;
    }

    private static String string(Map<String, @Nullable Object> kwargs, String name, String id) {
        Object v = required(kwargs, name, id);
        return v instanceof String s ? s : JsonValues.text(v);
    }

    private static long integer(Map<String, @Nullable Object> kwargs, String name, String id) {
        Object v = required(kwargs, name, id);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (v instanceof String s && s.strip().matches("-?\\d+")) {
            return Long.parseLong(s.strip());
        }
        throw new BadInstruction(id + ": the argument '" + name + "' must be an integer, was " + JsonValues.toJson(v));
    }

    private static String relation(Map<String, @Nullable Object> kwargs, String name, String id) {
        String r = string(kwargs, name, id);
        if (!r.equals(LESS_THAN) && !r.equals(AT_LEAST)) {
            throw new BadInstruction(
                    id + ": the argument '" + name + "' must be 'less than' or 'at least', was '" + r + "'");
        }
        return r;
    }

    private static List<String> strings(Map<String, @Nullable Object> kwargs, String name, String id) {
        Object v = required(kwargs, name, id);
        if (v instanceof List<?> list) {
            return list.stream().map(o -> o == null ? "" : JsonValues.text(o)).toList();
        }
        throw new BadInstruction(id + ": the argument '" + name + "' must be a list, was " + JsonValues.toJson(v));
    }

    /** The ids of every instruction, as a set. */
    static Set<String> ids() {
        return Set.copyOf(IDS);
    }
}
