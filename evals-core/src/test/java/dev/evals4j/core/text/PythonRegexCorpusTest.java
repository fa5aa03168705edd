package dev.evals4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the CPython parity corpus ({@code python-regex/corpus.jsonl}, written by CPython 3.11 with
 * {@code generate_corpus.py}) gives PythonRegex CPython's exact result: the match spans and groups, the findall
 * list, the sub output, or the error message; or, for the few constructs PythonRegex refuses, the refusal.
 */
class PythonRegexCorpusTest {
    private static final String CORPUS = "python-regex/corpus.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The corpus; or, with {@code -Devals4j.pythonRegexCorpus=FILE}, that file in the same format (such as the
     * random cases of {@code generate_corpus.py --fuzz SEED N}).
     */
    static Stream<Arguments> corpus() throws IOException {
        String other = System.getProperty("evals4j.pythonRegexCorpus");
        List<Map<String, Object>> cases = other == null ? cases() : read(Files.newInputStream(Path.of(other)));
        return cases.stream().map(c -> Arguments.of(c.get("id"), c));
    }

    @Test
    void theCorpusCoversEveryOperationErrorsAndRefusals() {
        List<Map<String, Object>> cases = cases();
        assertThat(cases).hasSizeGreaterThan(3000);
        assertThat(cases.stream().map(c -> (String) c.get("op")).distinct().sorted())
                .containsExactly(
                        "findall", "finditer", "fullmatch", "match", "search", "sub", "sub_callable", "sub_literal");
        assertThat(cases.stream().filter(c -> expect(c).containsKey("error"))).hasSizeGreaterThan(100);
        assertThat(cases.stream()
                        .map(c -> c.get("refused"))
                        .filter(Objects::nonNull)
                        .distinct())
                .containsExactlyInAnyOrder(
                        "conditional group",
                        "group reference in a look-behind",
                        "case-insensitive group reference",
                        "capturing group in an atomic group or a possessive repeat",
                        "capturing group in a look-around",
                        "repeat of a group that can match the empty string");
        assertThat(cases.stream().filter(c -> ((String) c.get("id")).startsWith("random-")))
                .hasSize(700);
        assertThat(cases.stream().filter(c -> ((String) c.get("id")).startsWith("folding-")))
                .hasSize(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void givesCPythonsResult(String id, Map<String, Object> c) {
        String pattern = (String) c.get("pattern");
        Map<String, Object> expect = expect(c);
        String about = id + ": " + pattern + " on " + c.get("input");
        if ("compile".equals(expect.get("at"))) {
            assertThatThrownBy(() -> PythonRegex.compile(pattern))
                    .as(about)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid regular expression '" + pattern + "': " + expect.get("error"));
            return;
        }
        if (c.get("refused") != null) {
            assertThatThrownBy(() -> PythonRegex.compile(pattern))
                    .as(about)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "invalid regular expression '" + pattern + "': a " + c.get("refused") + ", ")
                    .hasMessageContaining(" is not supported by evals4j: ");
            return;
        }
        PythonRegex regex = PythonRegex.compile(pattern);
        assertThat(regex.groupCount()).as(about).isEqualTo(c.get("groups"));
        String input = (String) c.get("input");
        String op = (String) c.get("op");
        if ("template".equals(expect.get("at"))) {
            String repl = (String) c.get("repl");
            assertThatThrownBy(() -> regex.sub(input, repl, count(c)))
                    .as(about)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid replacement template '" + repl + "' for the regex '" + pattern + "': "
                            + expect.get("error"));
            return;
        }
        switch (op) {
            case "search" -> assertThat(match(regex.search(input), input))
                    .as(about)
                    .isEqualTo(expect.get("match"));
            case "match" -> assertThat(match(regex.match(input), input))
                    .as(about)
                    .isEqualTo(expect.get("match"));
            case "fullmatch" -> assertThat(match(regex.fullMatch(input), input))
                    .as(about)
                    .isEqualTo(expect.get("match"));
            case "findall" -> {
                List<?> expected = (List<?>) expect.get("findall");
                assertThat(regex.findAll(input)).as(about).isEqualTo(expected);
                assertThat(regex.findFirst(input))
                        .as(about)
                        .isEqualTo(Optional.ofNullable(expected.isEmpty() ? null : expected.get(0)));
            }
            case "finditer" -> assertThat(regex.matches(input).stream().map(m -> match(Optional.of(m), input)))
                    .as(about)
                    .isEqualTo(expect.get("finditer"));
            case "sub" -> assertThat(regex.sub(input, (String) c.get("repl"), count(c)))
                    .as(about)
                    .isEqualTo(expect.get("sub"));
            case "sub_literal" -> assertThat(regex.subLiteral(input, (String) c.get("repl"), count(c)))
                    .as(about)
                    .isEqualTo(expect.get("sub"));
            case "sub_callable" -> assertThat(regex.sub(input, m -> "<" + m.group() + ">"))
                    .as(about)
                    .isEqualTo(expect.get("sub"));
            default -> throw new IllegalArgumentException("case " + id + ": unknown op " + op);
        }
    }

    /** A match as the generator writes it: spans in code points and texts, group 0 first; null for none. */
    private static Map<String, Object> match(Optional<MatchResult> found, String input) {
        if (found.isEmpty()) {
            return null;
        }
        MatchResult m = found.get();
        List<Object> spans = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int g = 0; g <= m.groupCount(); g++) {
            if (m.start(g) < 0) {
                spans.add(null);
            } else {
                spans.add(Arrays.asList(input.codePointCount(0, m.start(g)), input.codePointCount(0, m.end(g))));
            }
            groups.add(m.group(g));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("spans", spans);
        out.put("groups", groups);
        return out;
    }

    private static int count(Map<String, Object> c) {
        return c.get("count") == null ? 0 : (Integer) c.get("count");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> expect(Map<String, Object> c) {
        return (Map<String, Object>) c.get("expect");
    }

    static List<Map<String, Object>> cases() {
        InputStream in = PythonRegexCorpusTest.class.getClassLoader().getResourceAsStream(CORPUS);
        Objects.requireNonNull(in, CORPUS + " is not on the test class path");
        try {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> read(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Map<String, Object>> out = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                out.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() {}));
            }
            return out;
        }
    }
}
