package dev.evals4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalSample;
import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.core.Evals;
import dev.evals4j.hf.FakeHub;
import dev.evals4j.junit.server.Endpoint;
import dev.evals4j.junit.server.FakeModelServer;
import dev.evals4j.junit.server.FakeRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mmlu, gpqa_diamond, math_500 and simpleqa: their extraction on hand-made answers (scoring-only runs), and each run
 * end to end against the fake Hub (at the pinned revision) and the fake model server.
 */
class ChatTasksTest {
    @TempDir
    Path dir;

    final FakeHub hub = new FakeHub();

    @AfterEach
    void stop() {
        hub.close();
    }

    Evals evals() {
        return Evals.builder()
                .environment(Map.of("HF_ENDPOINT", hub.endpoint()))
                .cacheDir(dir.resolve("cache"))
                .dataDir(dir.resolve("runs"))
                .build();
    }

    static Map<String, Object> row(String generated, String expected) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("generated_answer", generated);
        row.put("expected_answer", expected);
        row.put("subject", "logged");
        return row;
    }

    /** The scores of a scoring-only run of a task, in row order. */
    List<ScoreResult> scores(Evals evals, String task, Map<String, Object> params, List<Map<String, Object>> rows) {
        EvalResult result = evals.evals()
                .runScoring(evals.tasks()
                        .scoring(task, params, DatasetDefinition.ofRows("logs", rows))
                        .outputDir(dir.resolve(task + "-" + params.hashCode()))
                        .build());
        String scorer = result.scores().keySet().iterator().next();
        return result.samples()
                .sorted(java.util.Comparator.comparingLong(EvalSample::index))
                .map(s -> s.score(scorer).orElseThrow())
                .toList();
    }

    static List<Object> values(List<ScoreResult> scores) {
        return scores.stream().map(ScoreResult::scoreValue).toList();
    }

    static String jsonl(List<Map<String, Object>> rows) throws Exception {
        ObjectMapper json = new ObjectMapper();
        StringBuilder s = new StringBuilder();
        for (Map<String, Object> r : rows) {
            s.append(json.writeValueAsString(r)).append('\n');
        }
        return s.toString();
    }

    static PluginSpec model(FakeModelServer server) {
        return new PluginSpec("openai-compatible", Map.of("base_url", server.baseUrl(), "model", "fake"));
    }

    // --- mmlu

    static final List<Map<String, Object>> MMLU_ANSWERS = List.of(
            row("Reasoning first.\n**Answer: B**", "B"),
            row("So it must be $\\boxed{C}$.\nAnswer: $\\boxed{C}$", "C"),
            row("推理……\n答案：D", "D"),
            row("الإجابة: ب", "B"),
            row("Answer:\nA", "A"),
            row("answer: d", "D"),
            row("Answer: Definitely C", "C"),
            row("The best answer is B.", "B"));

    @Test
    void mmluExtractsAsSimpleEvalsDoes() {
        try (Evals evals = evals()) {
            List<ScoreResult> s = scores(evals, "mmlu", Map.of(), MMLU_ANSWERS);
            // markup removed; localised prefixes and letters; no line break after the prefix; letters compared
            // case-sensitively ("d" is wrong); "Answer: Definitely" reads D; "best answer is" is not an "Answer:"
            assertThat(values(s)).containsExactly(1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0);
            assertThat(s.stream().map(ScoreResult::noAnswer).toList())
                    .containsExactly(false, false, false, false, true, false, false, true);
        }
    }

    @Test
    void mmluLlamaStackVariantUsesItsRegexesWithoutRemovingMarkup() {
        try (Evals evals = evals()) {
            List<ScoreResult> s = scores(evals, "mmlu", Map.of("variant", "llama_stack"), MMLU_ANSWERS);
            // "**Answer: B**" still reads B ("Answer\s*:" then "\s*"); "$\boxed" blocks the letter; "\s*" crosses
            // the line break; the Arabic letter is not mapped back to B; "The best answer is " is one of its prefixes
            assertThat(values(s)).containsExactly(1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0);
        }
    }

    @Test
    void mmluRunsWithSimpleEvalsPromptAndBreaksDownBySubject() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(Map.of(
                "question",
                "What is 2 + 2?",
                "subject",
                "elementary_mathematics",
                "choices",
                List.of("3", "4", "5", "6"),
                "answer",
                1));
        rows.add(Map.of(
                "question",
                "Which gas do plants take in?",
                "subject",
                "college_biology",
                "choices",
                List.of("Oxygen", "Nitrogen", "Carbon dioxide", "Helium"),
                "answer",
                2));
        hub.put(
                "cais/mmlu",
                MmluTask.REVISION,
                Map.of("all/test-00000-of-00001.jsonl", jsonl(rows).getBytes(StandardCharsets.UTF_8)),
                "{\"configs\": [{\"config_name\": \"all\", \"data_files\": [{\"split\": \"test\", \"path\":"
                        + " \"all/test-*\"}]}]}");
        try (FakeModelServer server = FakeModelServer.builder()
                        .answerWith(r -> r.userText().contains("2 + 2") ? "Four.\nAnswer: B" : "Answer: A")
                        .start();
                Evals evals = evals()) {
            EvalResult result = evals.evals()
                    .runEvalTask(evals.tasks()
                            .evalTask("mmlu", Map.of(), model(server), Optional.empty())
                            .outputDir(dir.resolve("mmlu"))
                            .build());
            ScorerSummary s = result.score("answer::match");
            assertThat(s.metric("accuracy", "accuracy")).hasValue(0.5);
            assertThat(s.group("elementary_mathematics").metric("accuracy", "accuracy"))
                    .hasValue(1.0);
            assertThat(s.macro("accuracy")).hasValue(0.5);
            FakeRequest first = server.requests(Endpoint.CHAT_COMPLETIONS).stream()
                    .filter(r -> r.userText().contains("2 + 2"))
                    .findFirst()
                    .orElseThrow();
            assertThat(first.messages().get(0).content()).isEqualTo("You are a helpful assistant.");
            assertThat(first.userText())
                    .isEqualTo(
                            "Answer the following multiple choice question. The last line of your response should"
                                    + " be of the following format: 'Answer: $LETTER' (without quotes) where LETTER is one of"
                                    + " ABCD. Think step by step before answering.\n\nWhat is 2 + 2?\n\nA) 3\nB) 4\nC) 5\nD) 6");
            assertThat(first.maxTokens()).hasValue(1024);
            JsonNode results = new ObjectMapper()
                    .readTree(dir.resolve("mmlu").resolve("results.json").toFile());
            assertThat(results.at("/benchmark/variant").asText()).isEqualTo("simple_evals");
            assertThat(results.at("/dataset/source").asText()).isEqualTo(MmluTask.TEST);
        }
    }

    // --- mmlu, variant harness (multiple choice by log-likelihood)

    static final String MMLU_TEST_ROWS = "{\"question\": \"What is 2 + 2? \", \"subject\": \"elementary_mathematics\","
            + " \"choices\": [\"3\", \"4\", \"5\", \"6\"], \"answer\": 1}\n"
            + "{\"question\": \"Which gas do plants take in?\", \"subject\": \"college_biology\", \"choices\":"
            + " [\"Oxygen\", \"Nitrogen\", \"Carbon dioxide\", \"Helium\"], \"answer\": 2}\n";

    static final String MMLU_DEV_ROWS = "{\"question\": \"What is 1 + 1?\", \"subject\": \"elementary_mathematics\","
            + " \"choices\": [\"1\", \"2\", \"3\", \"4\"], \"answer\": 1}\n"
            + "{\"question\": \"What is 1 + 2?\", \"subject\": \"elementary_mathematics\","
            + " \"choices\": [\"1\", \"2\", \"3\", \"4\"], \"answer\": 2}\n"
            + "{\"question\": \"Cells are studied in?\", \"subject\": \"college_biology\", \"choices\":"
            + " [\"biology\", \"law\", \"music\", \"art\"], \"answer\": 0}\n";

    /** cais/mmlu at the pinned commit: two test questions, and dev examples for both subjects. */
    void publishMmluWithDev() {
        hub.put(
                "cais/mmlu",
                MmluTask.REVISION,
                Map.of(
                        "all/test-00000-of-00001.jsonl", MMLU_TEST_ROWS.getBytes(StandardCharsets.UTF_8),
                        "all/dev-00000-of-00001.jsonl", MMLU_DEV_ROWS.getBytes(StandardCharsets.UTF_8)),
                "{\"configs\": [{\"config_name\": \"all\", \"data_files\": [{\"split\": \"test\", \"path\":"
                        + " \"all/test-*\"}, {\"split\": \"dev\", \"path\": \"all/dev-*\"}]}]}");
    }

    /**
     * A model that finds " B" likeliest after the arithmetic question (the gold) and " A" after the biology one (the
     * gold is C).
     */
    static FakeModelServer.Builder likelyLetters() {
        return FakeModelServer.builder().likelihood((before, token) -> {
            if (!before.endsWith("Answer:")) {
                return OptionalDouble.empty();
            }
            String likeliest = before.contains("2 + 2") ? " B" : " A";
            return OptionalDouble.of(token.equals(likeliest) ? -0.25 : -2.0);
        });
    }

    @Test
    void mmluHarnessAsksForTheLettersLoglikelihoodsAfterTheHarnessPromptAndScoresAccAndAccNorm() throws Exception {
        publishMmluWithDev();
        Path out = dir.resolve("mmlu");
        try (FakeModelServer server = likelyLetters().start();
                Evals evals = evals()) {
            EvalResult result = evals.evals()
                    .runEvalTask(evals.tasks()
                            .evalTask(
                                    "mmlu",
                                    Map.of("variant", "harness", "few_shot", 1),
                                    model(server),
                                    Optional.empty())
                            .outputDir(out)
                            .build());

            assertThat(result.numErrors()).isZero();
            for (String scorer : List.of("harness::acc", "harness::acc_norm")) {
                ScorerSummary s = result.score(scorer);
                assertThat(s.metric("accuracy", "accuracy")).as(scorer).hasValue(0.5);
                assertThat(s.group("elementary_mathematics").metric("accuracy", "accuracy"))
                        .hasValue(1.0);
                assertThat(s.group("college_biology").metric("accuracy", "accuracy"))
                        .hasValue(0.0);
            }
            List<FakeRequest> requests = server.requests(Endpoint.COMPLETIONS);
            assertThat(requests).hasSize(2);
            FakeRequest arithmetic = requests.stream()
                    .filter(r -> r.prompts().get(0).contains("2 + 2"))
                    .findFirst()
                    .orElseThrow();
            String context = "The following are multiple choice questions (with answers) about elementary"
                    + " mathematics.\n\nWhat is 1 + 1?\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer: B\n\n"
                    + "What is 2 + 2?\nA. 3\nB. 4\nC. 5\nD. 6\nAnswer:";
            assertThat(arithmetic.prompts())
                    .containsExactly(context + " A", context + " B", context + " C", context + " D");
            JsonNode body = arithmetic.body().orElseThrow();
            assertThat(body.get("echo").asBoolean()).isTrue();
            assertThat(body.get("logprobs").asInt()).isEqualTo(1);
            assertThat(body.get("max_tokens").asInt()).isEqualTo(1);
        }

        ObjectMapper json = new ObjectMapper();
        JsonNode results = json.readTree(out.resolve("results.json").toFile());
        assertThat(results.at("/benchmark/variant").asText()).isEqualTo("harness");
        assertThat(results.at("/benchmark/protocol/request").asText()).startsWith("the log-likelihood of each");
        assertThat(results.at("/scores/harness::acc_norm/aggregated_results/accuracy/accuracy")
                        .asDouble())
                .isEqualTo(0.5);
        JsonNode line = Files.readAllLines(out.resolve("samples.jsonl")).stream()
                .map(l -> readTree(json, l))
                .filter(l -> l.at("/index").asInt() == 0)
                .findFirst()
                .orElseThrow();
        assertThat(line.at("/request/continuations").toString()).isEqualTo("[\" A\",\" B\",\" C\",\" D\"]");
        assertThat(line.at("/request/context").asText()).endsWith("D. 6\nAnswer:");
        assertThat(line.at("/generation/loglikelihoods").toString())
                .isEqualTo("[{\"logprob\":-2.0,\"tokens\":1,\"greedy\":true},{\"logprob\":-0.25,\"tokens\":1,"
                        + "\"greedy\":true},{\"logprob\":-2.0,\"tokens\":1,\"greedy\":true},{\"logprob\":-2.0,"
                        + "\"tokens\":1,\"greedy\":true}]");
        assertThat(line.at("/generated_answer").toString())
                .isEqualTo("{\"choices\":[\"A\",\"B\",\"C\",\"D\"],\"loglikelihoods\":[-2.0,-0.25,-2.0,-2.0]}");
        assertThat(line.at("/expected_answer").asText()).isEqualTo("B");
        assertThat(line.at("/scores/harness::acc").toString()).isEqualTo("{\"score\":1.0,\"prediction\":\"B\"}");
    }

    private static JsonNode readTree(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void mmluHarnessIsZeroShotByDefaultAsTheHarness() {
        try (Evals evals = evals()) {
            var plan = evals.tasks().plan("mmlu", Map.of("variant", "harness"));
            assertThat(plan.processor().orElseThrow().id()).isEqualTo(MmluLoglikelihoodProcessor.ID);
            assertThat(plan.processor().orElseThrow().params()).containsEntry("few_shot", 0L);
            assertThat(plan.scorers()).extracting(s -> s.id()).containsExactly("harness::acc", "harness::acc_norm");
            assertThatThrownBy(() -> evals.tasks().plan("mmlu", Map.of("few_shot", 5)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("parameter 'few_shot' of the task mmlu applies to the harness variant only; the"
                            + " simple_evals variant is simple-evals' zero-shot prompt");
            // the examples from a local copy of the dev split, for a run that must not reach the Hub
            assertThat(evals.tasks()
                            .plan("mmlu", Map.of("variant", "harness", "few_shot", 5, "few_shot_source", "dev.jsonl"))
                            .processor()
                            .orElseThrow()
                            .params())
                    .containsEntry("few_shot", 5L)
                    .containsEntry("few_shot_source", "dev.jsonl");
            assertThatThrownBy(() -> evals.tasks().plan("mmlu", Map.of("few_shot_source", "dev.jsonl")))
                    .hasMessageStartingWith("parameter 'few_shot_source' of the task mmlu applies to the harness");
        }
    }

    @Test
    void mmluHarnessWithAGeneratorThatAnswersWithTextFailsEachRowSayingWhatIsNeeded() {
        publishMmluWithDev();
        try (Evals evals = evals()) {
            assertThatThrownBy(() -> evals.evals()
                            .runEvalTask(evals.tasks()
                                    .evalTask(
                                            "mmlu",
                                            Map.of("variant", "harness"),
                                            PluginSpec.of("openai-compatible"),
                                            Optional.empty())
                                    .generator(sample -> GenerationResponse.of("Answer: B")) // replaces it
                                    .outputDir(dir.resolve("text"))
                                    .build()))
                    .isInstanceOf(EvalException.class)
                    .hasMessageContaining("every one of its 2 samples failed (the first: the generator function"
                            + " answered a request for the log-likelihoods of 4 continuations with 0; multiple"
                            + " choice by log-likelihood needs a generator that scores continuations, such as"
                            + " openai-compatible on a /completions endpoint that echoes the prompt with logprobs"
                            + " (vLLM), or a generation-then-extraction variant of the task)");
        }
    }

    @Test
    void mmluHarnessRescoresLoggedLoglikelihoods() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(
                "generated_answer",
                Map.of("choices", List.of("A", "B", "C", "D"), "loglikelihoods", List.of(-1.0, -3.0, -0.5, -2.0)));
        row.put("expected_answer", "C");
        row.put("subject", "logged");
        try (Evals evals = evals()) {
            EvalResult result = evals.evals()
                    .runScoring(evals.tasks()
                            .scoring(
                                    "mmlu",
                                    Map.of("variant", "harness"),
                                    DatasetDefinition.ofRows("logs", List.of(row)))
                            .outputDir(dir.resolve("logs"))
                            .build());

            assertThat(result.score("harness::acc").metric("accuracy", "accuracy"))
                    .hasValue(1.0);
        }
    }

    // --- gpqa_diamond

    @Test
    void gpqaAnswerOrdersAreOneRandomZeroStreamOverRowsThenRepeats() {
        try (Evals evals = evals()) {
            GpqaProcessor p = (GpqaProcessor) evals.context().processor("gpqa_diamond", Map.of("rows", 2));
            // CPython: r = random.Random(0); r.sample(range(4), 4) twice gives [3, 1, 0, 2], [3, 1, 2, 0]
            assertThat(p.permutation(0, 0)).containsExactly(3, 1, 0, 2);
            assertThat(p.permutation(1, 0)).containsExactly(3, 1, 2, 0);
            GpqaProcessor oneRow = (GpqaProcessor) evals.context().processor("gpqa_diamond", Map.of("rows", 1));
            assertThat(oneRow.permutation(0, 1)).containsExactly(3, 1, 2, 0);

            DatasetSample sample = new DatasetSample(0, gpqaRow("Q?", "right", "w1", "w2", "w3"));
            GenerationInput.Chat chat =
                    (GenerationInput.Chat) p.preprocess(sample, 0).input();
            assertThat(chat.messages().get(1).content()).endsWith("Q?\n\nA) w3\nB) w1\nC) right\nD) w2");
            assertThat(p.postprocess(sample, dev.evals4j.api.GenerationResponse.of("Answer: C"), 0)
                            .expectedAnswer())
                    .isEqualTo("C");
            assertThat(p.postprocess(sample, dev.evals4j.api.GenerationResponse.of("x"), 1)
                            .expectedAnswer())
                    .isEqualTo("C");
        }
    }

    static Map<String, Object> gpqaRow(String q, String right, String w1, String w2, String w3) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Question", q);
        row.put("Correct Answer", right);
        row.put("Incorrect Answer 1", w1);
        row.put("Incorrect Answer 2", w2);
        row.put("Incorrect Answer 3", w3);
        row.put("High-level domain", q.startsWith("Which") ? "Chemistry" : "Physics");
        return row;
    }

    static final Pattern CHOICE = Pattern.compile("(?m)^([A-D])\\) (.*)$");

    /** The letter the prompt shows a text under. */
    static String letterOf(String prompt, String text) {
        Matcher m = CHOICE.matcher(prompt);
        while (m.find()) {
            if (m.group(2).equals(text)) {
                return m.group(1);
            }
        }
        throw new AssertionError(text + " not in " + prompt);
    }

    @Test
    void gpqaAsksEachRepeatInItsOwnOrderAndScoresTheShuffledLetter() throws Exception {
        String revision = "0123456789abcdef0123456789abcdef01234567";
        List<Map<String, Object>> rows = List.of(
                gpqaRow("How far is it?", "far", "near", "here", "there"),
                gpqaRow("Which acid is it?", "HCl", "NaCl", "KCl", "LiCl"));
        hub.put(
                GpqaTask.REPOSITORY,
                revision,
                Map.of("gpqa_diamond/train.jsonl", jsonl(rows).getBytes(StandardCharsets.UTF_8)),
                "{\"configs\": [{\"config_name\": \"gpqa_diamond\", \"data_files\": [{\"split\": \"train\", \"path\":"
                        + " \"gpqa_diamond/train.jsonl\"}]}]}");
        try (FakeModelServer server = FakeModelServer.builder()
                        .answerWith(r -> r.userText().contains("How far")
                                ? "Answer: " + letterOf(r.userText(), "far")
                                : "Answer: " + letterOf(r.userText(), "NaCl"))
                        .start();
                Evals evals = evals()) {
            EvalResult result = evals.evals()
                    .runEvalTask(evals.tasks()
                            .evalTask(
                                    "gpqa_diamond",
                                    Map.of("revision", revision, "repeats", 2),
                                    model(server),
                                    Optional.empty())
                            .outputDir(dir.resolve("gpqa"))
                            .build());
            ScorerSummary s = result.score("answer::match");
            assertThat(s.metric("accuracy", "accuracy")).hasValue(0.5);
            assertThat(s.group("Physics").metric("accuracy", "accuracy")).hasValue(1.0);
            List<FakeRequest> requests = server.requests(Endpoint.CHAT_COMPLETIONS);
            assertThat(requests).hasSize(4);
            List<String> farQuestion = requests.stream()
                    .map(FakeRequest::userText)
                    .filter(t -> t.contains("How far"))
                    .toList();
            assertThat(farQuestion).hasSize(2);
            assertThat(farQuestion.get(0)).isNotEqualTo(farQuestion.get(1));
        }
    }

    @Test
    void gpqaWithoutARevisionCannotAskAModel() {
        try (Evals evals = evals()) {
            assertThat(evals.tasks().plan("gpqa_diamond", Map.of()).dataset()).isEmpty();
            assertThat(evals.tasks()
                            .plan("gpqa_diamond", Map.of("revision", "abc"))
                            .dataset()
                            .orElseThrow()
                            .source()
                            .toString())
                    .contains("hf://datasets/Idavidrein/gpqa@abc?config=gpqa_diamond&split=train");
            assertThat(evals.tasks().plan("gpqa_diamond", Map.of()).epochs()).isEqualTo(10);
        }
    }

    // --- math_500

    @Test
    void math500ScoresWithLlamaStacksNormalisationOrHendrycksIsEquiv() {
        List<Map<String, Object>> rows = List.of(
                row(
                        "Thus...\nTherefore, the final answer is: $\\boxed{\\frac{1}{2}}$. I hope it is correct.",
                        "\\frac12"),
                row("So $x = \\boxed{0.5}$", "\\frac{1}{2}"),
                row("Therefore, the final answer is: $\\boxed{10\\%}$. I hope it is correct.", "10"),
                row("The answer is 7.", "7"),
                row("We get \\boxed{\\left(3, \\frac{\\pi}{2}\\right)}", "\\left( 3, \\frac{\\pi}{2} \\right)"));
        try (Evals evals = evals()) {
            List<ScoreResult> hendrycks = scores(evals, "math_500", Map.of("variant", "hendrycks"), rows);
            assertThat(values(hendrycks)).containsExactly(1.0, 1.0, 1.0, 0.0, 1.0);
            assertThat(hendrycks.get(3).noAnswer()).isTrue();
            List<ScoreResult> llamaStack = scores(evals, "math_500", Map.of(), rows);
            assertThat(values(llamaStack).get(0)).isEqualTo(1.0);
            assertThat(values(llamaStack).get(3)).isEqualTo(0.0);
        }
    }

    @Test
    void math500RunsWithMetasPrompt() throws Exception {
        List<Map<String, Object>> rows = List.of(
                Map.of(
                        "problem",
                        "What is $1+1$?",
                        "solution",
                        "$\\boxed{2}$",
                        "answer",
                        "2",
                        "subject",
                        "Algebra",
                        "level",
                        1,
                        "unique_id",
                        "test/algebra/1.json"),
                Map.of(
                        "problem",
                        "What is $3 \\cdot 3$?",
                        "solution",
                        "$\\boxed{9}$",
                        "answer",
                        "9",
                        "subject",
                        "Prealgebra",
                        "level",
                        1,
                        "unique_id",
                        "test/prealgebra/2.json"));
        hub.put(
                "HuggingFaceH4/MATH-500",
                Math500Task.REVISION,
                Map.of("test.jsonl", jsonl(rows).getBytes(StandardCharsets.UTF_8)),
                null);
        try (FakeModelServer server = FakeModelServer.builder()
                        .answer("## Step 1: add\nTherefore, the final answer is: $\\boxed{2}$. I hope it is correct.")
                        .start();
                Evals evals = evals()) {
            EvalResult result = evals.evals()
                    .runEvalTask(evals.tasks()
                            .evalTask("math_500", Map.of("variant", "hendrycks"), model(server), Optional.empty())
                            .outputDir(dir.resolve("math"))
                            .build());
            assertThat(result.score("metrics::math_equiv").metric("accuracy", "accuracy"))
                    .hasValue(0.5);
            FakeRequest first = server.requests(Endpoint.CHAT_COMPLETIONS).get(0);
            assertThat(first.userText()).startsWith("Solve the following math problem efficiently and clearly:\n\n");
            assertThat(first.userText()).contains("Problem: What is $");
            assertThat(first.maxTokens()).hasValue(4096);
        }
    }

    // --- simpleqa

    @Test
    void simpleqaAsksTheJudgeAndReportsSimpleEvalsMetrics() throws Exception {
        List<Map<String, Object>> rows = List.of(
                Map.of("metadata", "{'topic': 'Geography'}", "problem", "Capital of France?", "answer", "Paris"),
                Map.of("metadata", "{'topic': 'Art'}", "problem", "Who painted Guernica?", "answer", "Pablo Picasso"),
                Map.of("metadata", "{'topic': 'Science'}", "problem", "Year of X?", "answer", "1901"));
        hub.put(
                "basicv8vc/SimpleQA",
                SimpleQaTask.REVISION,
                Map.of("simple_qa_test_set.csv", csv(rows).getBytes(StandardCharsets.UTF_8)),
                "{\"configs\": [{\"config_name\": \"default\", \"data_files\": [{\"split\": \"test\", \"path\":"
                        + " \"simple_qa_test_set.csv\"}]}]}");
        try (FakeModelServer candidate = FakeModelServer.builder()
                        .answerWith(r -> r.userText().contains("France")
                                ? "Paris."
                                : r.userText().contains("Guernica") ? "Salvador Dalí" : "I don't know.")
                        .start();
                FakeModelServer judge = FakeModelServer.builder()
                        .answerWith(r -> r.userText().contains("Predicted answer: Paris.")
                                ? "A"
                                : r.userText().contains("Dalí") ? "B" : "C")
                        .start();
                Evals evals = evals()) {
            EvalResult result = evals.evals()
                    .runEvalTask(evals.tasks()
                            .evalTask(
                                    "simpleqa",
                                    Map.of("judge_model", "grader", "judge_base_url", judge.baseUrl()),
                                    model(candidate),
                                    Optional.empty())
                            .outputDir(dir.resolve("simpleqa"))
                            .build());
            ScorerSummary s = result.score("llm-as-judge::base");
            assertThat(s.metric("simpleqa", "correct")).hasValue(1.0 / 3);
            assertThat(s.metric("simpleqa", "correct_given_attempted")).hasValue(0.5);
            assertThat(s.metric("simpleqa", "f_score")).hasValue(0.4);
            FakeRequest graded = judge.requests(Endpoint.CHAT_COMPLETIONS).get(0);
            assertThat(graded.userText())
                    .contains("Question: ")
                    .contains("Gold target: ")
                    .endsWith("Reply with only the letter \"A\", \"B\" or \"C\", and no other text.");
            assertThat(graded.model()).hasValue("grader");
        }
    }

    static String csv(List<Map<String, Object>> rows) {
        StringBuilder s = new StringBuilder("metadata,problem,answer\n");
        for (Map<String, Object> r : rows) {
            s.append(quote(r.get("metadata")))
                    .append(',')
                    .append(quote(r.get("problem")))
                    .append(',')
                    .append(quote(r.get("answer")))
                    .append('\n');
        }
        return s.toString();
    }

    static String quote(Object value) {
        return "\"" + String.valueOf(value).replace("\"", "\"\"") + "\"";
    }

    // --- ifeval

    @Test
    void ifevalRunsAndReportsPromptAndInstructionLevelStrictAndLoose() throws Exception {
        Map<String, Object> nullArgs = new LinkedHashMap<>();
        nullArgs.put("num_words", null);
        nullArgs.put("relation", null);
        Map<String, Object> words = new LinkedHashMap<>();
        words.put("num_words", 3);
        words.put("relation", "at least");
        List<Map<String, Object>> rows = List.of(
                Map.of(
                        "key",
                        1,
                        "prompt",
                        "Reply in lower case, with at least 3 words and no commas.",
                        "instruction_id_list",
                        List.of(
                                "change_case:english_lowercase",
                                "length_constraints:number_words",
                                "punctuation:no_comma"),
                        "kwargs",
                        List.of(nullArgs, words, nullArgs)),
                Map.of(
                        "key",
                        2,
                        "prompt",
                        "Wrap your whole answer in double quotes.",
                        "instruction_id_list",
                        List.of("startend:quotation"),
                        "kwargs",
                        List.of(nullArgs)));
        hub.put(
                "google/IFEval",
                IfevalTask.REVISION,
                Map.of("ifeval_input_data.jsonl", jsonl(rows).getBytes(StandardCharsets.UTF_8)),
                null);
        try (FakeModelServer server = FakeModelServer.builder()
                        .answerWith(r -> r.userText().contains("lower case")
                                ? "here are the words, all lower case"
                                : "Sure:\n\"a quoted answer\"")
                        .start();
                Evals evals = evals()) {
            EvalResult result = evals.evals()
                    .runEvalTask(evals.tasks()
                            .evalTask("ifeval", Map.of(), model(server), Optional.empty())
                            .outputDir(dir.resolve("ifeval"))
                            .build());
            // row 1 breaks the comma rule (2 of 3 followed); row 2 is quoted only once the first line is dropped
            assertThat(result.score("ifeval::prompt_strict").metric("accuracy", "accuracy"))
                    .hasValue(0.0);
            assertThat(result.score("ifeval::prompt_loose").metric("accuracy", "accuracy"))
                    .hasValue(0.5);
            assertThat(result.score("ifeval::instruction_strict").metric("weighted_average", "weighted_average"))
                    .hasValue(0.5);
            assertThat(result.score("ifeval::instruction_loose").metric("weighted_average", "weighted_average"))
                    .hasValue(0.75);
            assertThat(server.requests(Endpoint.CHAT_COMPLETIONS).get(0).maxTokens())
                    .hasValue(1280);
        }
    }

    @Test
    void everyNewTaskPlansWithItsProcessorAndNamesItsProtocol() {
        try (Evals evals = evals()) {
            for (String id : List.of("mmlu", "gpqa_diamond", "math_500", "simpleqa", "ifeval")) {
                var plan = evals.tasks().plan(id, Map.of());
                BaseGeneratorProcessor processor = evals.context()
                        .processor(
                                plan.processor().orElseThrow().id(),
                                plan.processor().orElseThrow().params());
                assertThat(processor.id()).isEqualTo(id);
                assertThat(plan.protocol()).containsKeys("variant", "source", "metric");
            }
        }
    }
}
