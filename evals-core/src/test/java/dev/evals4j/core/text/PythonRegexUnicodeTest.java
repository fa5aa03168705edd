package dev.evals4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PythonRegex's {@code \d \w \s} and IGNORECASE agree with CPython 3.11 on every code point that both CPython's
 * Unicode database (14.0) and the running Java's know, as recorded by {@code generate_corpus.py} in
 * {@code python-regex/unicode_tables.json}. The code points that only one of them has assigned are left out.
 */
class PythonRegexUnicodeTest {
    private static Map<String, Object> tables;
    /** The code points assigned in both CPython's and Java's Unicode, surrogates aside. */
    private static BitSet common;

    @BeforeAll
    static void load() {
        try (InputStream in =
                PythonRegexUnicodeTest.class.getClassLoader().getResourceAsStream("python-regex/unicode_tables.json")) {
            Objects.requireNonNull(in, "python-regex/unicode_tables.json is not on the test class path");
            @SuppressWarnings("unchecked")
            Map<String, Object> read = new ObjectMapper().readValue(in, Map.class);
            tables = read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BitSet unassigned = ranges("unassigned");
        common = new BitSet();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (!unassigned.get(cp)
                    && Character.getType(cp) != Character.UNASSIGNED
                    && Character.getType(cp) != Character.SURROGATE) {
                common.set(cp);
            }
        }
    }

    @Test
    void theTablesComeFromCPython311AndCoverAlmostAllOfUnicode() {
        assertThat(tables.get("python")).asString().startsWith("3.11.");
        assertThat(tables.get("unicode")).isEqualTo("14.0.0");
        // Java 17 knows Unicode 13: what Unicode 14 added is all that is left out
        int onlyPython = 0;
        BitSet unassigned = ranges("unassigned");
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (!unassigned.get(cp) && Character.getType(cp) == Character.UNASSIGNED) {
                onlyPython++;
            }
        }
        assertThat(onlyPython).isLessThan(1000);
        assertThat(common.cardinality()).isGreaterThan(280_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "\\d, d, false",
        "\\D, d, true",
        "\\w, w, false",
        "\\W, w, true",
        "\\s, s, false",
        "\\S, s, true",
        "[\\w], w, false",
        "[^\\w], w, true",
        "[^\\W], w, false",
        "(?a)\\w, ascii_w, false",
        "(?a)\\W, ascii_w, true",
        "(?a)\\s, ascii_s, false",
        "(?a)[^\\s], ascii_s, true"
    })
    void classesMatchWhatCPythonMatches(String pattern, String table, boolean complement) {
        BitSet expected = ranges(table);
        if (complement) {
            expected.flip(0, Character.MAX_CODE_POINT + 1);
        }
        expected.and(common);
        assertThat(differences(expected, matched(PythonRegex.compile(pattern), common)))
                .isEmpty();
    }

    @Test
    void casedIsCPythonsUnicodeIsCased() {
        BitSet expected = ranges("cased");
        expected.and(common);
        BitSet actual = new BitSet();
        common.stream().filter(cp -> CaseFolding.isCased(cp, false)).forEach(actual::set);
        assertThat(differences(expected, actual)).isEmpty();
    }

    /** The code points in only one of the two sets, as "U+XXXX (CPython)" or "U+XXXX (PythonRegex)". */
    private static List<String> differences(BitSet cpython, BitSet pythonRegex) {
        List<String> out = new ArrayList<>();
        BitSet onlyCPython = (BitSet) cpython.clone();
        onlyCPython.andNot(pythonRegex);
        onlyCPython.stream().forEach(cp -> out.add(String.format("U+%04X (CPython)", cp)));
        BitSet onlyOurs = (BitSet) pythonRegex.clone();
        onlyOurs.andNot(cpython);
        onlyOurs.stream().forEach(cp -> out.add(String.format("U+%04X (PythonRegex)", cp)));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"(?i){0}, ignorecase_literal", "(?i)[{0}\\0], ignorecase_set"})
    void ignoreCaseMatchesWhatCPythonMatchesForEveryCasedCodePoint(String template, String table) {
        BitSet candidates = ranges("ignorecase_candidates");
        candidates.and(common);
        Map<Integer, BitSet> expected = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<List<Object>> rows = (List<List<Object>>) tables.get(table);
        for (List<Object> row : rows) {
            BitSet set = new BitSet();
            for (Object cp : (List<?>) row.get(1)) {
                set.set((Integer) cp);
            }
            expected.put((Integer) row.get(0), set);
        }
        List<String> differences = new ArrayList<>();
        candidates.stream().forEach(c -> {
            BitSet want = expected.getOrDefault(c, single(c));
            want.and(candidates);
            String pattern = template.replace("{0}", String.format("\\U%08x", c));
            BitSet got = matched(PythonRegex.compile(pattern), candidates);
            if (!got.equals(want)) {
                differences.add(String.format("U+%04X: CPython %s, PythonRegex %s", c, want, got));
            }
        });
        assertThat(differences).isEmpty();
        assertThat(candidates.cardinality()).isGreaterThan(2800);
    }

    /** The code points of {@code universe} that the pattern matches, found with one scan. */
    private static BitSet matched(PythonRegex regex, BitSet universe) {
        StringBuilder text = new StringBuilder();
        universe.stream().forEach(text::appendCodePoint);
        BitSet out = new BitSet();
        regex.sub(text.toString(), m -> {
            out.set(m.group().codePointAt(0));
            return "";
        });
        return out;
    }

    private static BitSet single(int cp) {
        BitSet b = new BitSet();
        b.set(cp);
        return b;
    }

    private static BitSet ranges(String key) {
        BitSet b = new BitSet();
        for (Object range : (List<?>) tables.get(key)) {
            List<?> r = (List<?>) range;
            b.set((Integer) r.get(0), (Integer) r.get(1) + 1);
        }
        return b;
    }
}
