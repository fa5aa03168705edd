package dev.evals4j.core.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.Message;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.text.JsonErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code llama-stack-rows}: Llama Stack's dataset conventions. A {@code chat_completion_input} column (a JSON list of
 * messages) is sent as chat, keeping assistant turns (which upstream dropped); a {@code completion_input} column as
 * a prompt; otherwise {@code input_query} is the user message. An optional system message comes first.
 */
public final class LlamaStackRowsProcessor implements BaseGeneratorProcessor {
    static final String CHAT = "chat_completion_input";
    static final String COMPLETION = "completion_input";

    private final Optional<String> system;
    private final Answers answers;

    /** The discovered definition: no system message. */
    public LlamaStackRowsProcessor() {
        this(Params.EMPTY);
    }

    private LlamaStackRowsProcessor(Params params) {
        this.system = params.string("system");
        this.answers = new Answers(params, "llama-stack-rows");
    }

    @Override
    public String id() {
        return "llama-stack-rows";
    }

    @Override
    public String description() {
        return "Llama Stack's rows: chat_completion_input, completion_input or input_query; expected_answer";
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> own = List.of(
                Parameter.optional("system", ParamType.STRING, "a system message put before the row's messages"));
        List<Parameter> all = new ArrayList<>(own);
        all.addAll(Answers.parameters());
        return List.copyOf(all);
    }

    @Override
    public BaseGeneratorProcessor configure(Params params) {
        return new LlamaStackRowsProcessor(params);
    }

    @Override
    public Set<String> requiredColumns() {
        return Set.of(ScorerInputSample.EXPECTED_ANSWER);
    }

    @Override
    public PreprocessedSample preprocess(DatasetSample sample) {
        Map<String, Object> row = sample.row();
        if (row.get(COMPLETION) != null && row.get(CHAT) == null) {
            String prompt = JsonValues.text(parseIfJson(row.get(COMPLETION), sample));
            return new PreprocessedSample(
                    sample,
                    new GenerationInput.Completion(system.map(s -> s + "\n\n").orElse("") + prompt));
        }
        List<Message> messages = new ArrayList<>();
        system.ifPresent(s -> messages.add(Message.system(s)));
        if (row.get(CHAT) != null) {
            Object parsed = parseIfJson(row.get(CHAT), sample);
            if (!(parsed instanceof List<?> list)) {
                throw new IllegalArgumentException("row " + sample.index() + ": " + CHAT + " must be a JSON list of"
                        + " messages, was " + JsonValues.toJson(parsed));
            }
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m)
                        || !(m.get("role") instanceof String role)
                        || m.get("content") == null) {
                    throw new IllegalArgumentException("row " + sample.index() + ": each message in " + CHAT
                            + " needs a role and a content, got " + JsonValues.toJson(o));
                }
                messages.add(new Message(role, JsonValues.text(m.get("content"))));
            }
        } else {
            Object query = row.get(ScorerInputSample.INPUT_QUERY);
            if (query == null) {
                throw new IllegalArgumentException("row " + sample.index() + " has none of " + CHAT + ", "
                        + COMPLETION + ", " + ScorerInputSample.INPUT_QUERY + "; its columns: "
                        + String.join(", ", row.keySet()));
            }
            messages.add(Message.user(JsonValues.text(query)));
        }
        return new PreprocessedSample(sample, new GenerationInput.Chat(messages));
    }

    private static Object parseIfJson(Object value, DatasetSample sample) {
        if (!(value instanceof String text)) {
            return value;
        }
        String t = text.strip();
        if (!(t.startsWith("[") || t.startsWith("{") || t.startsWith("\""))) {
            return text;
        }
        try {
            return Json.MAPPER.readValue(t, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "row " + sample.index() + ": not valid JSON: " + JsonErrors.describe(e), e);
        }
    }

    @Override
    public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
        return answers.input(sample, response, ScorerInputSample.EXPECTED_ANSWER, Optional.empty());
    }
}
