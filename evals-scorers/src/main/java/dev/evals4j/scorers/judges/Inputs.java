package dev.evals4j.scorers.judges;

import dev.evals4j.api.JsonValues;
import dev.evals4j.api.ScorerInputSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What judge prompts show of a sample: the question, the answers and the context, as text. */
final class Inputs {
    /** The row column that holds retrieved context. */
    static final String CONTEXT = "context";

    private Inputs() {}

    /** The question: the sample's input query, else the row's {@code input_query}; empty when blank. */
    static Optional<String> question(ScorerInputSample sample) {
        Optional<String> q = sample.inputQuery();
        if (q.isEmpty() && sample.row().get(ScorerInputSample.INPUT_QUERY) != null) {
            q = Optional.of(text(sample.row().get(ScorerInputSample.INPUT_QUERY)));
        }
        return q.filter(s -> !s.isBlank());
    }

    /** A value as prompt text: a string as is, {@code null} as empty, anything else as JSON. */
    static String text(Object value) {
        return value == null ? "" : JsonValues.text(value);
    }

    /** The expected answer as prompt text; a list of acceptable answers is one per line. */
    static String expected(ScorerInputSample sample) {
        if (sample.expectedAnswer() instanceof List<?> list) {
            if (list.size() == 1) {
                return text(list.get(0));
            }
            StringBuilder sb = new StringBuilder("any of these:");
            for (Object o : list) {
                sb.append("\n- ").append(text(o));
            }
            return sb.toString();
        }
        return text(sample.expectedAnswer());
    }

    /**
     * The row's context as passages: a list column gives one passage per element, a string holding a JSON list of
     * strings likewise, any other value one passage; empty when the row has no (or a blank) context.
     */
    static List<String> contextPassages(ScorerInputSample sample) {
        Object value = sample.row().get(CONTEXT);
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(text(v)));
        } else if (value instanceof String s && s.strip().startsWith("[")) {
            Optional<List<Object>> parsed = JudgeText.jsonArray(s);
            if (parsed.isPresent()
                    && parsed.get().stream().allMatch(String.class::isInstance)
                    && s.strip().endsWith("]")) {
                parsed.get().forEach(v -> out.add((String) v));
            } else {
                out.add(s);
            }
        } else if (value != null) {
            out.add(text(value));
        }
        out.removeIf(String::isBlank);
        return out;
    }

    /** The context as one text, passages separated by blank lines. */
    static String context(List<String> passages) {
        return String.join("\n\n", passages);
    }
}
