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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return runWith(
                Map.of(
                        "HF_HUB_CACHE",
                        dir.resolve("hf-cache").toString(),
                        "EVALS4J_CACHE_DIR",
                        dir.resolve("evals4j-cache").toString()),
                args);
    }

    private int runWith(Map<String, String> env, String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
    }

    private static String resource(String name) {
        return Path.of("src/test/resources/llama-stack", name).toString();
    }

    @Test
    void scoresLlamaStacksTestDatasetToTheGoldenValues() throws IOException {
        for (String file : List.of("test_dataset.csv", "test_dataset.jsonl")) {
            for (String scorer : List.of("basic::equality", "basic::subset_of")) {
                Path output = dir.resolve(file + "-" + scorer.replace("::", "_"));
                int code = run("score", "--dataset", resource(file), "--scorer", scorer, "--output", output.toString());

                assertThat(code).as(err.toString()).isEqualTo(0);
                JsonNode accuracy = Json.MAPPER
                        .readTree(output.resolve("results.json").toFile())
                        .at("/scores/" + scorer.replace("/", "~1") + "/aggregated_results/accuracy");
                assertThat(accuracy.get("accuracy").asDouble()).isEqualTo(0.6);
                assertThat(accuracy.get("num_correct").asDouble()).isEqualTo(3.0);
                assertThat(accuracy.get("num_total").asInt()).isEqualTo(5);
            }
        }
        assertThat(out.toString()).contains("basic::equality  accuracy  0.6000  [0.2307, 0.8824]  5     0");
    }

    @Test
    void printsTheSummaryTableAndWhereTheResultsAre() {
        Path output = dir.resolve("run");
        int code = run(
                "score",
                "--dataset",
                resource("test_dataset.csv"),
                "--scorer",
                "basic::equality",
                "--aggregation",
                "accuracy",
                "--aggregation",
                "categorical_count",
                "--output",
                output.toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .isEqualTo(String.join(
                        System.lineSeparator(),
                        "SCORER           METRIC             VALUE           95% INTERVAL      ROWS  ERRORS",
                        "basic::equality  accuracy           0.6000          [0.2307, 0.8824]  5     0",
                        "basic::equality  categorical_count  0.0: 2, 1.0: 3                    5     0",
                        "",
                        "5 rows scored; results in " + output,
                        ""));
    }

    @Test
    void aScorerThatScoredNoRowSaysWhyBelowTheTable() {
        Path output = dir.resolve("unscored");
        // harness::acc reads log-likelihoods, which a file of text answers does not have
        int code = run(
                "score",
                "--dataset",
                resource("test_dataset.csv"),
                "--scorer",
                "harness::acc",
                "--output",
                output.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("harness::acc  accuracy  null")
                // the first unscored line of the journal, whose order is the order the samples finished in
                .containsPattern("harness::acc scored no row: row [0-4]: generated_answer must be an object with"
                        + " 'choices'");
    }

    @Test
    void listsEveryPluginWithItsModuleIncludingTheExamplePlugin() {
        assertThat(run("list")).isZero();

        assertThat(out.toString().lines()).first().asString().startsWith("KIND            ID");
        assertThat(out.toString())
                .containsPattern("scorer +basic::equality +evals-scorers +1.0 when generated_answer equals")
                .containsPattern("scorer +example::starts-with +evals-examples +1.0 when generated_answer starts")
                .containsPattern("dataset source +file +evals-core +local CSV");
    }

    @Test
    void theExamplePluginIsUsableByIdWithParameters() throws IOException {
        Path data = dir.resolve("d.jsonl");
        Files.writeString(data, "{\"generated_answer\": \"berlin, the capital\", \"expected_answer\": \"Berlin\"}\n");

        int code = run(
                "score",
                "--dataset",
                data.toString(),
                "--scorer",
                "example::starts-with",
                "--param",
                "example::starts-with.ignore_case=true",
                "--output",
                dir.resolve("run").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("example::starts-with  accuracy  1.0000");
    }

    @Test
    void parametersOfBuiltInScorersAreTypedFromTheCommandLine() throws IOException {
        Path data = dir.resolve("lists.jsonl");
        Files.writeString(
                data,
                "{\"generated_answer\": [\"apple\", \"banana\"], \"expected_answer\": [\"apple\"]}\n"
                        + "{\"generated_answer\": \"{\\\"a\\\": 1}\", \"expected_answer\": null}\n");

        int code = run(
                "score",
                "--dataset",
                data.toString(),
                "--scorer",
                "braintrust::list-contains",
                "--param",
                "braintrust::list-contains.allow_extra_entities=true",
                "--scorer",
                "braintrust::valid-json",
                "--param",
                "braintrust::valid-json.schema={\"type\":\"object\"}",
                "--output",
                dir.resolve("run").toString());

        assertThat(code).as(err.toString()).isZero();
        List<JsonNode> lines = Files.readAllLines(dir.resolve("run/samples.jsonl")).stream()
                .map(l -> {
                    try {
                        return Json.MAPPER.readTree(l);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                })
                .sorted(java.util.Comparator.comparingInt(n -> n.get("index").asInt()))
                .toList();
        assertThat(lines.get(0).at("/scores/braintrust::list-contains/score").asDouble())
                .isEqualTo(1.0);
        assertThat(lines.get(1).at("/scores/braintrust::valid-json/score").asDouble())
                .isEqualTo(1.0);
        JsonNode results = Json.MAPPER.readTree(dir.resolve("run/results.json").toFile());
        assertThat(results.at("/scorers/0/params/allow_extra_entities").asBoolean())
                .isTrue();
        assertThat(results.at("/scorers/1/params/schema/type").asText()).isEqualTo("object");
    }

    @Test
    void anUnknownScorerIsAUsageErrorListingTheKnownIds() {
        int code = run("score", "--dataset", resource("test_dataset.csv"), "--scorer", "basic::equalty");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("evals: unknown scorer id 'basic::equalty'; did you mean basic::equality? Known ids:"
                        + " answer::match,"
                        + " basic::docvqa, basic::equality, basic::ifeval, basic::regex_parser_math_response,")
                .contains(" example::starts-with,", " metrics::rouge_l");
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        assertThat(run("score", "--dataset", "x.csv", "--scorer", "basic::equality", "--colour"))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("evals: Unknown option: '--colour'" + System.lineSeparator() + "see 'evals score --help'"
                        + System.lineSeparator());
    }

    @Test
    void aValueOfTheWrongTypeIsAUsageErrorOfOneLineAndAHint() {
        assertThat(run("score", "--dataset", "x.csv", "--scorer", "basic::equality", "--limit", "abc"))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("evals: Invalid value for option '--limit': 'abc' is not a long" + System.lineSeparator()
                        + "see 'evals score --help'" + System.lineSeparator());
    }

    @Test
    void badParametersAreUsageErrorsThatNameTheParameter() {
        assertThat(run(
                        "score",
                        "--dataset",
                        resource("test_dataset.csv"),
                        "--scorer",
                        "example::starts-with",
                        "--param",
                        "example::starts-with.ignore_case=maybe"))
                .isEqualTo(2);
        assertThat(run(
                        "score",
                        "--dataset",
                        resource("test_dataset.csv"),
                        "--scorer",
                        "example::starts-with",
                        "--param",
                        "example::starts-with.ignorecase=true"))
                .isEqualTo(2);
        assertThat(run(
                        "score",
                        "--dataset",
                        resource("test_dataset.csv"),
                        "--scorer",
                        "basic::equality",
                        "--param",
                        "basic::subset_of.x=1"))
                .isEqualTo(2);
        assertThat(run(
                        "score",
                        "--dataset",
                        resource("test_dataset.csv"),
                        "--scorer",
                        "harness::exact_match",
                        "--param",
                        "harness::exact_match.regexes_to_ignore="))
                .isEqualTo(2);

        assertThat(err.toString().lines().toList())
                .containsExactly(
                        "evals: --param example::starts-with.ignore_case=maybe: parameter 'ignore_case' of"
                                + " example::starts-with must be true or false, was 'maybe'",
                        "evals: --param example::starts-with.ignorecase=true: unknown parameter 'ignorecase' for"
                                + " example::starts-with; accepted: ignore_case (a boolean)",
                        "evals: --param basic::subset_of.x=1 names 'basic::subset_of', which is not selected; selected:"
                                + " basic::equality",
                        "evals: --param harness::exact_match.regexes_to_ignore= has no value; give one after '=' (an"
                                + " empty list is [])");
    }

    @Test
    void badDataFailsWithExitOneAndAMessageWithoutAStackTrace() throws IOException {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"generated_answer\": \"a\", \"expected_answer\": \"a\"}\n{oops}\n");

        int code = run(
                "score",
                "--dataset",
                bad.toString(),
                "--scorer",
                "basic::equality",
                "--output",
                dir.resolve("run").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("evals: " + bad + " line 2 column 2: not valid JSON: ")
                .doesNotContain("\tat ");
        assertThat(Files.readAllLines(dir.resolve("run/samples.jsonl"))).hasSize(1);
    }

    @Test
    void verbosePrintsTheStackTrace() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "generated_answer,expected_answer\na,b,c\n");

        assertThat(run(
                        "score",
                        "--verbose",
                        "--dataset",
                        bad.toString(),
                        "--scorer",
                        "basic::equality",
                        "--output",
                        dir.resolve("run").toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("line 2: 3 fields, but the header has 2 columns")
                .contains("\tat ");
    }

    @Test
    void anUnreachableUrlSaysWhichUrlAndWhatTheServerAnswered() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(
                    new MockResponse.Builder().code(503).body("upstream down").build());
            server.start();
            String url = server.url("/qa.csv").toString();

            assertThat(run("score", "--dataset", url, "--scorer", "basic::equality"))
                    .isEqualTo(1);
            assertThat(err.toString())
                    .isEqualTo("evals: could not read " + url + ": the server answered 503 Server"
                            + " Error: upstream down" + System.lineSeparator());
        }
    }

    @Test
    void scoresAHubDatasetFromTheHubGivenByHfEndpoint() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            hub.publishQaExport();
            Map<String, String> env = Map.of(
                    "HF_ENDPOINT",
                    hub.endpoint(),
                    "HF_HUB_CACHE",
                    dir.resolve("hf").toString());

            int code = runWith(
                    env,
                    "score",
                    "--dataset",
                    "hf://datasets/llamastack/evals-qa?split=test",
                    "--scorer",
                    "basic::equality",
                    "--output",
                    dir.resolve("run").toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("basic::equality  accuracy  0.6000");
            assertThat(err.toString()).contains("evals: downloaded ");
        }
    }

    @Test
    void describesAHubDatasetAndPrintsItsFirstRows() {
        try (FakeHub hub = new FakeHub()) {
            hub.publishQaExport();
            Map<String, String> env = Map.of(
                    "HF_ENDPOINT",
                    hub.endpoint(),
                    "HF_HUB_CACHE",
                    dir.resolve("hf").toString());

            assertThat(runWith(env, "datasets", "describe", "llamastack/evals-qa"))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString())
                    .contains("rows from the parquet export")
                    .containsPattern(
                            "default +test +\\? +[0-9.]+ kB +parquet +hf://datasets/llamastack/evals-qa\\?config=default&split=test");

            assertThat(runWith(env, "datasets", "head", "hf://datasets/llamastack/evals-qa?split=test", "-n", "2"))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString()).contains("{\"input_query\":");
            assertThat(err.toString()).contains("evals: more rows follow (--start 2)");
        }
    }

    @Test
    void renamesLimitsAndRandomSamples() throws IOException {
        Path data = dir.resolve("mc.csv");
        List<String> lines = new ArrayList<>(List.of("pred,gold"));
        for (int i = 0; i < 50; i++) {
            lines.add((i % 2 == 0 ? "A" : "B") + ",A");
        }
        Files.write(data, lines);

        assertThat(run(
                        "score",
                        "--dataset",
                        data.toString(),
                        "--rename",
                        "pred=generated_answer",
                        "--rename",
                        "gold=expected_answer",
                        "--scorer",
                        "basic::equality",
                        "--limit",
                        "10",
                        "--output",
                        dir.resolve("first").toString()))
                .isZero();
        assertThat(run(
                        "score",
                        "--dataset",
                        data.toString(),
                        "--rename",
                        "pred=generated_answer",
                        "--rename",
                        "gold=expected_answer",
                        "--scorer",
                        "basic::equality",
                        "--limit",
                        "10",
                        "--sample-seed",
                        "7",
                        "--output",
                        dir.resolve("sample").toString()))
                .isZero();

        assertThat(out.toString()).contains("basic::equality  accuracy  0.5000");
        assertThat(Files.readAllLines(dir.resolve("sample/samples.jsonl"))).hasSize(10);
    }
}
