package dev.evals4j.core.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractionTest {
    static Map<String, Object> regex(String pattern) {
        return Map.of("function", "regex", "regex_pattern", pattern);
    }

    @Test
    void aFallbackChainTriesEachExtractorOnTheOriginalTextInOrder() {
        FilterChain chain = FilterChain.parse(List.of(Map.of(
                "function",
                "first_of",
                "chains",
                List.of(
                        List.of(regex("answer is \\(?([A-J])\\)?")),
                        List.of(regex(".*[aA]nswer:\\s*([A-J])")),
                        List.of(regex("(?s)\\b[A-J]\\b(?!.*\\b[A-J]\\b)"))))));

        assertThat(chain.extract("so the answer is (C). Answer: D")).isEqualTo(new FilterChain.Extraction("C", true));
        assertThat(chain.extract("Answer: D, maybe")).isEqualTo(new FilterChain.Extraction("D", true));
        assertThat(chain.extract("I pick B\nthen E.")).isEqualTo(new FilterChain.Extraction("E", true));
        assertThat(chain.extract("no letter here")).isEqualTo(new FilterChain.Extraction("[invalid]", false));
    }

    @Test
    void aJsonFieldKeepsTheLastOfRepeatedKeysAsPythonDoes() {
        FilterChain chain = FilterChain.parse(List.of(
                Map.of("function", "json_field", "field", "answer", "object", "first", "remove_newlines", true)));
        String twoAnswers = "Here:\n```json\n{\n \"reasoning\": \"a\",\n \"answer\": \"Then, we\",\n"
                + " \"reasoning\": \"b\",\n \"answer\": \"85\"\n}\n```";

        assertThat(chain.extract(twoAnswers)).isEqualTo(new FilterChain.Extraction("85", true));
        assertThat(chain.extract("{\"answer\": 18}")).isEqualTo(new FilterChain.Extraction("18", true));
        assertThat(chain.extract("{\"answer\": 18.0}").answer()).isEqualTo("18.0");
        assertThat(chain.extract("{\"answer\": null}").answer()).isEqualTo("None");
        assertThat(chain.extract("{\"answer\": [1, \"a\"]}").answer()).isEqualTo("[1, 'a']");
        assertThat(chain.extract("{\"reasoning\": \"x\"} {\"answer\": 1}").found())
                .isFalse(); // the first object only
        assertThat(chain.extract("{\"answer\": \"a\tb\"}").found()).isFalse(); // strict: a tab in a string
    }

    @Test
    void theLastJsonObjectIsTheDefault() {
        FilterChain chain = FilterChain.parse(List.of(Map.of("function", "json_field", "field", "answer")));
        assertThat(chain.extract("{\"answer\": 1} then {\"answer\": 2}").answer())
                .isEqualTo("2");
    }

    @Test
    void firstAndLastNumbers() {
        assertThat(FilterChain.parse(List.of(Map.of("function", "number", "which", "first")))
                        .extract("12 or 13.5")
                        .answer())
                .isEqualTo("12");
        assertThat(FilterChain.parse(List.of(Map.of("function", "number")))
                        .extract("12 or -13.5")
                        .answer())
                .isEqualTo("-13.5");
        assertThat(FilterChain.parse(List.of(Map.of("function", "number")))
                        .extract("none")
                        .found())
                .isFalse();
    }

    @Test
    void evalFractionWritesPythonFloats() {
        FilterChain chain = FilterChain.parse(List.of(Map.of("function", "eval_fraction")));
        assertThat(chain.answer("3/4")).isEqualTo("0.75");
        assertThat(chain.answer("18/2")).isEqualTo("9.0");
        assertThat(chain.answer("100000000/1")).isEqualTo("100000000.0");
        assertThat(chain.answer("1/2 cup")).isEqualTo("1/2 cup");
        assertThat(chain.answer("1/0")).isEqualTo("1/0");
        assertThat(chain.answer("(5+3)/2**2")).isEqualTo("2.0");
        assertThat(chain.answer("18")).isEqualTo("18");
    }

    @Test
    void normalisingStepsKeepTheMissingMark() {
        FilterChain chain = FilterChain.parse(List.of(
                regex("#### (\\d+)"),
                Map.of("function", "replace", "old", ",", "new", ""),
                Map.of("function", "take_first")));
        assertThat(chain.extract(List.of("no", "#### 5"))).isEqualTo(new FilterChain.Extraction("[invalid]", false));
        assertThat(chain.extract(List.of("#### 5", "no"))).isEqualTo(new FilterChain.Extraction("5", true));
    }

    @Test
    void badStepsAreRefusedNamingThem() {
        assertThatThrownBy(() -> FilterChain.parse(List.of(Map.of("function", "number", "which", "middle"))))
                .hasMessage("filter step 0: which must be first or last, was 'middle'");
        assertThatThrownBy(() -> FilterChain.parse(List.of(Map.of("function", "first_of", "chains", List.of()))))
                .hasMessage("filter step 0 (first_of): chains must be a non-empty list of step lists");
        assertThatThrownBy(() -> FilterChain.parse(
                        List.of(Map.of("function", "first_of", "chains", List.of(List.of(Map.of("function", "x")))))))
                .hasMessageStartingWith("filter step 0 (first_of) chain 0: filter step 0: unknown function 'x'");
    }
}
