package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeTextTest {
    private static final List<Choice> LETTERS = FactualityScorer.CHOICES;
    private static final List<Choice> YES_NO = ClosedQaScorer.CHOICES;
    private static final List<Choice> GRADES = SimpleQaScorer.CHOICES;

    private static String read(String answer, List<Choice> choices) {
        Parsed<String> p = JudgeText.choice(answer, choices, "choice");
        return p.value().orElse("unscored: " + p.problem());
    }

    @Test
    void aBareChoiceIsReadWhateverItsCaseWhitespaceAndMarkdown() {
        assertThat(read("YES\n", YES_NO)).isEqualTo("Y");
        assertThat(read("yes", YES_NO)).isEqualTo("Y");
        assertThat(read(" No. ", YES_NO)).isEqualTo("N");
        assertThat(read("b", LETTERS)).isEqualTo("B");
        assertThat(read("(c)", LETTERS)).isEqualTo("C");
        assertThat(read("**D**", LETTERS)).isEqualTo("D");
        assertThat(read("\"E\"", LETTERS)).isEqualTo("E");
        assertThat(read("Not attempted.", GRADES)).isEqualTo("C");
        assertThat(read("NOT_ATTEMPTED", GRADES)).isEqualTo("C");
        assertThat(read("INCORRECT", GRADES)).isEqualTo("B");
    }

    @Test
    void theChoiceInsideProseIsReadFromItsMarkerOrItsLastLine() {
        assertThat(read("The submission has every fact of the expert answer and adds the year.\n\nAnswer: B", LETTERS))
                .isEqualTo("B");
        assertThat(read("Both say the same thing. So the answer is (c).", LETTERS))
                .isEqualTo("C");
        assertThat(read("Reasoning: it agrees with A's facts but adds more.\nB", LETTERS))
                .isEqualTo("B");
        assertThat(read("Final answer: **a**", LETTERS)).isEqualTo("A");
        assertThat(read("The predicted answer names the gold target, so it is CORRECT.", GRADES))
                .isEqualTo("A");
        assertThat(read("Yes, the submission meets the criterion.", YES_NO)).isEqualTo("Y");
    }

    @Test
    void aLowerCaseArticleAfterAMarkerIsNotAChoice() {
        assertThat(read("The answer is a subset of the expert's. Choice: A", LETTERS))
                .isEqualTo("A");
        assertThat(read("The answer is a subset of the expert's.", LETTERS))
                .isEqualTo("unscored: the judge's answer holds none of the choices A, B, C, D, E");
    }

    @Test
    void wordsThatOnlyContainAChoiceAreNotReadAsIt() {
        // Inspect AI read "downgrade:" as a grade and "GRADE: CI" as C (#4283, #4872)
        assertThat(read("I would downgrade: the answer is vague.", LETTERS))
                .isEqualTo("unscored: the judge's answer holds none of the choices A, B, C, D, E");
        assertThat(read("GRADE: CI", LETTERS))
                .isEqualTo("unscored: the judge's answer holds none of the choices A, B, C, D, E");
        assertThat(read("The prediction is INCORRECT.", GRADES)).isEqualTo("B");
        assertThat(read("The prediction is not correct", GRADES))
                .isEqualTo("unscored: the judge's answer holds none of the choices A, B, C");
    }

    @Test
    void severalChoicesWithoutAFinalOneAreNotGuessed() {
        assertThat(read("It is either A or B, hard to say.", LETTERS))
                .isEqualTo("unscored: the judge's answer names several choices (A, B) and none as its final one");
    }

    @Test
    void jsonIsReadFromACodeFenceOrProseAndLeniently() {
        assertThat(read("```json\n{\"reasoning\": \"same facts\", \"choice\": \"C\"}\n```", LETTERS))
                .isEqualTo("C");
        assertThat(read("Here you go: {'reasoning': 'adds a date', choice: 'B',}", LETTERS))
                .isEqualTo("B");
        assertThat(read("{\"reasoning\": \"contradicts\", \"Choice\": \"d\"}", LETTERS))
                .isEqualTo("D");
        assertThat(read("{\"choice\": \"(E) differences do not matter\"}", LETTERS))
                .isEqualTo("E");
    }

    @Test
    void malformedJsonFallsBackToTheText() {
        assertThat(read("{\"reasoning\": \"same facts\", \"choice\": \"C\"", LETTERS))
                .isEqualTo("C");
        assertThat(read("{\"reasoning\": \"The submission agrees with", LETTERS))
                .isEqualTo("unscored: the judge's answer holds none of the choices A, B, C, D, E");
    }

    @Test
    void aJsonChoiceOutsideTheChoicesIsNotRead() {
        assertThat(read("{\"reasoning\": \"close\", \"choice\": \"F\"}", LETTERS))
                .isEqualTo("unscored: the judge's JSON gives \"choice\": \"F\", which is not one of A, B, C, D, E");
    }

    @Test
    void anEmptyAnswerIsNotRead() {
        assertThat(read("", LETTERS)).isEqualTo("unscored: the judge's answer is empty");
        assertThat(read(" \n ", LETTERS)).isEqualTo("unscored: the judge's answer is empty");
    }

    @Test
    void binaryVerdictsAreReadInTheirUsualForms() {
        assertThat(JudgeText.binary(1)).hasValue(1);
        assertThat(JudgeText.binary(0.0)).hasValue(0);
        assertThat(JudgeText.binary(true)).hasValue(1);
        assertThat(JudgeText.binary("Yes")).hasValue(1);
        assertThat(JudgeText.binary("0")).hasValue(0);
        assertThat(JudgeText.binary("not supported")).hasValue(0);
        assertThat(JudgeText.binary(2)).isEmpty();
        assertThat(JudgeText.binary("maybe")).isEmpty();
        assertThat(JudgeText.binary(null)).isEmpty();
    }

    @Test
    void aListIsReadUnderItsKeyOrAsABareArray() {
        assertThat(JudgeText.list("{\"statements\": [\"a\", \"b\"]}", "statements"))
                .hasValue(List.of("a", "b"));
        assertThat(JudgeText.list("Statements:\n[\"a\"]", "statements")).hasValue(List.of("a"));
        assertThat(JudgeText.list("none", "statements")).isEmpty();
        assertThat(JudgeText.jsonObject("x {\"a\": {\"b\": 1}} y")).hasValue(Map.of("a", Map.of("b", 1)));
    }
}
