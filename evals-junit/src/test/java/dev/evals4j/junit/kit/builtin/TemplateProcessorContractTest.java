package dev.evals4j.junit.kit.builtin;

import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.Evals;
import dev.evals4j.core.processing.TemplateProcessor;
import dev.evals4j.junit.kit.ProcessorContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** {@code template}, as chat with a system message, and as a completion prompt with few-shot examples from a file. */
class TemplateProcessorContractTest {
    private Evals evals;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (evals != null) {
            evals.close();
        }
    }

    /** The kit for one way of configuring the template, with an evals4j instance's context (for few-shot files). */
    abstract class Configured extends ProcessorContractTest {
        @Override
        protected BaseGeneratorProcessor processor() {
            return new TemplateProcessor();
        }

        @Override
        protected PluginContext context() {
            evals = Evals.builder()
                    .environment(Map.of())
                    .cacheDir(dir.resolve("cache"))
                    .build();
            return evals.context();
        }

        @Override
        protected String expectedColumn() {
            return "answer";
        }

        @Override
        protected List<Map<String, Object>> rows() {
            return List.of(
                    Map.of("question", "Capital of France?", "answer", "Paris"),
                    Map.of("question", List.of("2 + 2", "= ?"), "answer", 4, "category", "math"));
        }

        /**
         * The template fails a row without a column of its prompt, naming it; a row without the expected column is
         * scored against no expected answer, as the run refuses a dataset without it before any model call.
         */
        @Override
        protected Set<String> columnsNotCheckedPerRow() {
            return Set.of("answer");
        }
    }

    @Nested
    class ChatWithASystemMessage extends Configured {
        @Override
        protected Map<String, Object> configuredParameters() {
            return Map.of(
                    "prompt_template", "Answer briefly: {question}",
                    "system", "You are terse.",
                    "expected_column", "answer");
        }
    }

    @Nested
    class CompletionWithFewShotExamples extends Configured {
        @Override
        protected Map<String, Object> configuredParameters() {
            Path shots = dir.resolve("shots.jsonl");
            try {
                Files.writeString(
                        shots,
                        """
                        {"question": "Capital of Italy?", "answer": "Rome"}
                        {"question": "Capital of Spain?", "answer": "Madrid"}
                        {"question": "Capital of Japan?", "answer": "Tokyo"}
                        """);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of(
                    "prompt_template", "Q: {question}\nA: ",
                    "mode", "completion",
                    "expected_column", "answer",
                    "few_shot", 2,
                    "few_shot_source", shots.toString());
        }
    }
}
