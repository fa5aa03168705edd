package dev.evals4j.scorers.judges;

import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.Message;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.BaseGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A hand-written judge for tests: answers each conversation with a function of its last user message, reports
 * 10 prompt and 2 completion tokens per call, and embeds texts as letter counts. Thread-safe.
 */
final class FakeModels implements JudgeModels {
    private final Function<String, String> answer;

    FakeModels(Function<String, String> answer) {
        this.answer = answer;
    }

    @Override
    public BaseGenerator generator(String id, Map<String, Object> params) {
        return new BaseGenerator() {
            @Override
            public String id() {
                return "fake-judge";
            }

            @Override
            public String description() {
                return "answers with a function of the prompt";
            }

            @Override
            public GenerationResponse generate(PreprocessedSample sample) {
                List<Message> messages = ((GenerationInput.Chat) sample.input()).messages();
                String text = answer.apply(messages.get(messages.size() - 1).content());
                return new GenerationResponse(text, List.of(), Optional.of(new Usage(10, 2)));
            }
        };
    }

    @Override
    public boolean accepts(String generatorId, String parameter) {
        return true;
    }

    @Override
    public Embedder embedder(EmbeddingSettings settings) {
        return FakeModels::letterCounts;
    }

    /** A text as the counts of the letters a–z in it, lower-cased. */
    static List<float[]> letterCounts(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
            float[] v = new float[26];
            for (char c : t.toLowerCase(Locale.ROOT).toCharArray()) {
                if (c >= 'a' && c <= 'z') {
                    v[c - 'a']++;
                }
            }
            out.add(v);
        }
        return out;
    }

    /** The text between two markers of a prompt, stripped; empty when absent. */
    static String between(String prompt, String start, String end) {
        int from = prompt.indexOf(start);
        if (from < 0) {
            return "";
        }
        from += start.length();
        int to = prompt.indexOf(end, from);
        return (to < 0 ? prompt.substring(from) : prompt.substring(from, to)).strip();
    }
}
