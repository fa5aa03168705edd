package dev.evals4j.scorers.basic;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.text.PyText;
import dev.evals4j.core.text.PythonRegex;
import dev.evals4j.core.text.RegexBudgetExceededException;
import dev.evals4j.scorers.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code basic::docvqa}: 1.0 when the normalised generated answer equals one of the normalised expected answers
 * (DocVQA's answer normalisation, as Llama Stack applies it).
 *
 * <p>Normalisation: for each of 21 punctuation marks, remove it where it touches a space or where the text has a
 * digit-comma-digit group, else replace it by a space, then drop up to 32 periods not followed by a digit (Llama
 * Stack passes {@code re.UNICODE} as the {@code count} of {@code re.sub}); lower-case; split on whitespace; number
 * words {@code none}…{@code ten} become digits; drop {@code a an the to in from by}; expand contractions
 * ({@code dont → don't}); join with single spaces. The expected answer is a JSON list (a list, or a string holding
 * one); another string counts as the one expected answer.
 */
public final class DocVqaScorer implements BaseScorer {
    public static final String ID = "basic::docvqa";

    private static final String[] PUNCTUATION = {
        ";", "/", "[", "]", "\"", "{", "}", "(", ")", "=", "+", "\\", "_", "-", ">", "<", "@", "`", ",", "?", "!"
    };
    /** Compiled on first use, not when the plugins are listed. */
    private static final class Regexes {
        static final PythonRegex PERIOD_STRIP = PythonRegex.compile("(?!<=\\d)(\\.)(?!\\d)");
        static final PythonRegex COMMA_STRIP = PythonRegex.compile("(\\d)(\\,)(\\d)");
    }

    private static final Map<String, String> NUMBERS = Map.ofEntries(
            Map.entry("none", "0"),
            Map.entry("zero", "0"),
            Map.entry("one", "1"),
            Map.entry("two", "2"),
            Map.entry("three", "3"),
            Map.entry("four", "4"),
            Map.entry("five", "5"),
            Map.entry("six", "6"),
            Map.entry("seven", "7"),
            Map.entry("eight", "8"),
            Map.entry("nine", "9"),
            Map.entry("ten", "10"));
    private static final Set<String> ARTICLES = Set.of("a", "an", "the", "to", "in", "from", "by");
    private static final Map<String, String> CONTRACTIONS = loadContractions();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "1.0 when the DocVQA-normalised generated_answer equals one of the normalised expected answers";
    }

    @Override
    public ScoreResult score(ScorerInputSample sample) {
        List<String> expected = expectedAnswers(sample.expectedAnswer());
        if (expected == null) {
            return ScoreResult.unscored("expected_answer is missing");
        }
        String generated = sample.generatedText();
        if (generated == null) {
            return ScoreResult.correct(false);
        }
        try {
            String normalized = normalize(generated);
            for (String e : expected) {
                if (e != null && normalize(e).equals(normalized)) {
                    return ScoreResult.correct(true).withDetails(Map.of("normalized_answer", normalized));
                }
            }
            return ScoreResult.correct(false).withDetails(Map.of("normalized_answer", normalized));
        } catch (RegexBudgetExceededException e) {
            return ScoreResult.unscored(e.getMessage());
        }
    }

    private static List<String> expectedAnswers(Object expected) {
        if (expected == null) {
            return null;
        }
        Object value = expected;
        if (expected instanceof String s) {
            Object parsed = Json.parse(s);
            value = parsed instanceof List<?> ? parsed : s;
        }
        if (value instanceof List<?> list) {
            List<String> texts = new ArrayList<>();
            for (Object o : list) {
                texts.add(o == null || o instanceof String ? (String) o : dev.evals4j.api.JsonValues.text(o));
            }
            return texts;
        }
        return List.of(dev.evals4j.api.JsonValues.text(value));
    }

    /** DocVQA's answer normalisation, as Llama Stack's {@code normalize_answer}. */
    public static String normalize(String s) {
        for (String p : PUNCTUATION) {
            if (s.contains(p + " ")
                    || s.contains(" " + p)
                    || Regexes.COMMA_STRIP.search(s).isPresent()) {
                s = s.replace(p, "");
            } else {
                s = s.replace(p, " ");
            }
            s = Regexes.PERIOD_STRIP.subLiteral(s, "", 32);
        }
        List<String> out = new ArrayList<>();
        for (String word : PyText.split(PyText.lower(s))) {
            word = NUMBERS.getOrDefault(word, word);
            if (!ARTICLES.contains(word)) {
                out.add(CONTRACTIONS.getOrDefault(word, word));
            }
        }
        return String.join(" ", out);
    }

    private static Map<String, String> loadContractions() {
        Map<String, String> map = new HashMap<>();
        try (InputStream in = DocVqaScorer.class.getResourceAsStream("docvqa_contractions.txt")) {
            if (in == null) {
                throw new IllegalStateException("docvqa_contractions.txt is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    map.put(line.substring(0, space), line.substring(space + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }
}
