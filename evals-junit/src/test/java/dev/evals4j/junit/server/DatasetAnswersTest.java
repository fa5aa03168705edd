package dev.evals4j.junit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.DatasetLoadException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetAnswersTest {
    /** The repository's example dataset: input_query, generated_answer, expected_answer; 12 capitals. */
    static final Path CAPITALS = Path.of("../evals-examples/data/capitals.csv");

    @Test
    void answersEachQuestionWithItsExpectedAnswerTheFirstOfAList() {
        DatasetAnswers answers = DatasetAnswers.fromFile(CAPITALS);

        assertThat(answers.rows()).isEqualTo(12);
        assertThat(answers.answerFor("What is the capital of France?")).hasValue("Paris");
        assertThat(answers.answerFor("What is the capital of Brazil?")).hasValue("Brasília");
        assertThat(answers.answerFor("What is the capital of Switzerland?")).hasValue("Bern");
        assertThat(answers.answerFor("What is the capital of Peru?")).isEmpty();
        assertThat(answers.wrongQuestions()).isEmpty();
        assertThat(answers.describe())
                .isEqualTo("../evals-examples/data/capitals.csv: 12 rows, input_query → expected_answer");
    }

    @Test
    void aQuestionIsFoundWithOtherWhitespaceOtherCaseOrInsideATemplate() {
        DatasetAnswers answers = DatasetAnswers.fromFile(CAPITALS);

        assertThat(answers.answerFor("  What is   the capital\nof France? ")).hasValue("Paris");
        assertThat(answers.answerFor("WHAT IS THE CAPITAL OF FRANCE?")).hasValue("Paris");
        assertThat(answers.answerFor("Question: What is the capital of Japan?\nAnswer:"))
                .hasValue("Tokyo");
    }

    @Test
    void otherColumnsCanBeTheQuestionAndTheAnswer() {
        DatasetAnswers answers = DatasetAnswers.builder()
                .file(CAPITALS)
                .answerColumn("generated_answer")
                .build();
        DatasetAnswers rows = DatasetAnswers.builder()
                .rows(List.of(Map.of("q", "2+2?", "a", 4), Map.of("q", "Colours?", "a", List.of("red", "blue"))))
                .questionColumn("q")
                .answerColumn("a")
                .build();

        assertThat(answers.answerFor("What is the capital of Australia?")).hasValue("Sydney");
        assertThat(rows.answerFor("2+2?")).hasValue("4");
        assertThat(rows.answerFor("Colours?")).hasValue("red");
        assertThat(rows.source()).isEqualTo("inline rows");
    }

    @Test
    void aShareOfRowsIsAnsweredWrongWithAnotherRowsAnswerTheSameRowsForTheSameSeed() {
        DatasetAnswers answers =
                DatasetAnswers.builder().file(CAPITALS).wrongShare(0.25).seed(7).build();
        DatasetAnswers again =
                DatasetAnswers.builder().file(CAPITALS).wrongShare(0.25).seed(7).build();
        DatasetAnswers right = DatasetAnswers.fromFile(CAPITALS);

        assertThat(answers.wrongQuestions()).hasSize(3).isEqualTo(again.wrongQuestions());
        Set<String> allAnswers = new HashSet<>();
        for (String q : List.of(
                "France",
                "Australia",
                "Japan",
                "Canada",
                "Brazil",
                "Germany",
                "Turkey",
                "Egypt",
                "Nigeria",
                "South Korea",
                "Kenya",
                "Switzerland")) {
            allAnswers.add(right.answerFor("What is the capital of " + q + "?").orElseThrow());
        }
        int wrong = 0;
        for (String q : List.of(
                "France",
                "Australia",
                "Japan",
                "Canada",
                "Brazil",
                "Germany",
                "Turkey",
                "Egypt",
                "Nigeria",
                "South Korea",
                "Kenya",
                "Switzerland")) {
            String question = "What is the capital of " + q + "?";
            String given = answers.answerFor(question).orElseThrow();
            assertThat(allAnswers).contains(given);
            if (!given.equals(right.answerFor(question).orElseThrow())) {
                wrong++;
                assertThat(answers.wrongQuestions()).contains(question);
            }
        }
        assertThat(wrong).isEqualTo(3);
        assertThat(answers.describe())
                .isEqualTo("../evals-examples/data/capitals.csv: 12 rows, input_query → expected_answer, 3 answered"
                        + " wrong (seed 7)");
    }

    @Test
    void anotherSeedAnswersOtherRowsWrong() {
        Set<List<String>> drawn = new HashSet<>();
        for (long seed = 0; seed < 5; seed++) {
            drawn.add(DatasetAnswers.builder()
                    .file(CAPITALS)
                    .wrongShare(0.25)
                    .seed(seed)
                    .build()
                    .wrongQuestions());
        }

        assertThat(drawn).hasSizeGreaterThan(1);
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsThereAre() {
        assertThatThrownBy(() -> DatasetAnswers.builder()
                        .file(CAPITALS)
                        .questionColumn("question")
                        .build())
                .isInstanceOf(DatasetLoadException.class)
                .hasMessage("the dataset ../evals-examples/data/capitals.csv has no column 'question' (the question"
                        + " column); its columns: input_query, generated_answer, expected_answer");
    }

    @Test
    void aMissingFileOrNoSourceOrABadShareIsRefused() {
        assertThatThrownBy(() -> DatasetAnswers.fromFile(Path.of("no-such.csv")))
                .isInstanceOf(DatasetLoadException.class)
                .hasMessageStartingWith("dataset file not found: no-such.csv (resolved against ");
        assertThatThrownBy(() -> DatasetAnswers.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DatasetAnswers needs a file or rows: call file(path) or rows(list)");
        assertThatThrownBy(() -> DatasetAnswers.builder().wrongShare(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wrongShare must be from 0 to 1, was 1.5");
    }
}
