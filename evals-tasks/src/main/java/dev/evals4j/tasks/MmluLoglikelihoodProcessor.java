package dev.evals4j.tasks;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.LogLikelihood;
import dev.evals4j.api.PostprocessedGeneration;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.text.PyText;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mmlu_loglikelihood} (processor): lm-evaluation-harness's {@code mmlu} task, multiple choice by
 * log-likelihood. The context is the subject's description ("The following are multiple choice questions (with
 * answers) about abstract algebra."), the first {@code few_shot} dev examples of the subject with their letter, then
 * {@code question.strip()}, the four choices as {@code A. …} and {@code Answer:}; the continuations are {@code " A"}
 * to {@code " D"} (the harness's target delimiter, a space, then the letter). Nothing is generated: the generator is
 * asked for each continuation's log-likelihood.
 *
 * <p>The generated answer is {@code {"choices": ["A", "B", "C", "D"], "loglikelihoods": [...]}}, what
 * {@code harness::acc} and {@code harness::acc_norm} read; the expected answer is the gold letter.
 */
public final class MmluLoglikelihoodProcessor implements BaseGeneratorProcessor {
    /** The processor id. */
    public static final String ID = "mmlu_loglikelihood";

    /** The harness's {@code doc_to_choice}. */
    static final List<String> CHOICES = List.of("A", "B", "C", "D");

    private final Map<String, List<Map<String, Object>>> shots;

    /** The discovered definition. */
    public MmluLoglikelihoodProcessor() {
        this(Map.of());
    }

    private MmluLoglikelihoodProcessor(Map<String, List<Map<String, Object>>> shots) {
        this.shots = shots;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "MMLU as lm-evaluation-harness asks it: the log-likelihoods of ' A' to ' D' after 'Answer:'";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(
                Parameter.withDefault(
                                "few_shot",
                                ParamType.INTEGER,
                                "examples per question, the first of the subject's dev split (the harness's num_fewshot)",
                                0)
                        .atLeast(0),
                Parameter.withDefault(
                        "few_shot_source", ParamType.STRING, "the examples: cais/mmlu's dev split", MmluTask.DEV));
    }

    @Override
    public BaseGeneratorProcessor configure(Params params, PluginContext context) {
        return new MmluLoglikelihoodProcessor(Rows.firstPerGroup(
                context,
                params.string("few_shot_source").orElse(MmluTask.DEV),
                "subject",
                params.integer("few_shot", 0)));
    }

    @Override
    public Set<String> requiredColumns() {
        return new LinkedHashSet<>(List.of("question", "subject", "choices", "answer"));
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        Map<String, Object> row = sample.row();
        String subject = Rows.text(row, "subject");
        StringBuilder context = new StringBuilder("The following are multiple choice questions (with answers) about ")
                .append(subject.replace('_', ' '))
                .append(".\n\n");
        for (Map<String, Object> shot : shots.getOrDefault(subject, List.of())) {
            context.append(text(shot))
                    .append(' ')
                    .append(Rows.letter(shot.get("answer")))
                    .append("\n\n");
        }
        context.append(text(row));
        List<String> continuations =
                CHOICES.stream().map(letter -> " " + letter).toList();
        return new PreprocessedSample(sample, new GenerationInput.Choices(context.toString(), continuations));
    }

    /** The harness's {@code doc_to_text}. */
    private static String text(Map<String, Object> row) {
        List<String> choices = Rows.texts(row, "choices");
        StringBuilder s = new StringBuilder(PyText.strip(Rows.text(row, "question")));
        for (int i = 0; i < CHOICES.size(); i++) {
            s.append('\n').append(CHOICES.get(i)).append(". ").append(i < choices.size() ? choices.get(i) : "");
        }
        return s.append("\nAnswer:").toString();
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("choices", CHOICES);
        answer.put(
                "loglikelihoods",
                response.loglikelihoods().stream().map(LogLikelihood::logprob).toList());
        Map<String, Object> row = sample.row();
        return new ScorerInputSample(
                answer,
                Rows.letter(row.get("answer")),
                Optional.of(Rows.text(row, "question")),
                Optional.of(new PostprocessedGeneration(response.text(), response.logprobs())),
                row);
    }
}
