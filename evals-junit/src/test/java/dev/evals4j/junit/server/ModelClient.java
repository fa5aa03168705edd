package dev.evals4j.junit.server;

import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.Message;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.core.Evals;
import dev.evals4j.core.generation.OpenAiCompatibleGenerator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * evals4j's {@code openai-compatible} generator pointed at a fake server, as a user's test configures it: an
 * instance with its own environment and cache folder, the response cache bypassed.
 */
final class ModelClient implements AutoCloseable {
    static final String KEY = "sk-proj-7Hq2v9XkLm3Np8Rt";

    private final Evals evals;

    ModelClient(Path cacheDir) {
        this.evals = Evals.builder()
                .environment(Map.of("FAKE_API_KEY", KEY, "WRONG_API_KEY", "sk-proj-WRONGWRONGWRONG1234"))
                .cacheDir(cacheDir)
                .build();
    }

    Evals evals() {
        return evals;
    }

    /** The generator with these parameters over the defaults (base_url, model fake, no retries, cache bypassed). */
    OpenAiCompatibleGenerator generator(FakeModelServer server, Object... keysAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("base_url", server.baseUrl());
        params.put("model", "fake");
        params.put("max_retries", 0);
        params.put("cache", "bypass");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return (OpenAiCompatibleGenerator) evals.context().generator("openai-compatible", params);
    }

    static PreprocessedSample chat(String question) {
        return new PreprocessedSample(
                new DatasetSample(0, Map.of()),
                new GenerationInput.Chat(
                        List.of(Message.system("Answer with the name of the city only."), Message.user(question))));
    }

    static PreprocessedSample prompt(String text) {
        return new PreprocessedSample(new DatasetSample(0, Map.of()), new GenerationInput.Completion(text));
    }

    @Override
    public void close() {
        evals.close();
    }
}
