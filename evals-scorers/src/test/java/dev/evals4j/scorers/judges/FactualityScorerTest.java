package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FactualityScorerTest extends JudgeScorerContractTest {

    /** A judge that compares the two answers literally: same C, subset A, superset B, else D. */
    static String literalJudge(String prompt) {
        String expert = FakeModels.between(prompt, "[Expert answer]", "[Submitted answer]")
                .toLowerCase(Locale.ROOT);
        String submission =
                FakeModels.between(prompt, "[Submitted answer]", "Pick the one").toLowerCase(Locale.ROOT);
        String choice = expert.equals(submission)
                ? "C"
                : expert.contains(submission) ? "A" : submission.contains(expert) ? "B" : "D";
        return "{\"reasoning\": \"compared literally\", \"choice\": \"" + choice + "\"}";
    }

    FactualityScorerTest() {
        super(FactualityScorer::new, FactualityScorerTest::literalJudge);
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("judge_model", "other-judge", "max_parse_retries", 2);
    }

    private static ScorerInputSample sample(String generated, String expected) {
        return new ScorerInputSample(generated, expected, Optional.of("Which city?"), Optional.empty(), Map.of());
    }

    @Test
    void eachChoiceHasAutoevalsScore() {
        // autoevals Factuality: A 0.4, B 0.6, C 1, D 0, E 1
        Map<String, Double> expected = Map.of("A", 0.4, "B", 0.6, "C", 1.0, "D", 0.0, "E", 1.0);
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            BaseScorer scorer = configured(new FactualityScorer(new FakeModels(p -> e.getKey())), Map.of());

            assertThat(scorer.score(sample("Paris", "Paris")).numeric())
                    .as(e.getKey())
                    .hasValue(e.getValue());
        }
    }

    @Test
    void theLiteralJudgeGivesSubsetSupersetSameAndContradiction() {
        BaseScorer scorer = scorer();

        assertThat(scorer.score(sample("Paris", "Paris")).numeric()).hasValue(1.0);
        assertThat(scorer.score(sample("Paris", "Paris, France")).numeric()).hasValue(0.4);
        assertThat(scorer.score(sample("Paris, France", "Paris")).numeric()).hasValue(0.6);
        assertThat(scorer.score(sample("London", "Paris")).numeric()).hasValue(0.0);
    }

    @Test
    void aMissingExpectedAnswerIsUnscoredWithoutAskingTheJudge() {
        BaseScorer scorer = configured(
                new FactualityScorer(new FakeModels(p -> {
                    throw new AssertionError("the judge was asked");
                })),
                Map.of());

        assertThat(scorer.score(ScorerInputSample.of("Paris", null)))
                .isEqualTo(ScoreResult.unscored("expected_answer is missing; the judge compares the answer with it"));
    }

    @Test
    void anExpectedListIsShownAsTheAcceptableAnswers() {
        StringBuilder seen = new StringBuilder();
        BaseScorer scorer = configured(
                new FactualityScorer(new FakeModels(p -> {
                    seen.append(p);
                    return "C";
                })),
                Map.of());

        scorer.score(ScorerInputSample.of("NYC", List.of("New York", "NYC")));

        assertThat(seen.toString())
                .contains("[Expert answer]\nany of these:\n- New York\n- NYC\n")
                .contains("[Question]\n(no question given)\n");
    }

    @Test
    void anUnconfiguredScorerSaysHowToConfigureIt() {
        assertThatThrownBy(() -> new FactualityScorer().score(sample("Paris", "Paris")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("braintrust::factuality is not configured; get it from"
                        + " evals.context().scorer(\"braintrust::factuality\", params) with at least judge_model and"
                        + " judge_base_url");
    }

    @Test
    void aJudgeWithoutModelOrUrlFailsWhenConfiguredNamingTheJudgeParameters() {
        FactualityScorer scorer = new FactualityScorer();

        assertThatThrownBy(() ->
                        scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), Map.of()), Contexts.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("the judge of braintrust::factuality cannot be configured: openai-compatible"
                        + " needs the parameters model, base_url; accepted: ")
                .hasMessageEndingWith(" (judge_model is the generator's model, judge_base_url its base_url,"
                        + " judge_api_key_env its api_key_env, judge_params the others)");
    }

    @Test
    void judgeParametersAreCheckedWhenConfigured() {
        FactualityScorer scorer = new FactualityScorer(new FakeModels(p -> "C"));

        assertThatThrownBy(() -> configured(scorer, Map.of("judge_params", Map.of("model", "x"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'judge_params' of braintrust::factuality sets 'model'; use the parameter"
                        + " judge_model instead");
        assertThatThrownBy(() -> configured(scorer, Map.of("judge_response_format", "yaml")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'judge_response_format' of braintrust::factuality must be json_object or"
                        + " text, was 'yaml'");
        assertThatThrownBy(() -> configured(scorer, Map.of("max_parse_retries", 11)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'max_parse_retries' of braintrust::factuality must be from 0 to 10, was 11");
        assertThatThrownBy(() -> configured(scorer, Map.of("judge_temperature", -0.5)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'judge_temperature' of braintrust::factuality must be at least 0, was -0.5");
    }
}
