package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evals score} with an LLM judge on an OpenAI-compatible server on loopback. */
class JudgeCliTest {
    private static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        // a judge that compares the expert and the submitted answer literally: the same is C, else D
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                JsonNode body;
                try {
                    body = Json.MAPPER.readTree(request.getBody().utf8());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                String prompt = body.at("/messages/0/content").asText();
                String expert = between(prompt, "[Expert answer]\n", "\n");
                String submission = between(prompt, "[Submitted answer]\n", "\n");
                String content = "{\"reasoning\": \"compared\", \"choice\": \""
                        + (expert.equals(submission) ? "C" : "D") + "\"}";
                String completion = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1727346173,"
                        + "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":" + Json.write(content) + ",\"refusal\":null},\"logprobs\":null,"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":200,\"completion_tokens\":12,"
                        + "\"total_tokens\":212}}";
                return new MockResponse.Builder()
                        .addHeader("Content-Type", "application/json")
                        .body(completion)
                        .build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    @Test
    void scoresTheRagDatasetWithAFactualityJudgeGivenByParams() throws IOException {
        Path output = dir.resolve("run");
        String judgeParams =
                "{\"cache_dir\": " + Json.write(dir.resolve("cache").toString()) + ", \"max_retries\": 0}";

        int code = Main.run(
                new String[] {
                    "score",
                    "--dataset",
                    Path.of("src/test/resources/llama-stack/test_rag_dataset.csv")
                            .toString(),
                    "--scorer",
                    "braintrust::factuality",
                    "--param",
                    "braintrust::factuality.judge_base_url=" + server.url("/v1"),
                    "--param",
                    "braintrust::factuality.judge_model=" + MODEL,
                    "--param",
                    "braintrust::factuality.judge_params=" + judgeParams,
                    "--output",
                    output.toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.of("EVALS4J_CACHE_DIR", dir.resolve("evals4j-cache").toString()));

        assertThat(code).as(err.toString()).isZero();
        JsonNode results = Json.MAPPER.readTree(output.resolve("results.json").toFile());
        // London/Paris and China/Vatican City contradict (0); the other three agree (1)
        assertThat(results.at("/scores/braintrust::factuality/aggregated_results/average/average")
                        .asDouble())
                .isEqualTo(0.6);
        assertThat(results.at("/scores/braintrust::factuality/num_unscored").asInt())
                .isZero();
        assertThat(results.at("/scores/braintrust::factuality/num_errors").asInt())
                .isZero();
        assertThat(results.at("/judge_usage/prompt_tokens").asLong()).isEqualTo(1000);
        assertThat(results.at("/judge_usage/completion_tokens").asLong()).isEqualTo(60);
        assertThat(server.getRequestCount()).isEqualTo(5);
        assertThat(results.at("/judge_stats/calls").asLong()).isEqualTo(5);
        assertThat(results.at("/judge_stats/failed").asLong()).isZero();
        assertThat(out.toString()).contains("braintrust::factuality  average  0.6000");
    }

    @Test
    void aJudgeWithoutAModelFailsBeforeScoringAndSaysWhichParameterIsMissing() {
        int code = Main.run(
                new String[] {
                    "score",
                    "--dataset",
                    Path.of("src/test/resources/llama-stack/test_rag_dataset.csv")
                            .toString(),
                    "--scorer",
                    "braintrust::factuality",
                    "--param",
                    "braintrust::factuality.judge_base_url=" + server.url("/v1"),
                    "--output",
                    dir.resolve("run").toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.of("EVALS4J_CACHE_DIR", dir.resolve("evals4j-cache").toString()));

        assertThat(code).isNotZero();
        assertThat(err.toString())
                .contains("the judge of braintrust::factuality cannot be configured:"
                        + " openai-compatible needs the parameter model;");
        assertThat(server.getRequestCount()).isZero();
    }
}
