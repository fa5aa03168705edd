package dev.evals4j.tasks;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.PostprocessedGeneration;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code math_500} (processor): the zero-shot prompt of Meta's Llama 3 evaluations for MATH (solve efficiently, end
 * with "Therefore, the final answer is: $\boxed{answer}$. I hope it is correct."), the row's {@code problem} after
 * "Problem: ", as one user message. The expected answer is the row's {@code answer}.
 */
public final class Math500Processor implements BaseGeneratorProcessor {
    /** The processor id. */
    public static final String ID = "math_500";

    /** The instruction, as Meta's Llama-3.1-*-Instruct-evals datasets hold it; the problem follows. */
    static final String PROMPT = "Solve the following math problem efficiently and clearly:\n\n"
            + "- For simple problems (2 steps or fewer):\nProvide a concise solution with minimal explanation.\n\n"
            + "- For complex problems (3 steps or more):\nUse this step-by-step format:\n\n"
            + "## Step 1: [Concise description]\n[Brief explanation and calculations]\n\n"
            + "## Step 2: [Concise description]\n[Brief explanation and calculations]\n\n"
            + "...\n\n"
            + "Regardless of the approach, always conclude with:\n\n"
            + "Therefore, the final answer is: $\\boxed{answer}$. I hope it is correct.\n\n"
            + "Where [answer] is just the final number or expression that solves the problem.\n\n"
            + "Problem: ";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "MATH-500: Meta's zero-shot prompt ending in 'the final answer is: $\\boxed{answer}$'";
    }

    @Override
    public Set<String> requiredColumns() {
        return new LinkedHashSet<>(List.of("problem", "answer"));
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        String prompt = PROMPT + Rows.text(sample.row(), "problem");
        return new PreprocessedSample(sample, new GenerationInput.Chat(List.of(Message.user(prompt))));
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        return new ScorerInputSample(
                response.text(),
                Rows.text(sample.row(), "answer"),
                Optional.of(Rows.text(sample.row(), "problem")),
                Optional.of(new PostprocessedGeneration(response.text(), response.logprobs())),
                sample.row());
    }
}
