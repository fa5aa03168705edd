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

class RegexParserMultipleChoiceScorerTest extends ScorerContractTest {
    private final RegexParserMultipleChoiceScorer scorer = new RegexParserMultipleChoiceScorer();

    @Override
    protected BaseScorer scorer() {
        return new RegexParserMultipleChoiceScorer();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("ignore_case", true, "parsing_regexes", List.of("(?i)answer is ([A-D])"));
    }

    private BaseScorer configured(Map<String, Object> given) {
        return scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), given));
    }

    @Test
    void reproducesLlamaStackGoldenScoresOnMcRows() {
        List<Double> golden = TestData.goldenScores("mc_rows.jsonl::basic::regex_parser_multiple_choice_answer");
        List<Double> ours = new ArrayList<>();
        for (Map<String, Object> row : TestData.jsonl("llama-stack/mc_rows.jsonl")) {
            ours.add(scorer.score(ScorerInputSample.of(row.get("generated_answer"), row.get("expected_answer")))
                    .numeric()
                    .orElseThrow());
        }
        assertThat(ours).hasSize(9).isEqualTo(golden);
    }

    @Test
    @SuppressWarnings("unchecked")
    void defaultRegexesAreLlamaStacksPrefixesInItsTemplate() {
        Map<String, Object> reference = (Map<String, Object>) TestData.json("llama-stack/mc_answer_regexes.json");
        List<String> prefixes = (List<String>) reference.get("prefixes");
        assertThat(RegexParserMultipleChoiceScorer.DEFAULT_PREFIXES).hasSize(42).isEqualTo(prefixes);
        String template = (String) reference.get("template_python_format");
        assertThat(RegexParserMultipleChoiceScorer.DEFAULT_REGEXES)
                .isEqualTo(prefixes.stream().map(p -> template.replace("{}", p)).toList());
    }

    @Test
    void upstreamComparesCaseSensitivelyAndIgnoreCaseCorrectsIt() {
        ScorerInputSample sample = ScorerInputSample.of("answer : d", "D");
        assertThat(scorer.score(sample))
                .isEqualTo(ScoreResult.correct(false).withDetails(Map.of("parsed_answer", "d")));
        assertThat(configured(Map.of("ignore_case", true)).score(sample).numeric())
                .hasValue(1.0);
    }

    @Test
    void theFirstRegexInListOrderWinsNotTheFirstPositionInTheText() {
        assertThat(scorer.score(ScorerInputSample.of("Answer: D. The best answer is C", "C"))
                        .numeric())
                .hasValue(1.0);
    }

    @Test
    void localisedAndFullwidthAnswersAreParsed() {
        assertThat(scorer.score(ScorerInputSample.of("答案：C", "C")).numeric()).hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("Answer: Ｂ", "Ｂ")).numeric())
                .hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("Réponse : A", "A")).numeric())
                .hasValue(1.0);
    }

    @Test
    void customRegexesReplaceTheDefaults() {
        BaseScorer custom = configured(Map.of("parsing_regexes", List.of("\\(([A-J])\\)")));
        assertThat(custom.score(ScorerInputSample.of("I think it is (B).", "B")).numeric())
                .hasValue(1.0);
        assertThat(scorer.score(ScorerInputSample.of("I think it is (B).", "B")).numeric())
                .hasValue(0.0);
    }

    @Test
    void aRegexWithoutAGroupIsRejected() {
        assertThatThrownBy(() -> configured(Map.of("parsing_regexes", List.of("Answer: [A-D]"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'parsing_regexes' of basic::regex_parser_multiple_choice_answer: the regex "
                        + "'Answer: [A-D]' has no group; the answer is read from group 1");
    }

    @Test
    void anInvalidRegexIsRejectedWithItsText() {
        assertThatThrownBy(() -> configured(Map.of("parsing_regexes", List.of("Answer: ([A-D]"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("parameter 'parsing_regexes' of basic::regex_parser_multiple_choice_answer: "
                        + "invalid regular expression 'Answer: ([A-D]': ");
    }

    @Test
    void aWrongParameterTypeIsRejectedByName() {
        assertThatThrownBy(() -> configured(Map.of("ignore_case", "yes")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'ignore_case' of basic::regex_parser_multiple_choice_answer must be a boolean, "
                        + "was a string (\"yes\"); accepted: parsing_regexes (a list of strings), "
                        + "ignore_case (a boolean)");
    }

    @Test
    void anExpectedListAcceptsAnyElement() {
        assertThat(scorer.score(ScorerInputSample.of("Answer: B", List.of("A", "B")))
                        .numeric())
                .hasValue(1.0);
    }

    @Test
    void aMissingExpectedAnswerIsUnscored() {
        assertThat(scorer.score(ScorerInputSample.of("Answer: B", null)))
                .isEqualTo(ScoreResult.unscored("expected_answer is missing"));
    }

    @Test
    void aPathologicalMegabyteAnswerCompletes() {
        String text = ("Answer" + " \t ".repeat(1_000)).repeat(300) + "Answer:" + " ".repeat(100_000) + "Z";
        assertThat(scorer.score(ScorerInputSample.of(text, "A")).numeric()).hasValue(0.0);
    }
}
