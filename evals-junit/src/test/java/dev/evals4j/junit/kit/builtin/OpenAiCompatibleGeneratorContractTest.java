package dev.evals4j.junit.kit.builtin;

import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.Evals;
import dev.evals4j.core.generation.OpenAiCompatibleGenerator;
import dev.evals4j.junit.kit.GeneratorContractTest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** {@code openai-compatible} against a server answering as vLLM (chat) and OpenAI (completions) do. */
class OpenAiCompatibleGeneratorContractTest extends GeneratorContractTest {
    private final ModelServer server = new ModelServer(Map.of(
            "/v1/chat/completions", ServerAnswers.VLLM_CHAT, "/v1/completions", ServerAnswers.OPENAI_COMPLETION));
    private Evals evals;

    @TempDir
    Path cacheDir;

    @AfterEach
    void stop() {
        if (evals != null) {
            evals.close();
        }
        server.close();
    }

    @Override
    protected BaseGenerator generator() {
        return new OpenAiCompatibleGenerator();
    }

    @Override
    protected PluginContext context() {
        evals = Evals.builder().environment(Map.of()).cacheDir(cacheDir).build();
        return evals.context();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of(
                "model",
                "Qwen/Qwen2.5-1.5B-Instruct",
                "base_url",
                server.url("/v1"),
                "temperature",
                0,
                "max_retries",
                0);
    }

    @Override
    protected boolean supportsCompletion() {
        return true;
    }

    @Override
    protected boolean deterministic() {
        return true; // the server answers every request alike
    }

    @Override
    protected Optional<BaseGenerator> failingGenerator() {
        return Optional.of(configure(Map.of(
                "model",
                "Qwen/Qwen2.5-1.5B-Instruct",
                "base_url",
                "http://127.0.0.1:" + ModelServer.closedPort() + "/v1",
                "max_retries",
                0)));
    }
}
