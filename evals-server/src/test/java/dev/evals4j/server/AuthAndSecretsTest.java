package dev.evals4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthAndSecretsTest {
    private static final String SERVER_KEY = "evals-server-key-7f3a9c";
    private static final String MODEL_KEY = "sk-model-secret-5d2e8b1a";

    @TempDir
    Path dir;

    @Test
    void aConfiguredKeyIsRequiredAsABearerToken() {
        try (TestServer s = TestServer.start(dir, b -> b.apiKey(SERVER_KEY))) {
            TestServer.Reply none = s.get("/v1beta/datasets");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.message())
                    .isEqualTo("this server needs an API key: send the header 'Authorization: Bearer <key>'");
            TestServer.Reply wrong = s.withBearer("not-the-key").get("/v1beta/datasets");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.message()).isEqualTo("the API key in the Authorization header is not this server's");
            assertThat(s.withBearer(SERVER_KEY).get("/v1beta/datasets").status())
                    .isEqualTo(200);
            assertThat(s.withBearer(null).get("/v1/health").json().get("status").asText())
                    .isEqualTo("OK");
        }
    }

    @Test
    void theInferenceKeyReachesOnlyTheModelServerAndNeverAFileOrAnAnswer() throws Exception {
        // a model server that echoes the key it was sent, as some error bodies do
        try (FakeInference model = new FakeInference(q -> "Paris");
                TestServer s =
                        TestServer.start(dir, Map.of("MODEL_KEY", MODEL_KEY), b -> b.inferenceBaseUrl(model.baseUrl())
                                .inferenceApiKeyEnv("MODEL_KEY")
                                .apiKey(SERVER_KEY))) {
            s.withBearer(SERVER_KEY);
            model.answer(q -> "Paris (your key is " + MODEL_KEY + ")");
            s.post(
                    "/v1beta/datasets",
                    Map.of(
                            "dataset_id",
                            "d",
                            "purpose",
                            "eval/question-answer",
                            "source",
                            Map.of(
                                    "rows",
                                    List.of(Map.of("input_query", "Capital of France?", "expected_answer", "Paris")))));
            s.post(
                    "/v1alpha/eval/benchmarks",
                    Map.of("benchmark_id", "b", "dataset_id", "d", "scoring_functions", List.of("basic::subset_of")));
            Map<String, Object> config = Map.of("eval_candidate", Map.of("model", "m", "sampling_params", Map.of()));
            TestServer.Reply evaluated = s.post(
                    "/v1alpha/eval/benchmarks/b/evaluations",
                    Map.of(
                            "input_rows",
                                    List.of(Map.of("input_query", "Capital of France?", "expected_answer", "Paris")),
                            "scoring_functions", List.of("basic::subset_of"),
                            "benchmark_config", config));
            assertThat(evaluated.status()).as(evaluated.text()).isEqualTo(200);
            assertThat(evaluated.text()).doesNotContain(MODEL_KEY).contains("your key is ***");
            String jobId = s.post("/v1alpha/eval/benchmarks/b/jobs", Map.of("benchmark_config", config))
                    .json()
                    .get("job_id")
                    .asText();
            EvalTest.await(s, "/v1alpha/eval/benchmarks/b/jobs/" + jobId, EvalTest::isFinal);
            assertThat(s.get("/v1alpha/eval/benchmarks/b/jobs/" + jobId + "/result")
                            .text())
                    .doesNotContain(MODEL_KEY);
            assertThat(model.authorizations()).isNotEmpty().allMatch(h -> h.equals("Bearer " + MODEL_KEY));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                assertThat(text).as(f.toString()).doesNotContain(MODEL_KEY).doesNotContain(SERVER_KEY);
            }
        }
    }
}
