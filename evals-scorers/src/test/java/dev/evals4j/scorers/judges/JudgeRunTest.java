package dev.evals4j.scorers.judges;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.core.Evals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scoring run with a judge on loopback, through the pipeline: what results.json and the journal say. */
class JudgeRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Map<String, Object>> ROWS = List.of(
            Map.of(
                    "input_query",
                    "What is the capital of France?",
                    "generated_answer",
                    "London",
                    "expected_answer",
                    "Paris"),
            Map.of(
                    "input_query",
                    "Who is the CEO of Meta?",
                    "generated_answer",
                    "Mark Zuckerberg",
                    "expected_answer",
                    "Mark Zuckerberg"),
            Map.of(
                    "input_query",
                    "What is the largest planet in our solar system?",
                    "generated_answer",
                    "Jupiter",
                    "expected_answer",
                    "Jupiter"),
            Map.of(
                    "input_query",
                    "What is the smallest country in the world?",
                    "generated_answer",
                    "China",
                    "expected_answer",
                    "Vatican City"),
            Map.of(
                    "input_query",
                    "What is the currency of Japan?",
                    "generated_answer",
                    "Yen",
                    "expected_answer",
                    "Yen"));

    @TempDir
    Path dir;

    private JudgeServer judge;

    @BeforeEach
    void start() throws IOException {
        judge = new JudgeServer();
        // answers by the question: the same answer is C, a wrong one D; the smallest country gets an unreadable
        // answer, and the currency question a server that keeps failing
        judge.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                String body = request.getBody().utf8();
                if (body.contains("currency of Japan")) {
                    return new MockResponse.Builder()
                            .code(503)
                            .addHeader("Content-Type", "application/json")
                            .body("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")
                            .build();
                }
                String content = body.contains("smallest country")
                        ? "I would need to think about this more."
                        : body.contains("London") ? "{\"choice\": \"D\"}" : "{\"choice\": \"C\"}";
                return new MockResponse.Builder()
                        .addHeader("Content-Type", "application/json")
                        .body(JudgeServer.completion(content, 150, 10))
                        .build();
            }
        });
    }

    @AfterEach
    void stop() {
        judge.close();
    }

    @Test
    void unreadableAnswersAndFailedCallsAreCountedApartAndTheJudgesTokensApartFromTheCandidates() throws IOException {
        ScorerSpec factuality = ScorerSpec.of(FactualityScorer.ID);
        for (Map.Entry<String, Object> p :
                judge.params(dir.resolve("cache"), Map.of()).entrySet()) {
            factuality = factuality.withParam(p.getKey(), p.getValue());
        }
        Path out = dir.resolve("run");

        EvalResult result = Evals.create()
                .evals()
                .runScoring(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofRows("rag", ROWS))
                        .scorer(factuality)
                        .outputDir(out)
                        .build());

        assertThat(result.score(FactualityScorer.ID).numRows()).isEqualTo(5);
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        JsonNode scores = results.at("/scores/braintrust::factuality");
        assertThat(results.at("/status").asText()).isEqualTo("completed");
        assertThat(scores.at("/num_rows").asInt()).isEqualTo(5);
        assertThat(scores.at("/num_unscored").asInt()).isEqualTo(1);
        assertThat(scores.at("/num_errors").asInt()).isEqualTo(1);
        // 3 scored rows: 0 (London), 1, 1
        assertThat(scores.at("/aggregated_results/average/average").asDouble()).isEqualTo(2.0 / 3);
        // 4 answered calls of 150 + 10 tokens; the failed one reported none; no candidate model was called
        assertThat(results.at("/judge_usage/prompt_tokens").asLong()).isEqualTo(600);
        assertThat(results.at("/judge_usage/completion_tokens").asLong()).isEqualTo(40);
        assertThat(results.has("usage")).isFalse();
        assertThat(results.toString()).doesNotContain("api_key");

        List<JsonNode> lines = journal(out);
        assertThat(lines.get(0).at("/scores/braintrust::factuality/score").asDouble())
                .isEqualTo(0.0);
        assertThat(lines.get(0)
                        .at("/scores/braintrust::factuality/judge_choice")
                        .asText())
                .isEqualTo("D");
        JsonNode unscored = lines.get(3).at("/scores/braintrust::factuality");
        assertThat(unscored.get("score").isNull()).isTrue();
        assertThat(unscored.get("unscored").asText())
                .isEqualTo("the judge's answer holds none of the choices A, B, C, D, E");
        assertThat(unscored.get("judge_feedback").asText()).isEqualTo("I would need to think about this more.");
        JsonNode failed = lines.get(4).at("/scores/braintrust::factuality");
        assertThat(failed.at("/error/type").asText()).isEqualTo("ModelCallException");
        assertThat(failed.at("/error/message").asText())
                .startsWith("the judge " + JudgeServer.MODEL + " of braintrust::factuality could not be called: POST "
                        + judge.baseUrl() + "/chat/completions");
        assertThat(lines.get(4).get("error").isNull()).isTrue();
    }

    private static List<JsonNode> journal(Path out) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        lines.sort(Comparator.comparingLong(n -> n.get("index").asLong()));
        return lines;
    }
}
