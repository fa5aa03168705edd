package dev.evals4j.core.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessorsTest {
    @TempDir
    Path dir;

    private final PluginContext registry = TestEvals.context();

    private static DatasetSample row(Map<String, Object> columns) {
        return new DatasetSample(3, columns);
    }

    private static List<Message> messages(PreprocessedSample p) {
        return ((GenerationInput.Chat) p.input()).messages();
    }

    @Test
    void aTemplateFillsColumnsAndKeepsEscapedBraces() {
        Template t = Template.parse("Q: {question}\nOptions: {options} {{json}}");

        assertThat(t.columns()).containsExactly("question", "options");
        assertThat(t.render(Map.of("question", "2+2?", "options", List.of("3", "4"))))
                .isEqualTo("Q: 2+2?\nOptions: [\"3\",\"4\"] {json}");
        assertThatThrownBy(() -> t.render(Map.of("question", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the template needs the column 'options', which the row does not have; its columns: question");
        assertThatThrownBy(() -> Template.parse("Q: {question"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the template has a '{' at position 3 without a closing '}'; write {{ for a literal brace:"
                        + " \"Q: {question\"");
    }

    @Test
    void theTemplateProcessorBuildsChatWithASystemMessage() {
        BaseGeneratorProcessor p = registry.processor(
                "template",
                Map.of(
                        "prompt_template",
                        "Answer briefly: {question}",
                        "system",
                        "You are terse.",
                        "expected_column",
                        "answer"));

        PreprocessedSample pre = p.preprocess(row(Map.of("question", "Capital of France?", "answer", "Paris")));
        ScorerInputSample in = p.postprocess(
                row(Map.of("question", "Capital of France?", "answer", "Paris")), GenerationResponse.of("  Paris\n"));

        assertThat(messages(pre))
                .containsExactly(Message.system("You are terse."), Message.user("Answer briefly: Capital of France?"));
        assertThat(p.requiredColumns()).containsExactlyInAnyOrder("question", "answer");
        assertThat(in.generatedAnswer()).isEqualTo("Paris");
        assertThat(in.expectedAnswer()).isEqualTo("Paris");
        assertThat(in.inputQuery()).hasValue("Answer briefly: Capital of France?");
        assertThat(in.generationOutput())
                .hasValueSatisfying(g -> assertThat(g.completionMessage()).isEqualTo("  Paris\n"));
    }

    @Test
    void fewShotExamplesAreDrawnWithASeedFromAnotherFile() throws IOException {
        Path train = dir.resolve("train.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            lines.append("{\"q\": \"")
                    .append(i)
                    .append("+1\", \"a\": \"")
                    .append(i + 1)
                    .append("\"}\n");
        }
        Files.writeString(train, lines);
        Map<String, Object> params = Map.of(
                "prompt_template",
                "{q}=",
                "expected_column",
                "a",
                "few_shot",
                3,
                "few_shot_source",
                train.toString(),
                "few_shot_seed",
                7);

        List<Message> chat =
                messages(registry.processor("template", params).preprocess(row(Map.of("q", "9+1", "a", "10"))));
        List<Message> again =
                messages(registry.processor("template", params).preprocess(row(Map.of("q", "9+1", "a", "10"))));
        PreprocessedSample completion = registry.processor(
                        "template",
                        Map.of(
                                "prompt_template",
                                "{q}=",
                                "expected_column",
                                "a",
                                "few_shot",
                                2,
                                "few_shot_source",
                                train.toString(),
                                "mode",
                                "completion"))
                .preprocess(row(Map.of("q", "9+1", "a", "10")));

        assertThat(chat).hasSize(7).isEqualTo(again);
        assertThat(chat.get(0).role()).isEqualTo("user");
        assertThat(chat.get(1).role()).isEqualTo("assistant");
        assertThat(Integer.parseInt(chat.get(1).content()))
                .isEqualTo(Integer.parseInt(chat.get(0).content().replace("+1=", "")) + 1);
        assertThat(chat.get(6)).isEqualTo(Message.user("9+1="));
        assertThat(((GenerationInput.Completion) completion.input()).prompt())
                .matches("\\d+\\+1=\\d+\n\n\\d+\\+1=\\d+\n\n9\\+1=");
        assertThatThrownBy(() ->
                        registry.processor("template", Map.of("few_shot", 60, "few_shot_source", train.toString())))
                .hasMessage("few_shot asks for 60 examples, but " + train + " has only 50 rows");
        assertThatThrownBy(() -> registry.processor("template", Map.of("few_shot", 2)))
                .hasMessage("template needs 'few_shot_source' (a file or URL of examples) when few_shot is 2");
    }

    @Test
    void filtersExtractTheAnswerFromEveryGenerationAndVote() {
        BaseGeneratorProcessor p = registry.processor(
                "llama-stack-rows",
                Map.of(
                        "filters",
                        List.of(
                                Map.of("function", "regex", "regex_pattern", "answer is \\(?([A-J])\\)?"),
                                Map.of("function", "majority_vote"),
                                Map.of("function", "take_first"))));
        DatasetSample sample = row(Map.of("input_query", "Which?", "expected_answer", "C"));
        GenerationResponse three = new GenerationResponse(
                "Thinking... the answer is (B).",
                List.of(),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                List.of("So the answer is C", "I think the answer is (C)."),
                List.of());

        assertThat(p.postprocess(sample, three).generatedAnswer()).isEqualTo("C");
        assertThat(p.postprocess(sample, GenerationResponse.of("no letter here"))
                        .generatedAnswer())
                .isEqualTo("[invalid]");
        assertThatThrownBy(() -> registry.processor("template", Map.of("filters", List.of(Map.of("function", "nope")))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("parameter 'filters' of template: filter step 0");
    }

    @Test
    void llamaStackRowsKeepAssistantTurnsOfChatCompletionInput() {
        BaseGeneratorProcessor p = registry.processor("llama-stack-rows", Map.of("system", "Be brief."));
        String chat = "[{\"role\": \"system\", \"content\": \"You know geography.\"},"
                + " {\"role\": \"user\", \"content\": \"Capital of Italy?\"},"
                + " {\"role\": \"assistant\", \"content\": \"Rome.\"},"
                + " {\"role\": \"user\", \"content\": \"And of France?\"}]";

        List<Message> messages =
                messages(p.preprocess(row(Map.of("chat_completion_input", chat, "expected_answer", "Paris"))));

        assertThat(messages)
                .containsExactly(
                        Message.system("Be brief."),
                        Message.system("You know geography."),
                        Message.user("Capital of Italy?"),
                        Message.assistant("Rome."),
                        Message.user("And of France?"));
    }

    @Test
    void llamaStackRowsFallBackToCompletionInputAndThenInputQuery() {
        BaseGeneratorProcessor p = registry.processor("llama-stack-rows", Map.of());

        PreprocessedSample completion = p.preprocess(
                row(Map.of("completion_input", "\"The capital of France is\"", "expected_answer", "Paris")));
        PreprocessedSample query =
                p.preprocess(row(Map.of("input_query", "Capital of France?", "expected_answer", "Paris")));

        assertThat(((GenerationInput.Completion) completion.input()).prompt()).isEqualTo("The capital of France is");
        assertThat(messages(query)).containsExactly(Message.user("Capital of France?"));
        assertThatThrownBy(() -> p.preprocess(row(Map.of("question", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 3 has none of chat_completion_input, completion_input, input_query; its columns:"
                        + " question");
        assertThatThrownBy(() -> p.preprocess(
                        row(Map.of("chat_completion_input", "[{\"content\": \"hi\"}]", "expected_answer", "y"))))
                .hasMessage(
                        "row 3: each message in chat_completion_input needs a role and a content, got {\"content\":\"hi\"}");
    }
}
