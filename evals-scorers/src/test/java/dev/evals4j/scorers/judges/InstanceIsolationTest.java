package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.UnknownPluginException;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.core.Evals;
import dev.evals4j.core.datasets.InlineRowsDataset;
import dev.evals4j.core.plugins.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two and three evals4j instances in one JVM, each with a judge: each sees its own environment, its own plugins
 * (also a generator registered explicitly with discovery off), and its own cache; none sees another's.
 */
class InstanceIsolationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Map<String, Object>> ROWS = List.of(
            Map.of("input_query", "Capital of France?", "generated_answer", "Paris", "expected_answer", "Paris"),
            Map.of("input_query", "Capital of Japan?", "generated_answer", "Kyoto", "expected_answer", "Tokyo"));

    @TempDir
    Path dir;

    private JudgeServer judge;

    @BeforeEach
    void start() throws IOException {
        judge = new JudgeServer();
    }

    @AfterEach
    void stop() {
        judge.close();
    }

    /** A judge model known to one instance only, registered explicitly. */
    static final class LocalJudge implements BaseGenerator {
        @Override
        public String id() {
            return "test-local-judge";
        }

        @Override
        public String description() {
            return "rates every answer 4 (test fake)";
        }

        @Override
        public GenerationResponse generate(PreprocessedSample sample) {
            return new GenerationResponse("Fine. Rating: 4", List.of(), Optional.of(new Usage(7, 1)));
        }
    }

    private Evals discovered(String key, String name) {
        return Evals.builder()
                .environment(Map.of("JUDGE_KEY", key))
                .cacheDir(dir.resolve(name).resolve("cache"))
                .dataDir(dir.resolve(name).resolve("runs"))
                .responseCache(true)
                .build();
    }

    private EvalRequest request(Map<String, Object> judgeParams, Path out) {
        ScorerSpec scorer = ScorerSpec.of(BaseJudgeScorer.ID);
        for (Map.Entry<String, Object> p : judgeParams.entrySet()) {
            scorer = scorer.withParam(p.getKey(), p.getValue());
        }
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofRows("capitals", ROWS))
                .scorer(scorer)
                .outputDir(out)
                .build();
    }

    private Map<String, Object> httpJudge() {
        return Map.of(
                "judge_model",
                JudgeServer.MODEL,
                "judge_base_url",
                judge.baseUrl(),
                "judge_api_key_env",
                "JUDGE_KEY",
                "judge_params",
                Map.of("max_retries", 0));
    }

    @Test
    void eachInstanceHasItsOwnEnvironmentPluginsAndCache() throws Exception {
        Evals a = discovered("sk-instance-a-0001", "a");
        Evals b = discovered("sk-instance-b-0002", "b");
        Evals c = Evals.builder()
                .plugins(PluginRegistry.builder()
                        .discovery(false)
                        .register(new BaseJudgeScorer())
                        .register(new LocalJudge())
                        .register(new InlineRowsDataset())
                        .build())
                .environment(Map.of())
                .cacheDir(dir.resolve("c").resolve("cache"))
                .build();
        for (int i = 0; i < 4; i++) {
            judge.answer("Rating: " + (i % 2 == 0 ? 5 : 1), 100, 4);
        }

        EvalResult fromA = a.evals().runScoring(request(httpJudge(), dir.resolve("run-a")));
        List<RecordedRequest> seenA = List.of(judge.server.takeRequest(), judge.server.takeRequest());
        EvalResult fromB = b.evals().runScoring(request(httpJudge(), dir.resolve("run-b")));
        List<RecordedRequest> seenB = List.of(judge.server.takeRequest(), judge.server.takeRequest());
        EvalResult fromC =
                c.evals().runScoring(request(Map.of("judge_generator", "test-local-judge"), dir.resolve("run-c")));

        // each judge's key came from its own instance's environment
        assertThat(seenA).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization"))
                .isEqualTo("Bearer sk-instance-a-0001"));
        assertThat(seenB).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization"))
                .isEqualTo("Bearer sk-instance-b-0002"));
        // each judge's calls reach its run's results, apart from the candidate's
        JsonNode resultsA = JSON.readTree(dir.resolve("run-a/results.json").toFile());
        assertThat(resultsA.at("/judge_stats/calls").asLong()).isEqualTo(2);
        assertThat(resultsA.at("/judge_stats/cache/writes").asLong()).isEqualTo(2);
        assertThat(resultsA.at("/judge_usage/prompt_tokens").asLong()).isEqualTo(200);
        assertThat(resultsA.has("generator_stats")).isFalse();
        assertThat(fromA.score(BaseJudgeScorer.ID).numRows()).isEqualTo(2);
        assertThat(fromB.score(BaseJudgeScorer.ID).numRows()).isEqualTo(2);
        // the explicitly registered judge works with discovery off, and reports tokens but no HTTP calls
        JsonNode resultsC = JSON.readTree(dir.resolve("run-c/results.json").toFile());
        assertThat(fromC.score(BaseJudgeScorer.ID).metric("average", "average")).hasValue(4.0);
        assertThat(resultsC.at("/judge_usage/prompt_tokens").asLong()).isEqualTo(14);
        assertThat(resultsC.has("judge_stats")).isFalse();
        // each instance's answers went to its own cache, and only there
        assertThat(files(dir.resolve("a/cache/responses"))).hasSize(2);
        assertThat(files(dir.resolve("b/cache/responses"))).hasSize(2);
        assertThat(dir.resolve("c/cache/responses")).doesNotExist();
        // neither sees the other's plugins
        assertThatThrownBy(() ->
                        a.evals().runScoring(request(Map.of("judge_generator", "test-local-judge"), dir.resolve("x"))))
                .isInstanceOf(dev.evals4j.api.ConfigurationException.class)
                .hasMessageContaining(
                        "unknown generator id 'test-local-judge'; known ids: llama-stack," + " openai-compatible");
        assertThatThrownBy(() -> c.evals().runScoring(request(httpJudge(), dir.resolve("y"))))
                .hasMessageContaining("unknown generator id 'openai-compatible'")
                .hasMessageContaining("known ids: test-local-judge");
        assertThatThrownBy(() -> c.context().generator("openai-compatible", Map.of()))
                .isInstanceOf(UnknownPluginException.class);

        a.close();
        b.close();
        c.close();
        assertThatThrownBy(() -> a.context().shared(String.class, () -> "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this evals4j instance is closed");
    }

    private static List<Path> files(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(out::add);
        }
        return out;
    }
}
