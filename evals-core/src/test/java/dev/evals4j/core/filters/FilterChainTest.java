package dev.evals4j.core.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterChainTest {

    @Test
    void gsm8kStrictMatchExtractsTheNumberAfterTheHashes() {
        FilterChain chain = FilterChain.parse(List.of(
                Map.of("function", "regex", "regex_pattern", "#### (\\-?[0-9\\.\\,]+)"),
                Map.of("function", "take_first")));
        assertThat(chain.apply(List.of("so 3 + 4 = 7\n#### 7"))).containsExactly("7");
        assertThat(chain.apply(List.of("the answer is 7"))).containsExactly("[invalid]");
    }

    @Test
    void gsm8kFlexibleExtractTakesTheLastMatchAndItsFirstNonEmptyGroup() {
        FilterChain chain = FilterChain.parse("[{\"function\":\"regex\",\"group_select\":-1,"
                + "\"regex_pattern\":\"(-?[$0-9.,]{2,})|(-?[0-9]+)\"},{\"function\":\"take_first\"}]");
        assertThat(chain.apply(List.of("She pays $1,200 for 3 items, then 5"))).containsExactly("5");
        assertThat(chain.apply(List.of("total: $1,200"))).containsExactly("$1,200");
    }

    @Test
    void groupSelectCountsFromTheStartOrTheEndAndFallsBack() {
        Filter second = Filters.regex("(\\d+)", 1, "none");
        assertThat(second.apply(List.of("1 2 3", "7"))).containsExactly("2", "none");
    }

    @Test
    void majorityVotePicksTheMostFrequentAndTheFirstOnATie() {
        assertThat(Filters.majorityVote().apply(List.of("b", "a", "a", "b", "c")))
                .containsExactly("b");
        assertThat(FilterChain.parse(List.of(
                                Map.of("function", "regex", "regex_pattern", "answer is (\\w)"),
                                Map.of("function", "majority_vote")))
                        .apply(List.of("answer is A", "answer is B", "the answer is B")))
                .containsExactly("B");
    }

    @Test
    void caseWhitespaceAndMapStepsTransformEachResponse() {
        FilterChain chain = FilterChain.parse(List.of(
                Map.of("function", "remove_whitespace"),
                Map.of("function", "lowercase"),
                Map.of("function", "map", "mapping_dict", Map.of("yes", "1"), "default_value", "0")));
        assertThat(chain.apply(List.of("  YES", " no "))).containsExactly("1", "0");
        assertThat(Filters.strip().apply(List.of("  x \n"))).containsExactly("x");
        assertThat(Filters.removeWhitespace().apply(List.of("  x \n"))).containsExactly("x \n");
    }

    @Test
    void answerReadsRepeatedGenerationsFromAList() {
        FilterChain chain = FilterChain.parse(List.of(Map.of("function", "majority_vote")));
        assertThat(chain.answer(List.of("7", "8", "7"))).isEqualTo("7");
        assertThat(FilterChain.NONE.answer(26)).isEqualTo("26");
        assertThat(FilterChain.NONE.answer(null)).isNull();
    }

    @Test
    void unknownFunctionsAndKeysAreRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> FilterChain.parse(List.of(Map.of("function", "take_last"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filter step 0: unknown function 'take_last'; known: eval_fraction, first_of, json_field,"
                        + " lowercase, majority_vote, map, number, regex, regex_sub, remove_whitespace, replace, strip,"
                        + " take_first, uppercase");
        assertThatThrownBy(
                        () -> FilterChain.parse(List.of(Map.of("function", "regex", "regex_pattern", "x", "group", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filter step 0 (regex): unknown key 'group'; accepted: fallback, group_select, "
                        + "regex_pattern");
    }
}
