package dev.evals4j.scorers.basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.junit.kit.ScorerContractTest;
import dev.evals4j.scorers.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegexParserMathResponseScorerTest extends ScorerContractTest {
    private final RegexParserMathResponseScorer scorer = new RegexParserMathResponseScorer();

    @Override
    protected BaseScorer scorer() {
        return new RegexParserMathResponseScorer();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("parsing_regexes", List.of("Answer: (.*)"));
    }

    @Override
    protected List<ScorerInputSample> samples() {
        List<ScorerInputSample> samples = new ArrayList<>(super.samples());
        samples.add(ScorerInputSample.of("The final answer is $\\boxed{\\frac{3}{4}}$", "0.75"));
        samples.add(ScorerInputSample.of("so the final answer is $\\boxed{5\\text{ cm}}$", "5"));
        return samples;
    }

    @Test
    void reproducesLlamaStackGoldenScoresOnMathRows() {
        List<Double> golden = TestData.goldenScores("math_rows.jsonl::basic::regex_parser_math_response");
        List<Double> ours = new ArrayList<>();
        for (Map<String, Object> row : TestData.jsonl("llama-stack/math_rows.jsonl")) {
            ours.add(scorer.score(ScorerInputSample.of(row.get("generated_answer"), row.get("expected_answer")))
                    .numeric()
                    .orElseThrow());
        }
        assertThat(ours).hasSize(6).isEqualTo(golden);
    }

    @Test
    void normalisesBothSidesAsLlamaStackDoes() {
        assertThat(scorer.normalizeGenerated("Therefore, the final answer is: $\\boxed{\\frac{1}{2}}$"))
                .isEqualTo("5.00e-01");
        assertThat(RegexParserMathResponseScorer.normalizeExpected("\\frac12")).isEqualTo("5.00e-01");
        assertThat(RegexParserMathResponseScorer.normalizeExpected("0.5")).isEqualTo("5.00e-01");
        assertThat(RegexParserMathResponseScorer.normalizeExpected("1,000")).isEqualTo("1000");
        assertThat(RegexParserMathResponseScorer.normalizeExpected("x = 3/4")).isEqualTo("7.50e-01");
        assertThat(RegexParserMathResponseScorer.normalizeExpected("\\dfrac{2}{3}"))
                .isEqualTo("6.67e-01");
        assertThat(RegexParserMathResponseScorer.normalizeExpected("10 \\text{ cm}"))
                .isEqualTo("10");
        assertThat(RegexParserMathResponseScorer.normalizeExpected("\\sqrt2")).isEqualTo("\\sqrt{2}");
        assertThat(RegexParserMathResponseScorer.normalizeExpected("(b)")).isEqualTo("b");
        assertThat(RegexParserMathResponseScorer.normalizeExpected("90^\\circ")).isEqualTo("90");
    }

    @Test
    void withoutTheFinalAnswerPhraseTheLastBoxWins() {
        assertThat(scorer.score(ScorerInputSample.of("first \\boxed{3}, then \\boxed{7} as result", "7"))
                        .numeric())
                .hasValue(1.0);
    }

    @Test
    void textAfterAFollowUpQuestionIsIgnored() {
        assertThat(scorer.normalizeGenerated(
                        "The final answer is $\\boxed{4}$\nQ: next? The final answer is $\\boxed{9}$"))
                .isEqualTo("4");
    }

    @Test
    void theParameterTakesExactlyOneRegex() {
        assertThatThrownBy(() -> scorer.configure(Params.resolve(
                        scorer.id(), scorer.parameters(), Map.of("parsing_regexes", List.of("a(.*)", "b(.*)")))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'parsing_regexes' of basic::regex_parser_math_response must hold exactly one "
                        + "regex, had 2");
    }

    @Test
    void aListOfExpectedAnswersIsUnscored() {
        assertThat(scorer.score(ScorerInputSample.of("\\boxed{1}", List.of("1", "2"))))
                .isEqualTo(ScoreResult.unscored("expected_answer must be one answer, was a list"));
    }

    @Test
    void catastrophicBacktrackingOnAPathologicalAnswerEndsUnscored() {
        String text = "the final answer is $\\boxed{".repeat(40_000);
        ScoreResult result = scorer.score(ScorerInputSample.of(text, "1"));
        assertThat(result).isInstanceOf(ScoreResult.Unscored.class);
        assertThat(((ScoreResult.Unscored) result).reason())
                .startsWith("the regex '.*final answer is:?\\s*\\$\\\\boxed{(?P<X>.*)}\\$' needed too many steps on a "
                        + "1120000-character input");
    }
}
