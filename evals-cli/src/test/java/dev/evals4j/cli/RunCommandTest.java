package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import dev.evals4j.hf.FakeHub;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evals run} and {@code evals jobs} against a fake OpenAI-compatible server on loopback. */
class RunCommandTest {
    private static final Map<String, String> CAPITALS = Map.ofEntries(
            Map.entry("France", "Paris"),
            Map.entry("Australia", "Canberra"),
            Map.entry("Japan", "Tokyo"),
            Map.entry("Canada", "Ottawa"),
            Map.entry("Brazil", "Brasília"),
            Map.entry("Germany", "Berlin"),
            Map.entry("Turkey", "Ankara"),
            Map.entry("Egypt", "Cairo"),
            Map.entry("Nigeria", "Abuja"),
            Map.entry("South Korea", "Seoul"),
            Map.entry("Kenya", "Nairobi"),
            Map.entry("Switzerland", "Geneva"));
    private static final Pattern COUNTRY = Pattern.compile("capital of ([A-Za-z ]+)\\?");

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody() == null ? "" : request.getBody().utf8();
                Matcher m = COUNTRY.matcher(body);
                String answer = m.find() ? CAPITALS.getOrDefault(m.group(1), "I do not know") : "I do not know";
                return new MockResponse.Builder()
                        .addHeader("Content-Type", "application/json")
                        .body("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1702685778,"
                                + "\"model\":\"qwen\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                                + "\"content\":\" " + answer + "\\n\",\"refusal\":null},\"logprobs\":null,"
                                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":3,"
                                + "\"total_tokens\":23}}")
                        .build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("EVALS_JOBS_DIR", dir.resolve("jobs").toString());
        all.put("HF_HUB_CACHE", dir.resolve("hf").toString());
        all.put("EVALS4J_CACHE_DIR", dir.resolve("cache").toString());
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    /** {@code evals run} of the example capitals against the fake server's model, then {@code more} options. */
    private String[] capitals(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "run", "--dataset", "../evals-examples/data/capitals.csv", "--base-url", baseUrl(), "--model", "qwen"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private String baseUrl() {
        return server.url("/v1").toString();
    }

    @Test
    void runsAModelOverADatasetAndScoresItsAnswers() throws Exception {
        Path output = dir.resolve("run");
        int code = run(
                Map.of("TEST_KEY", "sk-secret-123"),
                capitals(
                        "--api-key-env",
                        "TEST_KEY",
                        "--system",
                        "Answer with the city only.",
                        "--prompt-template",
                        "{input_query}",
                        "--scorer",
                        "basic::equality",
                        "--temperature",
                        "0",
                        "--max-tokens",
                        "16",
                        "--concurrency",
                        "4",
                        "--output",
                        output.toString()));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("basic::equality  accuracy  0.9167");
        assertThat(out.toString()).contains("12 samples; 276 tokens; results in " + output);
        JsonNode results = Json.MAPPER.readTree(output.resolve("results.json").toFile());
        assertThat(results.at("/generator/id").asText()).isEqualTo("openai-compatible");
        assertThat(results.at("/usage/total_tokens").asInt()).isEqualTo(276);
        assertThat(results.at("/generator_stats/calls").asInt()).isEqualTo(12);
        assertThat(results.at("/generator_stats/retries").asInt()).isZero();
        assertThat(results.at("/generator_stats/cache/writes").asInt()).isEqualTo(12);
        assertThat(dir.resolve("cache/responses")).isDirectory();
        RecordedRequest first = server.takeRequest();
        assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer sk-secret-123");
        JsonNode body = Json.MAPPER.readTree(first.getBody().utf8());
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("Answer with the city only.");
        assertThat(body.at("/temperature").asDouble()).isEqualTo(0.0);
        assertThat(body.at("/max_tokens").asInt()).isEqualTo(16);
        for (Path file :
                List.of(output.resolve("results.json"), output.resolve("samples.jsonl"), output.resolve("run.json"))) {
            assertThat(Files.readString(file)).doesNotContain("sk-secret-123");
        }
    }

    @Test
    void aResumedRunKeepsItsConcurrencyUnlessAskedForAnother() throws IOException {
        Path output = dir.resolve("run");
        assertThat(run(
                        Map.of(),
                        capitals("--scorer", "basic::equality", "--concurrency", "5", "--output", output.toString())))
                .as(err.toString())
                .isZero();

        assertThat(concurrencyAfterResume(output)).isEqualTo(5);
        assertThat(concurrencyAfterResume(output, "--concurrency", "2")).isEqualTo(2);
    }

    /** {@code evals run --resume} of a run folder, then {@code more} options: the concurrency its results record. */
    private int concurrencyAfterResume(Path output, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--resume", "--output", output.toString()));
        args.addAll(List.of(more));
        assertThat(run(Map.of(), args.toArray(String[]::new)))
                .as(err.toString())
                .isZero();
        return Json.MAPPER
                .readTree(output.resolve("results.json").toFile())
                .get("concurrency")
                .asInt();
    }

    @Test
    void resumeContinuesARunFromItsFolder() throws IOException {
        Path output = dir.resolve("run");
        String[] args = capitals(
                "--scorer", "basic::equality", "--no-cache", "--max-tokens", "16", "--output", output.toString());
        assertThat(run(Map.of(), args)).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(output.resolve("samples.jsonl"));
        Files.write(output.resolve("samples.jsonl"), lines.subList(0, 5));
        Files.delete(output.resolve("results.json"));
        int before = server.getRequestCount();

        String[] resume = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(args), java.util.stream.Stream.of("--resume"))
                .toArray(String[]::new);

        assertThat(run(Map.of(), resume)).as(err.toString()).isZero();
        assertThat(server.getRequestCount() - before).isEqualTo(7);
        assertThat(Files.readAllLines(output.resolve("samples.jsonl"))).hasSize(12);

        String[] otherModel = resume.clone();
        otherModel[6] = "llama";
        assertThat(run(Map.of(), otherModel)).isEqualTo(2);
        assertThat(err.toString())
                .contains("evals: --resume: the run in " + output + " was started with"
                        + " generator.params.model \"qwen\", not \"llama\"; give the same options, or only --resume --output "
                        + output);
    }

