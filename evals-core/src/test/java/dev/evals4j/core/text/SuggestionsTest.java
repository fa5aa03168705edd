package dev.evals4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> SCORERS = List.of(
            "basic::docvqa",
            "basic::equality",
            "basic::subset_of",
            "braintrust::exact-match",
            "harness::exact_match",
            "metrics::rouge1",
            "metrics::rouge2",
            "metrics::rouge_l");

    @Test
    void suggestsTheIdsAFewEditsAway() {
        assertThat(Suggestions.nearest("basic::equalty", SCORERS)).containsExactly("basic::equality");
        assertThat(Suggestions.nearest("Basic::Equality", SCORERS)).containsExactly("basic::equality");
        assertThat(Suggestions.nearest("basic::subsetof", SCORERS)).containsExactly("basic::subset_of");
        assertThat(Suggestions.nearest("meen", List.of("mean", "max", "mode"))).containsExactly("mean");
        assertThat(Suggestions.nearest("acuracy", List.of("accuracy", "average", "median")))
                .containsExactly("accuracy");
    }

    @Test
    void theNameWithoutItsFamilyFindsTheId() {
        assertThat(Suggestions.nearest("equality", SCORERS)).containsExactly("basic::equality");
        assertThat(Suggestions.nearest("exact_match", SCORERS)).containsExactly("harness::exact_match");
    }

    @Test
    void tiesAreAllSuggestedUpToThree() {
        assertThat(Suggestions.nearest("metrics::rouge", SCORERS))
                .containsExactly("metrics::rouge1", "metrics::rouge2");
        assertThat(Suggestions.nearest("ab", List.of("abc", "abd", "abe", "abf")))
                .containsExactly("abc", "abd", "abe");
    }

    @Test
    void aPrefixOrAPartFindsLongerNamesWhenNoneIsAFewEditsAway() {
        assertThat(Suggestions.nearest("openai-compat", List.of("llama-stack", "openai-compatible")))
                .containsExactly("openai-compatible");
        assertThat(Suggestions.nearest("docvqa", SCORERS)).containsExactly("basic::docvqa");
    }

    @Test
    void nothingIsSuggestedForAFarNameAKnownNameOrNothingTyped() {
        assertThat(Suggestions.nearest("test::nope", List.of("test::exact", "test::fails-on-yen")))
                .isEmpty();
        assertThat(Suggestions.nearest("basic::equality", SCORERS)).isEmpty();
        assertThat(Suggestions.nearest(" ", SCORERS)).isEmpty();
        assertThat(Suggestions.nearest("x", List.of())).isEmpty();
        assertThat(Suggestions.nearest("a", List.of("b", "c"))).isEmpty();
    }

    @Test
    void didYouMeanJoinsTheNames() {
        assertThat(Suggestions.didYouMean("basic::equalty", SCORERS)).hasValue("did you mean basic::equality?");
        assertThat(Suggestions.didYouMean("metrics::rouge", SCORERS))
                .hasValue("did you mean metrics::rouge1 or metrics::rouge2?");
        assertThat(Suggestions.didYouMean("ab", List.of("abc", "abd", "abe")))
                .hasValue("did you mean abc, abd or abe?");
        assertThat(Suggestions.didYouMean("zzz", SCORERS)).isEmpty();
    }

    @Test
    void distanceCountsASwapOfNeighboursAsOneEdit() {
        assertThat(Suggestions.distance("mena", "mean")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }
}
