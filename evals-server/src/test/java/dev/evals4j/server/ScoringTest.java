package dev.evals4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringTest {
    @TempDir
    Path dir;

    /** The rows of a JSON Lines or CSV test resource, read through the server's own datasets. */
    private static List<Map<String, Object>> rows(TestServer s, String resource) {
        String id = "rows-of-" + resource;
        s.post(
                "/v1beta/datasets",
                Map.of(
                        "dataset_id",
                        id,
                        "purpose",
                        "eval/question-answer",
                        "source",
                        Map.of("uri", s.resource(resource).toString())));
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode row : s.get("/v1beta/datasetio/iterrows/" + id).json().get("data")) {
            out.add(TestServer.JSON.convertValue(
                    row, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
        }
        return out;
    }

    /** Compares a result with Llama Stack's golden one: each row's score, and each golden key of each aggregation. */
    private static void assertGolden(JsonNode result, String key) throws Exception {
        JsonNode golden =
                TestServer.JSON.readTree(TestServer.text("golden_scores.json")).get(key);
        // evals4j adds details (parsed_answer) to a row; the scores are Llama Stack's
        assertThat(result.get("score_rows").findValues("score"))
                .isEqualTo(golden.get("score_rows").findValues("score"));
        for (Map.Entry<String, JsonNode> a : golden.get("aggregated_results").properties()) {
            for (Map.Entry<String, JsonNode> v : a.getValue().properties()) {
                assertThat(result.at("/aggregated_results/" + a.getKey() + "/" + v.getKey()))
                        .as(key + " " + a.getKey() + "." + v.getKey())
                        .isEqualTo(v.getValue());
            }
        }
    }

    @Test
    void scoresRowsAsLlamaStacksGoldenScores() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            Map<String, Object> functions = new LinkedHashMap<>();
            functions.put("basic::equality", null);
            functions.put("basic::subset_of", Map.of("type", "basic"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("input_rows", rows(s, "test_dataset.csv"));
            body.put("scoring_functions", functions);
            TestServer.Reply r = s.post("/v1/scoring/score", body);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertGolden(
                    r.json().at("/results/basic::equality"),
                    "test_dataset.csv::basic::equality(default aggs=[accuracy])");
            assertGolden(
                    r.json().at("/results/basic::subset_of"),
                    "test_dataset.csv::basic::subset_of(default aggs=[accuracy])");

            body.put(
                    "scoring_functions",
                    Map.of(
                            "basic::equality",
                            Map.of(
                                    "type",
                                    "basic",
                                    "aggregation_functions",
                                    List.of("accuracy", "median", "categorical_count", "average"))));
            assertGolden(
                    s.post("/v1/scoring/score", body).json().at("/results/basic::equality"),
                    "test_dataset.csv::basic::equality(aggs=[accuracy,median,categorical_count,average])");

            body.put("input_rows", rows(s, "mc_rows.jsonl"));
            body.put("scoring_functions", Map.of("basic::regex_parser_multiple_choice_answer", Map.of()));
            assertGolden(
                    s.post("/v1/scoring/score", body).json().at("/results/basic::regex_parser_multiple_choice_answer"),
                    "mc_rows.jsonl::basic::regex_parser_multiple_choice_answer");
        }
    }

    @Test
    void listsTheScorersAsScoringFunctions() {
        try (TestServer s = TestServer.start(dir)) {
            JsonNode list = s.get("/v1/scoring-functions").json().get("data");
            assertThat(list.findValuesAsText("identifier"))
                    .contains(
                            "basic::equality", "basic::subset_of", "llm-as-judge::base", "llm-as-judge::405b-simpleqa");
            JsonNode equality = s.get("/v1/scoring-functions/basic::equality").json();
            assertThat(equality.get("provider_id").asText()).isEqualTo("basic");
            assertThat(equality.get("type").asText()).isEqualTo("scoring_function");
            assertThat(equality.at("/return_type/type").asText()).isEqualTo("number");
            assertThat(equality.at("/params/type").asText()).isEqualTo("basic");
            assertThat(equality.at("/params/aggregation_functions/0").asText()).isEqualTo("accuracy");
            JsonNode regex = s.get("/v1/scoring-functions/basic::regex_parser_multiple_choice_answer")
                    .json();
            assertThat(regex.at("/params/type").asText()).isEqualTo("regex_parser");
            assertThat(regex.at("/params/parsing_regexes").size()).isGreaterThan(40);
            assertThat(s.get("/v1/scoring-functions/llm-as-judge::405b-simpleqa")
                            .json()
                            .at("/return_type/type")
                            .asText())
                    .isEqualTo("string");
            TestServer.Reply missing = s.get("/v1/scoring-functions/basic::nope");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.message())
                    .isEqualTo("Scoring function 'basic::nope' not found. Use 'client.scoring_functions.list()' to"
                            + " list available Scoring functions.");
            TestServer.Reply noSuchParam = s.post(
                    "/v1/scoring-functions",
                    Map.of(
                            "scoring_fn_id",
                            "my/eq",
                            "description",
                            "equality",
                            "return_type",
                            Map.of("type", "number"),
                            "provider_scoring_fn_id",
                            "basic::equality",
                            "params",
                            Map.of("type", "basic", "bogus", 1)));
            assertThat(noSuchParam.status()).isEqualTo(400);
            assertThat(noSuchParam.message())
                    .isEqualTo("the scoring function 'my/eq' (basic::equality) takes no 'bogus'; it takes no"
                            + " parameters");
            TestServer.Reply builtIn = s.delete("/v1/scoring-functions/basic::equality");
            assertThat(builtIn.status()).isEqualTo(400);
            assertThat(builtIn.message())
                    .isEqualTo("the scoring function 'basic::equality' is a scorer of evals4j, not a registered"
                            + " function; it cannot be unregistered");
        }
    }

    @Test
    void requestParamsApplyToTheirRequestOnlyAndNeverChangeTheRegisteredFunction() {
        try (TestServer s = TestServer.start(dir)) {
            TestServer.Reply registered = s.post(
                    "/v1/scoring-functions",
                    Map.of(
                            "scoring_fn_id",
                            "letters/after-pick",
                            "description",
                            "the letter after 'Pick:'",
                            "return_type",
                            Map.of("type", "number"),
                            "params",
                            Map.of(
                                    "type",
                                    "regex_parser",
                                    "parsing_regexes",
                                    List.of("Pick: ([A-D])"),
                                    "aggregation_functions",
                                    List.of("accuracy"))));
            assertThat(registered.status()).as(registered.text()).isEqualTo(200);
            List<Map<String, Object>> rows = List.of(
                    Map.of("generated_answer", "Pick: B. Answer: C", "expected_answer", "B"),
                    Map.of("generated_answer", "Pick: A. Answer: C", "expected_answer", "C"));
            Map<String, Object> registeredParams = new LinkedHashMap<>();
            registeredParams.put("letters/after-pick", null);
            JsonNode own = s.post(
                            "/v1/scoring/score", Map.of("input_rows", rows, "scoring_functions", registeredParams))
                    .json();
            assertThat(own.at("/results/letters~1after-pick/aggregated_results/accuracy/num_correct")
                            .asDouble())
                    .isEqualTo(1.0);
            assertThat(own.at("/results/letters~1after-pick/score_rows/0/score").asDouble())
                    .isEqualTo(1.0);

            JsonNode overridden = s.post(
                            "/v1/scoring/score",
                            Map.of(
                                    "input_rows",
                                    rows,
                                    "scoring_functions",
                                    Map.of(
                                            "letters/after-pick",
                                            Map.of(
                                                    "type",
                                                    "regex_parser",
                                                    "parsing_regexes",
                                                    List.of("Answer: ([A-D])")))))
                    .json();
            assertThat(overridden
                            .at("/results/letters~1after-pick/score_rows/1/score")
                            .asDouble())
                    .isEqualTo(1.0);
            assertThat(overridden
                            .at("/results/letters~1after-pick/score_rows/0/score")
                            .asDouble())
                    .isEqualTo(0.0);

            JsonNode after = s.get("/v1/scoring-functions/letters/after-pick").json();
            assertThat(after.at("/params/parsing_regexes/0").asText()).isEqualTo("Pick: ([A-D])");
            assertThat(after.get("provider_resource_id").asText())
                    .isEqualTo("basic::regex_parser_multiple_choice_answer");
            JsonNode again = s.post(
                            "/v1/scoring/score", Map.of("input_rows", rows, "scoring_functions", registeredParams))
                    .json();
            assertThat(again.get("results")).isEqualTo(own.get("results"));
        }
        // registered functions are kept
        try (TestServer s = TestServer.start(dir)) {
            assertThat(s.get("/v1/scoring-functions/letters/after-pick").status())
                    .isEqualTo(200);
            assertThat(s.delete("/v1/scoring-functions/letters/after-pick").status())
                    .isEqualTo(200);
            assertThat(s.get("/v1/scoring-functions/letters/after-pick").status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aRegisteredJudgeCallsItsModelThroughTheInferenceServerAndReturnsNumbers() throws Exception {
        try (FakeInference judge = new FakeInference(
                        prompt -> prompt.contains("Paris") ? "Close enough. Rating: 4" : "Wrong. Rating: 1");
                TestServer s = TestServer.start(
                        dir, b -> b.inferenceBaseUrl(judge.baseUrl()).model("judge-large", "served-judge"))) {
            TestServer.Reply registered = s.post(
                    "/v1/scoring-functions",
                    Map.of(
                            "scoring_fn_id",
                            "judge-0-5",
                            "description",
                            "a 0-5 judge",
                            "return_type",
                            Map.of("type", "number"),
                            "params",
                            Map.of(
                                    "type", "llm_as_judge",
                                    "judge_model", "judge-large",
                                    "prompt_template",
                                            "Q: {input_query}\nExpected: {expected_answer}\nGot: {generated_answer}",
                                    "judge_score_regexes", List.of("Rating: (\\d+)"),
                                    "aggregation_functions", List.of("average"))));
            assertThat(registered.status()).as(registered.text()).isEqualTo(200);
            Map<String, Object> fns = new LinkedHashMap<>();
            fns.put("judge-0-5", null);
            JsonNode result = s.post(
                            "/v1/scoring/score",
                            Map.of(
                                    "input_rows",
                                    List.of(
                                            Map.of(
                                                    "input_query",
                                                    "Capital of France?",
                                                    "generated_answer",
                                                    "Paris",
                                                    "expected_answer",
                                                    "Paris"),
                                            Map.of(
                                                    "input_query",
                                                    "Capital of Peru?",
                                                    "generated_answer",
                                                    "Quito",
                                                    "expected_answer",
                                                    "Lima")),
                                    "scoring_functions",
                                    fns))
                    .json();
            JsonNode rows = result.at("/results/judge-0-5/score_rows");
            assertThat(rows.get(0).get("score").asDouble()).isEqualTo(4.0);
            assertThat(rows.get(0).get("judge_feedback").asText()).isEqualTo("Close enough. Rating: 4");
            assertThat(rows.get(1).get("score").asDouble()).isEqualTo(1.0);
            assertThat(result.at("/results/judge-0-5/aggregated_results/average/average")
                            .asDouble())
                    .isEqualTo(2.5);
            assertThat(judge.requests()).hasSize(2);
            assertThat(judge.requests().get(0).get("model").asText()).isEqualTo("served-judge");
        }
    }

    @Test
    void scoreBatchScoresADatasetAndSavesTheResultsAsADataset() {
        try (TestServer s = TestServer.start(dir)) {
            s.post(
                    "/v1beta/datasets",
                    Map.of(
                            "dataset_id",
                            "qa",
                            "purpose",
                            "eval/question-answer",
                            "source",
                            Map.of("uri", s.resource("test_dataset.jsonl").toString())));
            TestServer.Reply r = s.post(
                    "/v1/scoring/score-batch",
                    Map.of(
                            "dataset_id",
                            "qa",
                            "scoring_functions",
                            Map.of("basic::equality", Map.of()),
                            "save_results_dataset",
                            true));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json()
                            .at("/results/basic::equality/aggregated_results/accuracy/accuracy")
                            .asDouble())
                    .isEqualTo(0.6);
            String saved = r.json().get("dataset_id").asText();
            assertThat(saved).startsWith("qa-scored-");
            JsonNode rows = s.get("/v1beta/datasetio/iterrows/" + saved).json().get("data");
            assertThat(rows).hasSize(5);
            assertThat(rows.get(0).get("expected_answer").asText()).isEqualTo("Paris");
            assertThat(rows.get(0).at("/basic::equality/score").asDouble()).isEqualTo(0.0);
            assertThat(rows.get(1).at("/basic::equality/score").asDouble()).isEqualTo(1.0);
        }
    }

    @Test
    void refusesRowsWithoutTheColumnsAFunctionNeedsAndUnknownFunctions() {
        try (TestServer s = TestServer.start(dir)) {
            TestServer.Reply missing = s.post(
                    "/v1/scoring/score",
                    Map.of(
                            "input_rows",
                                    List.of(
                                            Map.of("generated_answer", "a", "expected_answer", "a"),
                                            Map.of("generated_answer", "b")),
                            "scoring_functions", Map.of("basic::equality", Map.of())));
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.message())
                    .isEqualTo("row 1 has no column 'expected_answer' (needed by basic::equality); its columns:"
                            + " generated_answer");
            TestServer.Reply unknown = s.post(
                    "/v1/scoring/score",
                    Map.of(
                            "input_rows", List.of(Map.of("generated_answer", "a", "expected_answer", "a")),
                            "scoring_functions", Map.of("basic::nope", Map.of())));
            assertThat(unknown.status()).isEqualTo(404);
            TestServer.Reply badAggregation = s.post(
                    "/v1/scoring/score",
                    Map.of(
                            "input_rows", List.of(Map.of("generated_answer", "a", "expected_answer", "a")),
                            "scoring_functions",
                                    Map.of("basic::equality", Map.of("aggregation_functions", List.of("mode")))));
            assertThat(badAggregation.status()).isEqualTo(400);
            assertThat(badAggregation.message())
                    .startsWith("'scoring_functions.basic::equality.aggregation_functions' holds 'mode', which is no"
                            + " aggregation function; known: ");
            TestServer.Reply judgeParamsOnABasicScorer = s.post(
                    "/v1/scoring/score",
                    Map.of(
                            "input_rows", List.of(Map.of("generated_answer", "a", "expected_answer", "a")),
                            "scoring_functions",
                                    Map.of("basic::equality", Map.of("type", "llm_as_judge", "judge_model", "m"))));
            assertThat(judgeParamsOnABasicScorer.status()).isEqualTo(400);
            assertThat(judgeParamsOnABasicScorer.message())
                    .isEqualTo("the scoring function 'basic::equality' (basic::equality) calls no judge; leave out"
                            + " 'scoring_functions.basic::equality.judge_model'");
        }
    }
}
