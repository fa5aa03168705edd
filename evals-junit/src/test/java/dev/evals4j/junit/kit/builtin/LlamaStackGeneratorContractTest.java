package dev.evals4j.junit.kit.builtin;

import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.core.Evals;
import dev.evals4j.core.generation.LlamaStackGenerator;
import dev.evals4j.junit.kit.GeneratorContractTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** {@code llama-stack} against a server answering as a Llama Stack does, on both of its APIs. */
class LlamaStackGeneratorContractTest {
    private static final String MODEL = "meta-llama/Llama-3.2-3B-Instruct";

    private final ModelServer server = new ModelServer(Map.of(
            "/v1/chat/completions", ServerAnswers.LLAMA_STACK_OPENAI_CHAT,
            "/v1/completions", ServerAnswers.LLAMA_STACK_OPENAI_COMPLETION,
            "/v1/inference/chat-completion", ServerAnswers.LLAMA_STACK_LEGACY_CHAT,
            "/v1/inference/completion", ServerAnswers.LLAMA_STACK_LEGACY_COMPLETION));
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

    /** The kit for one of the stack's APIs: the stack's root as base_url, greedy sampling, no retries. */
    abstract class OnApi extends GeneratorContractTest {
        private final String api;

        OnApi(String api) {
            this.api = api;
        }

        @Override
        protected BaseGenerator generator() {
            return new LlamaStackGenerator();
        }

        @Override
        protected PluginContext context() {
            evals = Evals.builder().environment(Map.of()).cacheDir(cacheDir).build();
            return evals.context();
        }

        @Override
        protected Map<String, Object> configuredParameters() {
            return parameters(server.url("/"));
        }

        private Map<String, Object> parameters(String baseUrl) {
            Map<String, Object> params = new HashMap<>();
            params.put("model", MODEL);
            params.put("base_url", baseUrl);
            params.put("api", api);
            params.put("strategy", "greedy");
            params.put("max_retries", 0);
            return params;
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
            return Optional.of(configure(parameters("http://127.0.0.1:" + ModelServer.closedPort())));
        }
    }

    /** {@code api=openai}: {@code /v1/chat/completions} and {@code /v1/completions}. */
    @Nested
    class OpenAiApi extends OnApi {
        OpenAiApi() {
            super("openai");
        }
    }

    /** {@code api=legacy}: {@code /v1/inference/chat-completion} and {@code /v1/inference/completion}. */
    @Nested
    class LegacyApi extends OnApi {
        LegacyApi() {
            super("legacy");
        }
    }
}
