package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.BaseScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaseJudgeScorerTest extends JudgeScorerContractTest {
    private static final String TEMPLATE = "Grade {generated_answer} against {expected_answer}.";

    /** 5 when the answers are equal, else 1, on a "Rating:" line after some prose; for both templates here. */
    static String ratingJudge(String prompt) {
        String answer = prompt.startsWith("Grade ")
                ? FakeModels.between(prompt, "Grade ", " against ")
                : FakeModels.between(prompt, "Answer to grade:", "\n");
        String expected = prompt.startsWith("Grade ")
                ? FakeModels.between(prompt, " against ", ".")
                : FakeModels.between(prompt, "Expected answer:", "\n");
        return "They are " + (answer.equals(expected) ? "the same" : "different") + ".\nRating: "
                + (answer.equals(expected) ? 5 : 1);
    }

    BaseJudgeScorerTest() {
        super(BaseJudgeScorer::new, BaseJudgeScorerTest::ratingJudge);
    }

    @Override
    protected List<ScorerInputSample> samples() {
        List<ScorerInputSample> all = new ArrayList<>(super.samples());
        for (Object[] pair : new Object[][] {{"Paris", "Paris"}, {"Lyon", "Paris"}, {null, "Paris"}, {"", ""}}) {
            all.add(new ScorerInputSample(
                    pair[0], pair[1], Optional.of("Capital of France?"), Optional.empty(), Map.of()));
        }
        return all;
    }

    @Override
    protected double maxScore() {
        return 5.0;
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("prompt_template", TEMPLATE, "judge_score_regexes", List.of("They are (\\w+)"));
    }

    private static BaseScorer custom() {
        return configured(
                new BaseJudgeScorer(new FakeModels(BaseJudgeScorerTest::ratingJudge)),
                Map.of("prompt_template", TEMPLATE));
    }

    @Test
    void aNumericScoreIsANumber() {
        ScoreResult same = custom().score(ScorerInputSample.of("Paris", "Paris"));

        assertThat(same).isInstanceOf(ScoreResult.Numeric.class);
        assertThat(same.numeric()).hasValue(5.0);
        assertThat(same.details()).containsEntry("judge_feedback", "They are the same.\nRating: 5");
        assertThat(custom().score(ScorerInputSample.of("Lyon", "Paris")).numeric())
                .hasValue(1.0);
    }

    @Test
    void aScoreThatIsNotANumberIsACategory() {
        BaseScorer scorer = configured(
                new BaseJudgeScorer(new FakeModels(BaseJudgeScorerTest::ratingJudge)),
                Map.of("prompt_template", TEMPLATE, "judge_score_regexes", List.of("They are (\\w+)")));

        ScoreResult result = scorer.score(ScorerInputSample.of("Lyon", "Paris"));

        assertThat(result)
                .isEqualTo(ScoreResult.category("different")
                        .withDetails(result.details())
                        .withJudgeUsage(new Usage(10, 2)));
    }

    @Test
    void theFirstMatchingRegexWinsAndNoMatchIsUnscored() {
        BaseScorer scorer = configured(
                new BaseJudgeScorer(new FakeModels(p -> "Score: 0.75\nRating: 2")),
                Map.of(
                        "prompt_template",
                        TEMPLATE,
                        "judge_score_regexes",
                        List.of("Grade: (\\d)", "Score: ([\\d.]+)", "Rating: (\\d)")));
        assertThat(scorer.score(ScorerInputSample.of("a", "b")).numeric()).hasValue(0.75);

        BaseScorer none = configured(
                new BaseJudgeScorer(new FakeModels(p -> "I'd say it's fine")), Map.of("prompt_template", TEMPLATE));
        assertThat(none.score(ScorerInputSample.of("a", "b")).toRow())
                .containsEntry(
                        "unscored",
                        "no judge_score_regexes matched the judge's answer"
                                + " ('(?i)rating\\s*[:=]\\s*\\**\\s*(-?\\d+(?:\\.\\d+)?)')")
                .containsEntry("judge_feedback", "I'd say it's fine");
    }

    @Test
    void anyColumnOfTheRowFillsTheTemplate() {
        List<String> prompts = new ArrayList<>();
        BaseJudgeScorer base = new BaseJudgeScorer(new FakeModels(p -> {
            prompts.add(p);
            return "Rating: 3";
        }));
        BaseScorer scorer = configured(
                base,
                Map.of(
                        "prompt_template",
                        "Q: {input_query}\nContext: {context}\nA: {generated_answer}\nJSON: {{\"rating\": n}}"));

        ScoreResult result = scorer.score(new ScorerInputSample(
                "Paris",
                "Paris",
                Optional.of("Capital?"),
                Optional.empty(),
                Map.of("context", "France's capital is Paris.")));

        assertThat(result.numeric()).hasValue(3.0);
        assertThat(prompts)
                .containsExactly("Q: Capital?\nContext: France's capital is Paris.\nA: Paris\nJSON: {\"rating\": n}");
        assertThat(scorer.requiredColumns()).containsExactlyInAnyOrder("input_query", "context", "generated_answer");
        assertThat(scorer.score(ScorerInputSample.of("Paris", "Paris")))
                .isEqualTo(ScoreResult.unscored("the prompt template uses {input_query}, which the sample does not"
                        + " have; its columns: generated_answer, expected_answer"));
    }

    @Test
    void theDefaultTemplateAsksForARatingThatTheDefaultRegexReads() {
        List<String> prompts = new ArrayList<>();
        BaseScorer scorer = configured(
                new BaseJudgeScorer(new FakeModels(p -> {
                    prompts.add(p);
                    return "Same facts.\n\nRating: **4**";
                })),
                Map.of());

        ScoreResult result = scorer.score(
                new ScorerInputSample("Paris", "Paris", Optional.of("Capital of France?"), Optional.empty(), Map.of()));

        assertThat(result.numeric()).hasValue(4.0);
        assertThat(prompts.get(0))
                .contains("Question: Capital of France?\nExpected answer: Paris\nAnswer to grade:" + " Paris\n");
        assertThat(new BaseJudgeScorer().defaultAggregations()).containsExactly("average", "categorical_count");
    }

    @Test
    void badTemplatesAndRegexesFailWhenConfigured() {
        BaseJudgeScorer scorer = new BaseJudgeScorer(new FakeModels(p -> "1"));

        assertThatThrownBy(() -> configured(scorer, Map.of("prompt_template", "Grade {generated_answer")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("parameter 'prompt_template' of llm-as-judge::base: the template has a '{' at"
                        + " position 6 without a closing '}'");
        assertThatThrownBy(() -> configured(scorer, Map.of("judge_score_regexes", List.of("(unclosed"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("parameter 'judge_score_regexes' of llm-as-judge::base: invalid regular"
                        + " expression '(unclosed'");
        assertThatThrownBy(() -> configured(scorer, Map.of("judge_score_regexes", List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'judge_score_regexes' of llm-as-judge::base needs at least one regex; the"
                        + " score is read from its group 1");
    }
}
