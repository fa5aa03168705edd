package dev.evals4j.core.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.evals4j.api.Cancellation;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.Job;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.RunCancelledException;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.Evals;
import dev.evals4j.core.generation.ServerShapes;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real output of runs and jobs, checked against the JSON Schemas published in {@code docs/schemas}. */
class RunFilesSchemaTest {
    private static final String BASE = "https://evals4j.dev/schemas/";
    private static final Path SCHEMAS = Path.of("..", "docs", "schemas");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .build())
                    .schemas(iri -> iri.startsWith(BASE) ? read(SCHEMAS.resolve(iri.substring(BASE.length()))) : null));

    @TempDir
    Path dir;

    private MockWebServer server;

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A judge-like scorer: scores 1 and reports its own model's tokens. */
    static final class TokenJudge implements BaseScorer {
        @Override
        public String id() {
            return "test::judge";
        }

        @Override
        public String description() {
            return "reports judge tokens (test fake)";
        }

        @Override
        public ScoreResult score(ScorerInputSample sample) {
            return ScoreResult.of(1.0)
                    .withDetails(Map.of("judge_feedback", "fine"))
                    .withJudgeUsage(new Usage(12, 3));
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        // the model answers every question but one, which it refuses as a bad request
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getBody().utf8().contains("q3")) {
                    return new MockResponse.Builder()
                            .code(400)
                            .addHeader("Content-Type", "application/json")
                            .body("{\"error\":{\"message\":\"bad prompt\",\"type\":\"invalid_request_error\"}}")
                            .build();
                }
                return new MockResponse.Builder()
                        .addHeader("Content-Type", "application/json")
                        .body(ServerShapes.VLLM_CHAT)
                        .build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<Map<String, Object>> rows(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Map.of("input_query", "q" + i, "generated_answer", "Paris", "expected_answer", List.of("Paris")));
        }
        return rows;
    }

    /** Every plugin on the class path, and the core's test scorer test::exact. */
    private static Evals.Builder builder() {
        return TestEvals.builder()
                .plugins(PluginRegistry.builder().register(new ExactScorer()).build());
    }

    private Evals evals() {
        return builder().responseCacheDir(dir.resolve("responses")).build();
    }

    private static Schema schema(String name) {
        return REGISTRY.getSchema(SchemaLocation.of(BASE + name));
    }

    private static void assertValid(String schema, JsonNode document) {
        assertThat(schema(schema).validate(document))
                .as("%s against %s", document, schema)
                .isEmpty();
    }

    private static void assertValid(String schema, Path file) throws IOException {
        assertValid(schema, RunFiles.mapper().readTree(file.toFile()));
    }

    private static void assertLinesValid(Path journal) throws IOException {
        List<String> lines = Files.readAllLines(journal);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertValid("sample.schema.json", RunFiles.mapper().readTree(line));
        }
    }

    @Test
    void aScoringRunWritesFilesThatMatchTheirSchemas() throws IOException {
        Path out = dir.resolve("scoring");
        builder()
                .build()
                .evals()
                .runScoring(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofRows("rows", rows(4)))
                        .scorer(ScorerSpec.of("test::exact").withAggregations("accuracy", "categorical_count"))
                        .scorer(new TokenJudge())
                        .limit(3)
                        .sampleSeed(7)
                        .outputDir(out)
                        .build());

        assertValid("run.schema.json", out.resolve(RunFiles.RUN));
        assertValid("results.schema.json", out.resolve(RunFiles.RESULTS));
        assertLinesValid(out.resolve(RunFiles.SAMPLES));
    }

    /** Scores 1 when the answer is "yes", 0 with the no-answer mark when it is empty. */
    static final class YesScorer implements dev.evals4j.api.spi.BaseScorer {
        @Override
        public String id() {
            return "test::yes";
        }

        @Override
        public String description() {
            return "1 for yes, no answer for an empty answer";
        }

        @Override
        public ScoreResult score(dev.evals4j.api.ScorerInputSample sample) {
            String answer = sample.generatedText();
            if (answer == null || answer.isEmpty()) {
                return ScoreResult.correct(false).withDetails(Map.of(ScoreResult.NO_ANSWER, true));
            }
            return ScoreResult.correct(answer.equals("yes"));
        }
    }

    @Test
    void aBreakdownByGroupWithNoAnswersAndABenchmarkMatchesTheSchemas() throws IOException {
        Path out = dir.resolve("groups");
        List<Map<String, Object>> rows = List.of(
                Map.of("generated_answer", "yes", "expected_answer", "x", "topic", "a"),
                Map.of("generated_answer", "no", "expected_answer", "x", "topic", "a"),
                Map.of("generated_answer", "", "expected_answer", "x", "topic", "a"),
                Map.of("generated_answer", "yes", "expected_answer", "x", "topic", "b"));
        var result = TestEvals.builder()
                .plugins(PluginRegistry.builder().register(new YesScorer()).build())
                .build()
                .evals()
                .runScoring(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofRows("rows", rows))
                        .scorer("test::yes")
                        .groupBy("topic")
                        .benchmark(new dev.evals4j.api.Benchmark(
                                "demo", "default", Map.of("variant", "default"), Map.of("metric", "accuracy")))
                        .outputDir(out)
                        .build());

        var s = result.score("test::yes");
        assertThat(s.metric("accuracy", "accuracy")).hasValue(0.5); // micro: 2 of 4
        assertThat(s.macro("accuracy")).hasValue((1.0 / 3 + 1.0) / 2); // macro: mean of 1/3 and 1
        assertThat(s.numNoAnswer()).isEqualTo(1);
        assertThat(s.group("a").numNoAnswer()).isEqualTo(1);
        assertThat(s.group("b").metric("accuracy", "accuracy")).hasValue(1.0);
        assertValid("run.schema.json", out.resolve(RunFiles.RUN));
        assertValid("results.schema.json", out.resolve(RunFiles.RESULTS));
        JsonNode written =
                RunFiles.mapper().readTree(out.resolve(RunFiles.RESULTS).toFile());
        assertThat(written.at("/scores/test::yes/breakdown/macro/accuracy/num_groups")
                        .asInt())
                .isEqualTo(2);
        assertThat(written.at("/scores/test::yes/num_no_answer").asInt()).isEqualTo(1);
        assertThat(written.at("/benchmark/task").asText()).isEqualTo("demo");
        // the typed reader gives back the same breakdown
        var read = RunFiles.readResults(out).toEvalResult(out).score("test::yes");
        assertThat(read.macro("accuracy")).isEqualTo(s.macro("accuracy"));
        assertThat(read.group("a").numRows()).isEqualTo(3);
    }

    @Test
    void anEvalTaskWithEpochsAFailedSampleAndTheCacheMatchesTheSchemas() throws IOException {
        Path out = dir.resolve("task");
        evals().evals()
                .runEvalTask(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofUri(
                                "questions",
                                "data:text/csv,input_query,expected_answer%0Aq1," + "Paris%0Aq2,Paris%0Aq3,Paris%0A"))
                        .processor(new PluginSpec("template", Map.of("system", "Answer.")))
                        .generator(new PluginSpec(
                                "openai-compatible",
                                Map.of(
                                        "base_url",
                                        server.url("/v1").toString(),
                                        "model",
                                        "m",
                                        "temperature",
                                        0,
                                        "max_retries",
                                        0)))
                        .scorer("test::exact")
                        .scorer(new TokenJudge())
                        .epochs(2)
                        .epochReducer("pass_at_1")
                        .outputDir(out)
                        .build());

        JsonNode results =
                RunFiles.mapper().readTree(out.resolve(RunFiles.RESULTS).toFile());
        // two answered questions in two epochs (the epoch is part of a cached answer's key)
        assertThat(results.at("/generator_stats/cache/writes").asLong()).isEqualTo(4);
        assertThat(results.at("/counts/errors").asLong()).isEqualTo(2);
        assertValid("results.schema.json", results);
        assertValid("segments.schema.json", out.resolve(RunFiles.SEGMENTS));
        assertValid("run.schema.json", out.resolve(RunFiles.RUN));
        assertLinesValid(out.resolve(RunFiles.SAMPLES));
    }

    /** Asks for the log-likelihoods of " yes" and " no" after the row's question. */
    static final class YesNoProcessor implements dev.evals4j.api.spi.BaseGeneratorProcessor {
        @Override
        public String id() {
            return "test::yes_no";
        }

        @Override
        public String description() {
            return "a choices input of yes and no (test fake)";
        }

        @Override
        public dev.evals4j.api.PreprocessedSample preprocess(dev.evals4j.api.DatasetSample sample) {
            return new dev.evals4j.api.PreprocessedSample(
                    sample,
                    new dev.evals4j.api.GenerationInput.Choices(
                            sample.row().get("input_query") + "\nAnswer:", List.of(" yes", " no")));
        }

        @Override
        public dev.evals4j.api.ScorerInputSample postprocess(
                dev.evals4j.api.DatasetSample sample, dev.evals4j.api.GenerationResponse response) {
            List<dev.evals4j.api.LogLikelihood> l = response.loglikelihoods();
            return dev.evals4j.api.ScorerInputSample.of(
                    l.get(0).logprob() >= l.get(1).logprob() ? "yes" : "no",
                    sample.row().get("expected_answer"));
        }
    }

    @Test
    void aLogLikelihoodRunMatchesTheSchemasAndReadsBack() throws IOException {
        Path out = dir.resolve("loglikelihood");
        builder()
                .build()
                .evals()
                .runEvalTask(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofRows(
                                "rows", List.of(Map.of("input_query", "Is water wet?", "expected_answer", "yes"))))
                        .processor(new YesNoProcessor())
                        .generator(sample -> dev.evals4j.api.GenerationResponse.ofLoglikelihoods(
                                List.of(
                                        new dev.evals4j.api.LogLikelihood(-0.25, 1, java.util.Optional.of(true)),
                                        new dev.evals4j.api.LogLikelihood(-1.5, 2, java.util.Optional.empty())),
                                java.util.Optional.of(new Usage(10, 2))))
                        .scorer("test::exact")
                        .outputDir(out)
                        .build());

        assertLinesValid(out.resolve(RunFiles.SAMPLES));
        JsonNode line = RunFiles.mapper()
                .readTree(Files.readAllLines(out.resolve(RunFiles.SAMPLES)).get(0));
        assertThat(line.at("/request/context").asText()).isEqualTo("Is water wet?\nAnswer:");
        assertThat(line.at("/generation").toString())
                .isEqualTo("{\"text\":\"\",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2},"
                        + "\"loglikelihoods\":[{\"logprob\":-0.25,\"tokens\":1,\"greedy\":true},"
                        + "{\"logprob\":-1.5,\"tokens\":2}]}");
        dev.evals4j.api.EvalSample read =
                RunFiles.readEvalSamples(out).findFirst().orElseThrow();
        assertThat(read.request())
                .contains(
                        new dev.evals4j.api.GenerationInput.Choices("Is water wet?\nAnswer:", List.of(" yes", " no")));
        assertThat(read.scores().get("test::exact").scoreValue()).isEqualTo(1.0);
    }

    @Test
    void aCancelledRunAndAJobMatchTheirSchemas() throws Exception {
        Cancellation cancelled = new Cancellation();
        cancelled.cancel("stopped by the test");
        Path out = dir.resolve("cancelled");
        Evals evals = builder().jobsDir(dir.resolve("jobs")).build();
        EvalRequest request = EvalRequest.builder()
                .dataset(DatasetDefinition.ofRows("rows", rows(3)))
                .scorer("test::exact")
                .outputDir(out)
                .build();

        assertThatThrownBy(() -> evals.evals()
                        .runScoring(
                                request,
                                RunOptions.builder().cancellation(cancelled).build()))
                .isInstanceOf(RunCancelledException.class);
        assertValid("results.schema.json", out.resolve(RunFiles.RESULTS));

        Job job = evals.jobs()
                .submit(request.toBuilder().outputDir(dir.resolve("job-run")).build(), RunOptions.defaults());
        assertThat(evals.jobs().awaitIdle(Duration.ofSeconds(30))).isTrue();
        Path jobDir = dir.resolve("jobs").resolve(job.id());
        assertValid("job.schema.json", jobDir.resolve(RunFiles.JOB));
        assertValid("run.schema.json", jobDir.resolve("request.json"));
        assertValid("results.schema.json", dir.resolve("job-run").resolve(RunFiles.RESULTS));
        evals.close();
    }

    @Test
    void theSchemasRefuseWhatTheFormatsDoNotAllow() throws IOException {
        Path out = dir.resolve("scoring");
        builder()
                .build()
                .evals()
                .runScoring(EvalRequest.builder()
                        .dataset(DatasetDefinition.ofRows("rows", rows(2)))
                        .scorer("test::exact")
                        .outputDir(out)
                        .build());
        ObjectNode results = (ObjectNode)
                RunFiles.mapper().readTree(out.resolve(RunFiles.RESULTS).toFile());
        ObjectNode line = (ObjectNode) RunFiles.mapper()
                .readTree(Files.readAllLines(out.resolve(RunFiles.SAMPLES)).get(0));

        assertThat(schema("results.schema.json").validate(results.deepCopy().put("status", "done")))
                .isNotEmpty();
        assertThat(schema("results.schema.json").validate(results.deepCopy().without("scores")))
                .isNotEmpty();
        assertThat(schema("sample.schema.json").validate(line.deepCopy().put("index", -1)))
                .isNotEmpty();
        assertThat(schema("sample.schema.json").validate(line.deepCopy().put("extra", 1)))
                .isNotEmpty();
    }
}
