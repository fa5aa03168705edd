package dev.evals4j.junit.kit.builtin;

import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.core.processing.LlamaStackRowsProcessor;
import dev.evals4j.junit.kit.ProcessorContractTest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code llama-stack-rows}, on rows of each of Llama Stack's three shapes. */
class LlamaStackRowsProcessorContractTest extends ProcessorContractTest {
    @Override
    protected BaseGeneratorProcessor processor() {
        return new LlamaStackRowsProcessor();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("system", "You are terse.");
    }

    @Override
    protected List<Map<String, Object>> rows() {
        return List.of(
                Map.of(
                        "chat_completion_input",
                        "[{\"role\": \"user\", \"content\": \"What is 2+2?\"},"
                                + " {\"role\": \"assistant\", \"content\": \"4\"},"
                                + " {\"role\": \"user\", \"content\": \"And 3+3?\"}]",
                        "expected_answer",
                        "6"),
                Map.of("completion_input", "The capital of France is", "expected_answer", "Paris"),
                Map.of(
                        "input_query",
                        "Who wrote Hamlet?",
                        "expected_answer",
                        List.of("Shakespeare", "W. Shakespeare")));
    }

    /**
     * A row without {@code expected_answer} is scored against no expected answer: the run refuses a dataset without
     * the column before any model call.
     */
    @Override
    protected Set<String> columnsNotCheckedPerRow() {
        return Set.of("expected_answer");
    }
}