    @Test
    void aDetachedRunIsAJobThatAnotherCommandFollows() throws Exception {
        int code = run(Map.of(), capitals("--scorer", "basic::equality", "--detach"));

        assertThat(code).as(err.toString()).isZero();
        Matcher id = Pattern.compile("job (job-\\S+) runs in the background").matcher(out.toString());
        assertThat(id.find()).as(out.toString()).isTrue();
        String jobId = id.group(1);
        String status = "";
        for (int i = 0; i < 600 && !status.equals("completed") && !status.equals("failed"); i++) {
            Thread.sleep(50);
            out.getBuffer().setLength(0);
            run(Map.of(), "jobs", "list");
            Matcher m = Pattern.compile(Pattern.quote(jobId) + " +(\\S+)").matcher(out.toString());
            status = m.find() ? m.group(1) : "";
        }
        assertThat(status)
                .as(Files.readString(dir.resolve("jobs").resolve(jobId).resolve("log.txt")))
                .isEqualTo("completed");

        out.getBuffer().setLength(0);
        assertThat(run(Map.of(), "jobs", "show", jobId)).isZero();
        assertThat(out.toString()).contains("status    completed").contains("basic::equality  accuracy  0.9167");
    }

    @Test
    void runsOverAHubDatasetServedByAFakeHub() {
        try (FakeHub hub = new FakeHub()) {
            hub.publishQaExport();

            int code = run(
                    Map.of("HF_ENDPOINT", hub.endpoint()),
                    "run",
                    "--dataset",
                    "hf://datasets/llamastack/evals-qa?split=test",
                    "--base-url",
                    baseUrl(),
                    "--model",
                    "qwen",
                    "--scorer",
                    "basic::subset_of",
                    "--output",
                    dir.resolve("hf-run").toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("5 samples; 115 tokens");
        }
    }

    @Test
    void aRunWhoseEverySampleFailsExitsWithOneAndIsNotCompleted() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder()
                        .code(400)
                        .addHeader("Content-Type", "application/json")
                        .body("{\"error\":{\"message\":\"This model's maximum context length is 4097 tokens.\","
                                + "\"type\":\"invalid_request_error\",\"param\":\"messages\","
                                + "\"code\":\"context_length_exceeded\"}}")
                        .build();
            }
        });
        Path output = dir.resolve("run");

        int code =
                run(Map.of(), capitals("--scorer", "basic::equality", "--limit", "3", "--output", output.toString()));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains("evals: the run failed: every one of its 3 samples failed (the first: POST " + baseUrl()
                        + "/chat/completions answered 400 Bad Request: This model's maximum context length is 4097"
                        + " tokens. (invalid_request_error, context_length_exceeded, param messages)); what it did"
                        + " is in " + output);
        assertThat(Files.readString(output.resolve("samples.jsonl"))).contains("maximum context length is 4097 tokens");
        assertThat(Files.readString(output.resolve("results.json"))).contains("\"status\" : \"failed\"");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }
}
