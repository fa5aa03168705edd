package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PairwiseJudgeScorerTest extends JudgeScorerContractTest {

    /** Prefers the longer answer; a tie when both are as long. */
    static String longerWins(String prompt) {
        String a = FakeModels.between(prompt, "[Answer A]", "[Answer B]");
        String b = FakeModels.between(prompt, "[Answer B]", "Reason briefly");
        String choice = a.length() > b.length() ? "A" : b.length() > a.length() ? "B" : "TIE";
        return "{\"reasoning\": \"length\", \"choice\": \"" + choice + "\"}";
    }

    /** Always prefers the answer shown first: pure position bias. */
    static String firstWins(String prompt) {
        return "A";
    }

    PairwiseJudgeScorerTest() {
        super(PairwiseJudgeScorer::new, PairwiseJudgeScorerTest::longerWins);
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("baseline_column", "other_answer");
    }

    private static ScorerInputSample pair(String generated, String baseline) {
        return new ScorerInputSample(
                generated,
                "Paris",
                Optional.of("What is the capital of France?"),
                Optional.empty(),
                Map.of("baseline_answer", baseline));
    }

    @Override
    protected List<ScorerInputSample> samples() {
        List<ScorerInputSample> all = new ArrayList<>(super.samples());
        all.add(pair("Paris, the capital.", "Paris"));
        all.add(pair("Paris", "Paris, the capital."));
        all.add(pair("Paris", "Lyon!"));
        return all;
    }

    @Test
    void aWinInBothOrdersIsOneALossIsZeroAndEqualAnswersTie() {
        ScoreResult win = scorer().score(pair("Paris, the capital.", "Paris"));
        assertThat(win.numeric()).hasValue(1.0);
        assertThat(win.toRow())
                .containsEntry("outcome", "win")
                .containsEntry("first_order", "generated")
                .containsEntry("second_order", "generated")
                .containsEntry("consistent", true)
                .containsEntry("judge_calls", 2)
                .containsEntry("judge_usage", Map.of("prompt_tokens", 20L, "completion_tokens", 4L));
        assertThat(scorer().score(pair("Paris", "Paris, the capital.")).numeric())
                .hasValue(0.0);
        assertThat(scorer().score(pair("Paris", "Lyon!")).details())
                .containsEntry("outcome", "tie")
                .containsEntry("first_order", "tie");
    }

    @Test
    void aJudgeThatAlwaysPrefersTheFirstPositionGivesTies() {
        ScoreResult result =
                scorer(PairwiseJudgeScorerTest::firstWins, Map.of()).score(pair("Paris, the capital.", "Paris"));

        assertThat(result.numeric()).hasValue(0.5);
        assertThat(result.details())
                .containsEntry("outcome", "tie")
                .containsEntry("first_order", "generated")
                .containsEntry("second_order", "baseline")
                .containsEntry("consistent", false);
    }

    @Test
    void bothOrdersAreAskedWithTheAnswersSwapped() {
        List<String> prompts = new ArrayList<>();
        scorer(
                        p -> {
                            prompts.add(p);
                            return "TIE";
                        },
                        Map.of("baseline_column", "other"))
                .score(new ScorerInputSample(
                        "mine", null, Optional.empty(), Optional.empty(), Map.of("other", "theirs")));

        assertThat(prompts).hasSize(2);
        assertThat(prompts.get(0))
                .contains("[Answer A]\nmine\n\n[Answer B]\ntheirs\n")
                .doesNotContain("[Reference answer");
        assertThat(prompts.get(1)).contains("[Answer A]\ntheirs\n\n[Answer B]\nmine\n");
    }

    @Test
    void aMissingBaselineOrAnUnreadableOrderIsUnscored() {
        assertThat(scorer().score(ScorerInputSample.of("Paris", "Paris")))
                .isEqualTo(ScoreResult.unscored("the row has no baseline_answer to compare with"));
        ScoreResult unreadable = scorer(p -> p.contains("[Answer A]\nParis\n") ? "A" : "Both are fine.", Map.of())
                .score(pair("Paris", "Lyon"));
        assertThat(unreadable.toRow())
                .containsEntry(
                        "unscored",
                        "in the order baseline, generated: the judge's"
                                + " answer holds none of the choices A, B, TIE");
        assertThat(PairwiseJudgeScorer.outcome("generated", "tie")).isEqualTo("tie");
    }
}
