package dev.evals4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalTest {
    @TempDir
    Path dir;

    /** Answers the questions of test_dataset.csv: right but for the smallest country. */
    static String capitals(String question) {
        if (question.contains("France")) {
            return "The capital of France is Paris.";
        }
        if (question.contains("CEO")) {
            return "Mark Zuckerberg";
        }
        if (question.contains("planet")) {
            return "Jupiter";
        }
        if (question.contains("smallest")) {
            return "Monaco";
        }
        if (question.contains("currency")) {
            return "The Yen";
        }
        return "I do not know";
    }

    private static Map<String, Object> candidate(Map<String, Object> sampling) {
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put("type", "model");
        candidate.put("model", "meta-llama/Llama-3.1-8B-Instruct");
        candidate.put("sampling_params", sampling);
        candidate.put("system_message", Map.of("role", "system", "content", "Answer briefly."));
        return Map.of("eval_candidate", candidate);
    }

    private static void registerQa(TestServer s) {
        assertThat(s.post(
                                "/v1beta/datasets",
                                Map.of(
                                        "dataset_id",
                                        "qa/capitals",
                                        "purpose",
                                        "eval/messages-answer",
                                        "source",
                                        Map.of(
                                                "uri",
                                                s.resource("test_dataset.csv").toString())))
                        .status())
                .isEqualTo(200);
        TestServer.Reply b = s.post(
                "/v1alpha/eval/benchmarks",
                Map.of(
                        "benchmark_id",
                        "meta/capitals",
                        "dataset_id",
                        "qa/capitals",
                        "scoring_functions",
                        List.of("basic::subset_of"),
                        "metadata",
                        Map.of("owner", "qa")));
        assertThat(b.status()).as(b.text()).isEqualTo(200);
    }

    private static List<Map<String, Object>> csvRows(TestServer s) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row :
                s.get("/v1beta/datasetio/iterrows/qa/capitals").json().get("data")) {
            rows.add(TestServer.JSON.convertValue(
                    row, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
        }
        return rows;
    }

    static JsonNode await(TestServer s, String path, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = s.get(path).json();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("still not there after 60 s: " + last);
    }

    static boolean isFinal(JsonNode job) {
        return List.of("completed", "failed", "cancelled")
                .contains(job.get("status").asText());
    }

    @Test
    void registersListsRetrievesAndUnregistersBenchmarks() {
        try (TestServer s = TestServer.start(dir)) {
            registerQa(s);
            JsonNode b = s.get("/v1alpha/eval/benchmarks/meta/capitals").json();
            assertThat(b.get("identifier").asText()).isEqualTo("meta/capitals");
            assertThat(b.get("type").asText()).isEqualTo("benchmark");
            assertThat(b.get("dataset_id").asText()).isEqualTo("qa/capitals");
            assertThat(b.at("/scoring_functions/0").asText()).isEqualTo("basic::subset_of");
            assertThat(b.at("/metadata/owner").asText()).isEqualTo("qa");
            assertThat(s.get("/v1alpha/eval/benchmarks").json().get("data")).hasSize(1);
            // the older clients' paths and bodies
            assertThat(s.get("/v1/eval/benchmarks/meta/capitals").status()).isEqualTo(200);
            assertThat(s.post(
                                    "/v1/eval-tasks",
                                    Map.of(
                                            "eval_task_id",
                                            "old-task",
                                            "dataset_id",
                                            "qa/capitals",
                                            "scoring_functions",
                                            List.of("basic::equality")))
                            .status())
                    .isEqualTo(200);
            assertThat(s.get("/v1/eval-tasks/old-task").json().get("dataset_id").asText())
                    .isEqualTo("qa/capitals");
            TestServer.Reply unknownDataset = s.post(
                    "/v1alpha/eval/benchmarks",
                    Map.of("benchmark_id", "x", "dataset_id", "nope", "scoring_functions", List.of("basic::equality")));
            assertThat(unknownDataset.status()).isEqualTo(400);
            assertThat(unknownDataset.message()).isEqualTo("the benchmark's dataset 'nope' is not registered");
            assertThat(s.delete("/v1alpha/eval/benchmarks/meta/capitals").status())
                    .isEqualTo(200);
            TestServer.Reply gone = s.get("/v1alpha/eval/benchmarks/meta/capitals");
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.message())
                    .isEqualTo("Benchmark 'meta/capitals' not found. Use 'client.benchmarks.list()' to list available"
                            + " Benchmarks.");
        }
    }

    @Test
    void evaluatesRowsPassingTheSamplingParametersToTheModelAsGiven() throws Exception {
        try (FakeInference model = new FakeInference(EvalTest::capitals);
                TestServer s = TestServer.start(dir, b -> b.inferenceBaseUrl(model.baseUrl())
                        .model("meta-llama/Llama-3.1-8B-Instruct", "llama3.1:8b"))) {
            registerQa(s);
            Map<String, Object> sampling = Map.of(
                    "strategy",
                    Map.of("type", "top_p", "temperature", 0.7, "top_p", 0.9),
                    "max_tokens",
                    64,
                    "stop",
                    List.of("\n\n"),
                    "repetition_penalty",
                    1.1);
            TestServer.Reply r = s.post(
                    "/v1alpha/eval/benchmarks/meta/capitals/evaluations",
                    Map.of(
                            "input_rows", csvRows(s),
                            "scoring_functions", List.of("basic::subset_of"),
                            "benchmark_config", candidate(sampling)));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            JsonNode generations = r.json().get("generations");
            assertThat(generations).hasSize(5);
            assertThat(generations.get(0).get("generated_answer").asText())
                    .isEqualTo("The capital of France is Paris.");
            assertThat(generations.get(3).get("generated_answer").asText()).isEqualTo("Monaco");
            JsonNode subset = r.json().at("/scores/basic::subset_of");
            assertThat(subset.get("score_rows").findValuesAsText("score"))
                    .containsExactly("1.0", "1.0", "1.0", "0.0", "1.0");
            assertThat(subset.at("/aggregated_results/accuracy/accuracy").asDouble())
                    .isEqualTo(0.8);

            assertThat(model.requests()).hasSize(5);
            JsonNode sent = model.requests().get(0);
            assertThat(sent.get("model").asText()).isEqualTo("llama3.1:8b");
            assertThat(sent.get("temperature").asDouble()).isEqualTo(0.7);
            assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
            assertThat(sent.get("max_tokens").asInt()).isEqualTo(64);
            assertThat(sent.get("stop").get(0).asText()).isEqualTo("\n\n");
            assertThat(sent.get("repetition_penalty").asDouble()).isEqualTo(1.1);
            assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
            assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Answer briefly.");
            assertThat(sent.at("/messages/1/role").asText()).isEqualTo("user");

            // greedy, Llama Stack's default strategy, is temperature 0
            model.forget();
            s.post(
                    "/v1alpha/eval/benchmarks/meta/capitals/evaluations",
                    Map.of(
                            "input_rows", csvRows(s).subList(0, 1),
                            "scoring_functions", List.of("basic::subset_of"),
                            "benchmark_config", candidate(Map.of("strategy", Map.of("type", "greedy")))));
            assertThat(model.requests().get(0).get("temperature").asDouble()).isEqualTo(0.0);
            assertThat(model.requests().get(0).has("top_p")).isFalse();
        }
    }

    @Test
    void aJobAnswersAtOnceRunsInTheBackgroundAndItsResultOutlivesTheServer() throws Exception {
        String jobId;
        try (FakeInference model = new FakeInference(EvalTest::capitals);
                TestServer s = TestServer.start(dir, b -> b.inferenceBaseUrl(model.baseUrl()))) {
            registerQa(s);
            model.hold();
            TestServer.Reply started = s.post(
                    "/v1alpha/eval/benchmarks/meta/capitals/jobs",
                    Map.of("benchmark_config", candidate(Map.of("max_tokens", 32))));
            assertThat(started.status()).as(started.text()).isEqualTo(200);
            assertThat(started.json().get("status").asText()).isIn("scheduled", "in_progress");
            jobId = started.json().get("job_id").asText();
            String job = "/v1alpha/eval/benchmarks/meta/capitals/jobs/" + jobId;
            TestServer.Reply early = s.get(job + "/result");
            assertThat(early.status()).isEqualTo(400);
            assertThat(early.message()).startsWith("job " + jobId + " is ");
            model.open();
            JsonNode done = await(s, job, EvalTest::isFinal);
            assertThat(done.get("status").asText()).isEqualTo("completed");
            assertThat(done.at("/progress/done").asLong()).isEqualTo(5);
            JsonNode result = s.get(job + "/result").json();
            assertThat(result.get("generations")).hasSize(5);
            assertThat(result.at("/scores/basic::subset_of/aggregated_results/accuracy/accuracy")
                            .asDouble())
                    .isEqualTo(0.8);
            assertThat(s.get("/v1alpha/eval/benchmarks/meta/capitals/jobs")
                            .json()
                            .get("data")
                            .findValuesAsText("job_id"))
                    .containsExactly(jobId);
            // a job of another benchmark is not found under this one
            assertThat(s.get("/v1alpha/eval/benchmarks/other/jobs/" + jobId).status())
                    .isEqualTo(404);
        }
        try (TestServer again = TestServer.start(dir)) {
            String job = "/v1alpha/eval/benchmarks/meta/capitals/jobs/" + jobId;
            assertThat(again.get(job).json().get("status").asText()).isEqualTo("completed");
            assertThat(again.get(job + "/result").json().at("/scores/basic::subset_of/score_rows"))
                    .hasSize(5);
        }
    }

    @Test
    void aCancelledJobStopsCallingTheModelAndCanBeResumed() throws Exception {
        try (FakeInference model = new FakeInference(q -> "Paris");
                TestServer s = TestServer.start(
                        dir, b -> b.inferenceBaseUrl(model.baseUrl()).runConcurrency(2))) {
            List<Map<String, Object>> rows = IntStream.range(0, 40)
                    .mapToObj(i -> Map.<String, Object>of("input_query", "question " + i, "expected_answer", "Paris"))
                    .toList();
            s.post(
                    "/v1beta/datasets",
                    Map.of("dataset_id", "forty", "purpose", "eval/question-answer", "source", Map.of("rows", rows)));
            s.post(
                    "/v1alpha/eval/benchmarks",
                    Map.of(
                            "benchmark_id",
                            "forty",
                            "dataset_id",
                            "forty",
                            "scoring_functions",
                            List.of("basic::equality")));
            model.hold();
            String jobId = s.post(
                            "/v1alpha/eval/benchmarks/forty/jobs", Map.of("benchmark_config", candidate(Map.of())))
                    .json()
                    .get("job_id")
                    .asText();
            String job = "/v1alpha/eval/benchmarks/forty/jobs/" + jobId;
            while (model.calls() < 2) {
                Thread.sleep(10);
            }
            TestServer.Reply cancel = s.delete(job);
            assertThat(cancel.status()).isEqualTo(200);
            model.open(); // the two calls in flight finish
            JsonNode cancelled = await(s, job, EvalTest::isFinal);
            assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
            assertThat(cancelled.get("resumable").asBoolean()).isTrue();
            assertThat(model.calls()).isEqualTo(2);
            TestServer.Reply result = s.get(job + "/result");
            assertThat(result.status()).isEqualTo(400);
            assertThat(result.message())
                    .startsWith("job " + jobId + " is cancelled; its result is there when it is completed");

            TestServer.Reply resumed = s.post(job + "/resume", Map.of());
            assertThat(resumed.status()).as(resumed.text()).isEqualTo(200);
            JsonNode done = await(s, job, EvalTest::isFinal);
            assertThat(done.get("status").asText()).isEqualTo("completed");
            assertThat(model.calls()).isEqualTo(40);
            JsonNode scores = s.get(job + "/result").json().at("/scores/basic::equality");
            assertThat(scores.get("score_rows")).hasSize(40);
            assertThat(scores.at("/aggregated_results/accuracy/accuracy").asDouble())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void agentCandidatesAreNotImplemented() {
        try (TestServer s = TestServer.start(dir, b -> b.inferenceBaseUrl("http://127.0.0.1:9/v1"))) {
            registerQa(s);
            TestServer.Reply r = s.post(
                    "/v1alpha/eval/benchmarks/meta/capitals/jobs",
                    Map.of("benchmark_config", Map.of("eval_candidate", Map.of("type", "agent", "config", Map.of()))));
            assertThat(r.status()).isEqualTo(501);
            assertThat(r.message())
                    .isEqualTo("agent candidates are not supported (Llama Stack removed agent evaluation); give a"
                            + " candidate of type model");
        }
    }

    @Test
    void withoutAnInferenceServerAnEvalIsABadRequestNamingTheModel() {
        try (TestServer s = TestServer.start(dir)) {
            registerQa(s);
            TestServer.Reply r = s.post(
                    "/v1alpha/eval/benchmarks/meta/capitals/jobs", Map.of("benchmark_config", candidate(Map.of())));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.message())
                    .isEqualTo("no inference server is configured for the model 'meta-llama/Llama-3.1-8B-Instruct':"
                            + " start the server with --inference-base-url, or map the model");
        }
    }

    @Test
    void aBenchmarkWhoseDatasetWasUnregisteredSinceIsABadRequestNamingIt() {
        try (TestServer s = TestServer.start(dir, b -> b.inferenceBaseUrl("http://127.0.0.1:9/v1"))) {
            registerQa(s);
            assertThat(s.delete("/v1beta/datasets/qa/capitals").status()).isEqualTo(200);

            TestServer.Reply r = s.post(
                    "/v1alpha/eval/benchmarks/meta/capitals/jobs", Map.of("benchmark_config", candidate(Map.of())));

            // not a 404: the path names the benchmark, which exists
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.message())
                    .isEqualTo("the benchmark 'meta/capitals' names the dataset 'qa/capitals', which is no longer"
                            + " registered; register it again, or register the benchmark with another dataset");
        }
    }
}
