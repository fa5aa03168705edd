package dev.evals4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance with the clients that still speak Llama Stack's eval API: the real npm package
 * {@code llama-stack-client} 0.7.3 (installed by {@code scripts/install-llama-stack-client.sh} from the committed
 * lock file) calls every dataset, scoring, scoring-function, benchmark and eval method it has against the server on
 * 127.0.0.1, with a fake OpenAI-compatible model server behind; the results are checked, not only the status codes.
 */
class LlamaStackClientIT {
    private static final String KEY = "conformance-key-4b7d1e";

    @TempDir
    static Path dir;

    private static FakeInference model;
    private static TestServer server;
    private static NodeClient client;
    private static Path module;

    @BeforeAll
    static void start() throws Exception {
        Optional<String> node = NodeClient.nodeVersion();
        Assumptions.assumeTrue(
                node.isPresent(),
                "Node.js (18 or later; CI has 20) is not on the PATH: the conformance test drives the npm client"
                        + " llama-stack-client under Node.js");
        module = NodeClient.install(dir);
        model = new FakeInference(LlamaStackClientIT::answer);
        server = TestServer.start(dir.resolve("data"), b -> b.inferenceBaseUrl(model.baseUrl())
                .model("meta-llama/Llama-3.1-8B-Instruct", "llama3.1:8b")
                .runConcurrency(2)
                .apiKey(KEY));
        client = new NodeClient(module, server.server.baseUrl(), KEY, dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    /** The model: a grader for the judge's prompts, the capitals of test_dataset.csv for the rest. */
    private static String answer(String prompt) {
        if (prompt.startsWith("Grade this answer")) {
            return prompt.contains("Paris") ? "Score: 5\nGrade: 2" : "Score: 1\nGrade: 4";
        }
        return EvalTest.capitals(prompt);
    }

    private static List<Map<String, Object>> csvRows() {
        Path csv = server.resource("test_dataset.csv");
        String id = "conformance/csv-" + System.nanoTime();
        client.call(
                "beta.datasets.register",
                Map.of(
                        "purpose",
                        "eval/messages-answer",
                        "source",
                        Map.of("type", "uri", "uri", csv.toString()),
                        "dataset_id",
                        id));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : client.call("beta.datasets.iterrows", id).result().get("data")) {
            rows.add(TestServer.JSON.convertValue(
                    row, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
        }
        client.call("beta.datasets.unregister", id).result();
        return rows;
    }

    @Test
    void datasets() {
        assertThat(client.version).isEqualTo("0.7.3");
        List<Map<String, Object>> rows = IntStream.range(0, 5)
                .mapToObj(i -> Map.<String, Object>of(
                        "input_query", "q" + i, "generated_answer", "a" + i, "expected_answer", "a" + i))
                .toList();
        JsonNode registered = client.call(
                        "beta.datasets.register",
                        Map.of(
                                "purpose",
                                "eval/question-answer",
                                "source",
                                Map.of("type", "rows", "rows", rows),
                                "dataset_id",
                                "conformance/rows",
                                "metadata",
                                Map.of("owner", "qa")))
                .result();
        assertThat(registered.get("identifier").asText()).isEqualTo("conformance/rows");
        assertThat(registered.get("type").asText()).isEqualTo("dataset");
        assertThat(registered.at("/source/rows")).hasSize(5);
        assertThat(registered.at("/metadata/owner").asText()).isEqualTo("qa");

        assertThat(client.call("beta.datasets.list").result().findValuesAsText("identifier"))
                .contains("conformance/rows");
        assertThat(client.call("beta.datasets.retrieve", "conformance/rows")
                        .result()
                        .get("purpose")
                        .asText())
                .isEqualTo("eval/question-answer");

        JsonNode page = client.call("beta.datasets.iterrows", "conformance/rows", Map.of("start_index", 1, "limit", 2))
                .result();
        assertThat(page.get("data").findValuesAsText("input_query")).containsExactly("q1", "q2");
        assertThat(page.get("has_more").asBoolean()).isTrue();

        JsonNode appended = client.call(
                        "beta.datasets.appendrows",
                        "conformance/rows",
                        Map.of(
                                "rows",
                                List.of(Map.of("input_query", "q5", "generated_answer", "x", "expected_answer", "y"))))
                .result();
        assertThat(appended.isNull()).isTrue();
        JsonNode all = client.call("beta.datasets.iterrows", "conformance/rows").result();
        assertThat(all.get("data")).hasSize(6);
        assertThat(all.at("/data/5/input_query").asText()).isEqualTo("q5");
        assertThat(all.get("has_more").asBoolean()).isFalse();

        // JSON Lines, which Llama Stack's own provider could not read
        Path jsonl = server.resource("test_dataset.jsonl");
        client.call(
                        "beta.datasets.register",
                        Map.of(
                                "purpose",
                                "eval/question-answer",
                                "source",
                                Map.of("uri", jsonl.toString()),
                                "dataset_id",
                                "conformance/jsonl"))
                .result();
        assertThat(client.call("beta.datasets.iterrows", "conformance/jsonl")
                        .result()
                        .get("data"))
                .hasSize(5);

        assertThat(client.call("beta.datasets.unregister", "conformance/rows")
                        .result()
                        .isNull())
                .isTrue();
        JsonNode missing =
                client.call("beta.datasets.retrieve", "conformance/rows").failure();
        assertThat(missing.get("class").asText()).isEqualTo("NotFoundError");
        assertThat(missing.get("status").asInt()).isEqualTo(404);
        assertThat(missing.at("/body/error/message").asText())
                .isEqualTo("Dataset 'conformance/rows' not found. Use 'client.datasets.list()' to list available"
                        + " Datasets.");
    }

    @Test
    void scoring() {
        List<Map<String, Object>> rows = csvRows();
        Map<String, Object> functions = new LinkedHashMap<>();
        functions.put("basic::equality", null);
        functions.put(
                "basic::subset_of",
                Map.of("type", "basic", "aggregation_functions", List.of("accuracy", "categorical_count")));
        JsonNode results = client.call("scoring.score", Map.of("input_rows", rows, "scoring_functions", functions))
                .result()
                .get("results");
        JsonNode equality = results.get("basic::equality");
        assertThat(equality.get("score_rows").findValues("score").stream()
                        .map(JsonNode::asDouble)
                        .toList())
                .containsExactly(0.0, 1.0, 1.0, 0.0, 1.0);
        assertThat(equality.at("/aggregated_results/accuracy/accuracy").asDouble())
                .isEqualTo(0.6);
        assertThat(equality.at("/aggregated_results/accuracy/num_correct").asDouble())
                .isEqualTo(3.0);
        assertThat(equality.at("/aggregated_results/accuracy/num_total").asInt())
                .isEqualTo(5);
        JsonNode counts = results.at("/basic::subset_of/aggregated_results/categorical_count/categorical_count");
        assertThat(counts.get("0.0").asInt()).isEqualTo(2);
        assertThat(counts.get("1.0").asInt()).isEqualTo(3);

        client.call(
                        "beta.datasets.register",
                        Map.of(
                                "purpose",
                                "eval/question-answer",
                                "source",
                                Map.of("rows", rows),
                                "dataset_id",
                                "conformance/to-score"))
                .result();
        JsonNode batch = client.call(
                        "scoring.scoreBatch",
                        Map.of(
                                "dataset_id",
                                "conformance/to-score",
                                "scoring_functions",
                                Map.of("basic::equality", Map.of("type", "basic")),
                                "save_results_dataset",
                                true))
                .result();
        assertThat(batch.at("/results/basic::equality/aggregated_results/accuracy/accuracy")
                        .asDouble())
                .isEqualTo(0.6);
        String saved = batch.get("dataset_id").asText();
        JsonNode savedRows =
                client.call("beta.datasets.iterrows", saved).result().get("data");
        assertThat(savedRows).hasSize(5);
        assertThat(savedRows.get(1).at("/basic::equality/score").asDouble()).isEqualTo(1.0);
    }

    @Test
    void scoringFunctions() {
        assertThat(client.call("scoringFunctions.list").result().findValuesAsText("identifier"))
                .contains(
                        "basic::equality",
                        "basic::subset_of",
                        "basic::regex_parser_multiple_choice_answer",
                        "llm-as-judge::base");
        JsonNode equality =
                client.call("scoringFunctions.retrieve", "basic::equality").result();
        assertThat(equality.at("/params/type").asText()).isEqualTo("basic");

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("type", "llm_as_judge");
        params.put("judge_model", "meta-llama/Llama-3.1-8B-Instruct");
        params.put("prompt_template", "Grade this answer.\nQuestion: {input_query}\nAnswer: {generated_answer}");
        params.put("judge_score_regexes", List.of("Score: (\\d+)"));
        params.put("aggregation_functions", List.of("average"));
        JsonNode registered = client.call(
                        "scoringFunctions.register",
                        Map.of(
                                "scoring_fn_id",
                                "conformance/judge",
                                "description",
                                "a 1-5 judge",
                                "return_type",
                                Map.of("type", "number"),
                                "params",
                                params))
                .result();
        assertThat(registered.isNull()).isTrue();
        JsonNode fn =
                client.call("scoringFunctions.retrieve", "conformance/judge").result();
        assertThat(fn.get("provider_resource_id").asText()).isEqualTo("llm-as-judge::base");
        assertThat(fn.at("/params/judge_score_regexes/0").asText()).isEqualTo("Score: (\\d+)");

        List<Map<String, Object>> rows = List.of(
                Map.of("input_query", "Capital of France?", "generated_answer", "Paris", "expected_answer", "Paris"),
                Map.of("input_query", "Capital of Peru?", "generated_answer", "Quito", "expected_answer", "Lima"));
        Map<String, Object> registeredParams = new LinkedHashMap<>();
        registeredParams.put("conformance/judge", null);
        JsonNode judged = client.call(
                        "scoring.score", Map.of("input_rows", rows, "scoring_functions", registeredParams))
                .result()
                .at("/results/conformance~1judge");
        assertThat(judged.get("score_rows").findValues("score").stream()
                        .map(JsonNode::asDouble)
                        .toList())
                .containsExactly(5.0, 1.0);
        assertThat(judged.at("/aggregated_results/average/average").asDouble()).isEqualTo(3.0);

        // params of a request are for that request: another regex reads the grade instead
        Map<String, Object> other = new LinkedHashMap<>(params);
        other.put("judge_score_regexes", List.of("Grade: (\\d+)"));
        JsonNode graded = client.call(
                        "scoring.score",
                        Map.of("input_rows", rows, "scoring_functions", Map.of("conformance/judge", other)))
                .result()
                .at("/results/conformance~1judge");
        assertThat(graded.get("score_rows").findValues("score").stream()
                        .map(JsonNode::asDouble)
                        .toList())
                .containsExactly(2.0, 4.0);
        assertThat(client.call("scoringFunctions.retrieve", "conformance/judge")
                        .result()
                        .at("/params/judge_score_regexes/0")
                        .asText())
                .isEqualTo("Score: (\\d+)");

        assertThat(client.call("scoringFunctions.unregister", "conformance/judge")
                        .result()
                        .isNull())
                .isTrue();
        assertThat(client.call("scoringFunctions.retrieve", "conformance/judge")
                        .failure()
                        .get("status")
                        .asInt())
                .isEqualTo(404);
    }

    private static Map<String, Object> config(Map<String, Object> sampling, Integer numExamples) {
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put("type", "model");
        candidate.put("model", "meta-llama/Llama-3.1-8B-Instruct");
        candidate.put("sampling_params", sampling);
        candidate.put("system_message", Map.of("role", "system", "content", "Answer with a name."));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("eval_candidate", candidate);
        if (numExamples != null) {
            config.put("num_examples", numExamples);
        }
        return config;
    }

    private static JsonNode awaitJob(String benchmark, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = client.call("alpha.eval.jobs.status", benchmark, jobId).result();
            if (EvalTest.isFinal(status)) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the job is not done after 60 s: " + status);
    }

    @Test
    void benchmarksAndEval() throws Exception {
        List<Map<String, Object>> rows = csvRows();
        client.call(
                        "beta.datasets.register",
                        Map.of(
                                "purpose",
                                "eval/messages-answer",
                                "source",
                                Map.of("rows", rows),
                                "dataset_id",
                                "conformance/capitals"))
                .result();
        assertThat(client.call(
                                "alpha.benchmarks.register",
                                Map.of(
                                        "benchmark_id",
                                        "conformance/capitals-bench",
                                        "dataset_id",
                                        "conformance/capitals",
                                        "scoring_functions",
                                        List.of("basic::subset_of"),
                                        "metadata",
                                        Map.of("suite", "conformance")))
                        .result()
                        .isNull())
                .isTrue();
        assertThat(client.call("alpha.benchmarks.list").result().findValuesAsText("identifier"))
                .contains("conformance/capitals-bench");
        JsonNode bench = client.call("alpha.benchmarks.retrieve", "conformance/capitals-bench")
                .result();
        assertThat(bench.get("dataset_id").asText()).isEqualTo("conformance/capitals");
        assertThat(bench.at("/metadata/suite").asText()).isEqualTo("conformance");

        Map<String, Object> sampling =
                Map.of("strategy", Map.of("type", "top_p", "temperature", 0.5, "top_p", 0.9), "max_tokens", 50);
        for (String method : List.of("alpha.eval.evaluateRows", "alpha.eval.evaluateRowsAlpha")) {
            model.forget();
            JsonNode evaluated = client.call(
                            method,
                            "conformance/capitals-bench",
                            Map.of(
                                    "input_rows", rows,
                                    "scoring_functions", List.of("basic::subset_of"),
                                    "benchmark_config", config(sampling, null)))
                    .result();
            assertThat(evaluated.get("generations").findValuesAsText("generated_answer"))
                    .as(method)
                    .containsExactly(
                            "The capital of France is Paris.", "Mark Zuckerberg", "Jupiter", "Monaco", "The Yen");
            assertThat(evaluated
                            .at("/scores/basic::subset_of/aggregated_results/accuracy/accuracy")
                            .asDouble())
                    .isEqualTo(0.8);
            JsonNode sent = model.requests().get(0);
            assertThat(sent.get("model").asText()).isEqualTo("llama3.1:8b");
            assertThat(sent.get("temperature").asDouble()).isEqualTo(0.5);
            assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
            assertThat(sent.get("max_tokens").asInt()).isEqualTo(50);
            assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Answer with a name.");
        }

        for (String method : List.of("alpha.eval.runEval", "alpha.eval.runEvalAlpha")) {
            JsonNode job = client.call(
                            method,
                            "conformance/capitals-bench",
                            Map.of("benchmark_config", config(Map.of("strategy", Map.of("type", "greedy")), 3)))
                    .result();
            assertThat(job.get("status").asText()).isIn("scheduled", "in_progress", "completed");
            String jobId = job.get("job_id").asText();
            assertThat(awaitJob("conformance/capitals-bench", jobId)
                            .get("status")
                            .asText())
                    .isEqualTo("completed");
            JsonNode result = client.call("alpha.eval.jobs.retrieve", "conformance/capitals-bench", jobId)
                    .result();
            assertThat(result.get("generations").findValuesAsText("generated_answer"))
                    .as(method)
                    .containsExactly("The capital of France is Paris.", "Mark Zuckerberg", "Jupiter");
            assertThat(result.at("/scores/basic::subset_of/aggregated_results/accuracy/num_total")
                            .asInt())
                    .isEqualTo(3);
        }

        assertThat(client.call("alpha.benchmarks.unregister", "conformance/capitals-bench")
                        .result()
                        .isNull())
                .isTrue();
        assertThat(client.call("alpha.benchmarks.retrieve", "conformance/capitals-bench")
                        .failure()
                        .get("status")
                        .asInt())
                .isEqualTo(404);
    }

    @Test
    void aCancelledJobStopsCallingTheModel() throws Exception {
        List<Map<String, Object>> rows = IntStream.range(0, 20)
                .mapToObj(i -> Map.<String, Object>of(
                        "input_query", "Capital of France, " + i + "?", "expected_answer", "Paris"))
                .toList();
        client.call(
                        "beta.datasets.register",
                        Map.of(
                                "purpose",
                                "eval/question-answer",
                                "source",
                                Map.of("rows", rows),
                                "dataset_id",
                                "conformance/twenty"))
                .result();
        client.call(
                        "alpha.benchmarks.register",
                        Map.of(
                                "benchmark_id", "conformance/twenty",
                                "dataset_id", "conformance/twenty",
                                "scoring_functions", List.of("basic::subset_of")))
                .result();
        int before = model.calls();
        model.hold();
        String jobId;
        try {
            jobId = client.call(
                            "alpha.eval.runEval",
                            "conformance/twenty",
                            Map.of("benchmark_config", config(Map.of(), null)))
                    .result()
                    .get("job_id")
                    .asText();
            while (model.calls() < before + 2) {
                Thread.sleep(10);
            }
            assertThat(client.call("alpha.eval.jobs.cancel", "conformance/twenty", jobId)
                            .result()
                            .isNull())
                    .isFalse();
        } finally {
            model.open();
        }
        JsonNode status = awaitJob("conformance/twenty", jobId);
        assertThat(status.get("status").asText()).isEqualTo("cancelled");
        assertThat(model.calls() - before).isEqualTo(2);
        JsonNode result = client.call("alpha.eval.jobs.retrieve", "conformance/twenty", jobId)
                .failure();
        assertThat(result.get("status").asInt()).isEqualTo(400);
        assertThat(result.at("/body/error/message").asText())
                .startsWith("job " + jobId + " is cancelled; its result is there when it is completed");
    }

    @Test
    void errorsComeAsTheClientsErrorClasses() throws Exception {
        JsonNode bad = client.call(
                        "beta.datasets.register",
                        Map.of("purpose", "eval/anything", "source", Map.of("rows", List.of())))
                .failure();
        assertThat(bad.get("class").asText()).isEqualTo("BadRequestError");
        assertThat(bad.get("status").asInt()).isEqualTo(400);
        assertThat(bad.at("/body/error/message").asText())
                .isEqualTo("'purpose' must be one of eval/question-answer, eval/messages-answer, was 'eval/anything'");
        try (NodeClient anonymous = new NodeClient(module, server.server.baseUrl(), null, dir)) {
            JsonNode denied = anonymous.call("beta.datasets.list").failure();
            assertThat(denied.get("class").asText()).isEqualTo("AuthenticationError");
            assertThat(denied.get("status").asInt()).isEqualTo(401);
        }
    }
}
