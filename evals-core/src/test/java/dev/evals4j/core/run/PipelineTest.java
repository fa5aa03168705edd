package dev.evals4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.Cancellation;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.PluginSpec;
import dev.evals4j.api.Progress;
import dev.evals4j.api.RunCancelledException;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScorerSpec;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.Json;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.testing.EchoProcessor;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.SlowGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.example.plugin.ThreadRecordingScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
    @TempDir
    Path dir;

    private static List<Map<String, Object>> questions(int n) {
        // every third question ends with '?', which the fake generator answers wrongly in odd epochs
        return IntStream.range(0, n)
                .<Map<String, Object>>mapToObj(i -> {
                    String q = "q" + i + (i % 3 == 0 ? "?" : "");
                    return Map.of("input_query", q, "expected_answer", q);
                })
                .toList();
    }

    private static Evals evals(dev.evals4j.api.spi.BaseGenerator generator) {
        return Evals.create(PluginRegistry.builder()
                .discovery(false)
                .register(new ExactScorer())
                .register(new EchoProcessor())
                .register(generator)
                .register(new dev.evals4j.core.datasets.InlineRowsDataset())
                .register(new dev.evals4j.core.datasets.FileDataset())
                .build());
    }

    private EvalRequest.Builder task(int rows, String out) {
        return EvalRequest.builder()
                .dataset(DatasetDefinition.ofRows("qs", questions(rows)))
                .processor(PluginSpec.of("test-question"))
                .generator(PluginSpec.of("test-slow"))
                .scorer(ScorerSpec.of("test::exact").withAggregations("accuracy"))
                .outputDir(dir.resolve(out));
    }

    /** A scorer of evals4j's own (by its package), which only computes. */
    private static final class OwnScorer extends ThreadRecordingScorer {
        OwnScorer() {
            super("test::own", 0);
        }
    }

    private EvalResult scoreRows(BaseScorer scorer, int rows, int concurrency, String out) {
        List<Map<String, Object>> answered = IntStream.range(0, rows)
                .<Map<String, Object>>mapToObj(i -> Map.of("generated_answer", "a" + i, "expected_answer", "a" + i))
                .toList();
        return evals(new SlowGenerator())
                .evals()
                .runScoring(
                        EvalRequest.builder()
                                .dataset(DatasetDefinition.ofRows("answered", answered))
                                .scorer(ScorerSpec.of(scorer))
                                .outputDir(dir.resolve(out))
                                .build(),
                        RunOptions.builder().concurrency(concurrency).build());
    }

    @Test
    void aScoringOnlyRunOfEvalsOwnScorersTakesNoMoreThreadsThanProcessorsAPluginsTakesTheConcurrency() {
        int processors = Runtime.getRuntime().availableProcessors();
        OwnScorer own = new OwnScorer();
        ThreadRecordingScorer plugin = new ThreadRecordingScorer("plugin::waits", 20);

        EvalResult computed = scoreRows(own, 20_000, processors * 4, "own");
        EvalResult waited = scoreRows(plugin, processors * 8, processors * 4, "plugin");

        assertThat(computed.numSamples()).isEqualTo(20_000);
        assertThat(computed.score("test::own").metric("accuracy", "accuracy")).hasValue(1.0);
        assertThat(own.threads).isNotEmpty().hasSizeLessThanOrEqualTo(processors);
        // a plugin's scorer may wait (on a service, say): it gets the workers asked for
        assertThat(waited.numSamples()).isEqualTo(processors * 8);
        assertThat(plugin.threads).hasSizeGreaterThan(processors);
    }

    @Test
    void nothingAfterARowThatCannotBeReadIsReadNorTakesItsIndex() throws IOException {
        // a JSON Lines file whose second line is torn: with several workers asking for rows at once, none may read on
        // past it (the third line would be scored as row 1, and a resume after mending line 2 would count it twice)
        Path file = dir.resolve("torn.jsonl");
        StringBuilder text = new StringBuilder("{\"generated_answer\":\"a\",\"expected_answer\":\"a\"}\n");
        text.append("{\"generated_answer\":\"b\",\"expected_answer\":\"b\"\n");
        for (int i = 0; i < 50; i++) {
            text.append("{\"generated_answer\":\"c").append(i).append("\",\"expected_answer\":\"c\"}\n");
        }
        Files.writeString(file, text);
        for (int attempt = 0; attempt < 20; attempt++) {
            Path out = dir.resolve("torn-" + attempt);
            assertThatThrownBy(() -> evals(new SlowGenerator())
                            .evals()
                            .runScoring(
                                    EvalRequest.builder()
                                            .dataset(DatasetDefinition.ofUri(
                                                    "torn", file.toUri().toString()))
                                            .scorer(ScorerSpec.of(new ThreadRecordingScorer("plugin::record", 0)))
                                            .outputDir(out)
                                            .build(),
                                    RunOptions.builder().concurrency(8).build()))
                    .hasMessageContaining("line 2");
            List<String> lines = Files.exists(out.resolve("samples.jsonl"))
                    ? Files.readAllLines(out.resolve("samples.jsonl"))
                    : List.of();
            assertThat(lines).as("attempt %d", attempt).hasSizeLessThanOrEqualTo(1);
            for (String line : lines) {
                assertThat(line).startsWith("{\"index\":0,\"row\":{\"generated_answer\":\"a\"");
            }
        }
    }

    @Test
    void keepsAtMostConcurrencySamplesInFlightAndProcessesThemAll() {
        SlowGenerator generator = new SlowGenerator(20);

        EvalResult result = evals(generator)
                .evals()
                .runEvalTask(
                        task(40, "run").build(),
                        RunOptions.builder().concurrency(8).build());

        assertThat(result.numSamples()).isEqualTo(40);
        assertThat(generator.calls).hasValue(40);
        assertThat(generator.maxInFlight.get()).isBetween(2, 8);
        assertThat(result.score("test::exact").metric("accuracy", "accuracy")).hasValue(1.0);
        assertThat(result.usage())
                .hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(160));
    }

    @Test
    void epochsAskEachSampleSeveralTimesAndReduceTheScores() throws IOException {
        SlowGenerator generator = new SlowGenerator();

        EvalResult mean =
                evals(generator).evals().runEvalTask(task(6, "mean").epochs(2).build());
        EvalResult passAt2 = evals(generator)
                .evals()
                .runEvalTask(task(6, "pass").epochs(2).epochReducer("pass_at_1").build());

        // q0? and q3? are right in epoch 0 and wrong in epoch 1: mean 0.5 for two of six samples
        assertThat(mean.numSamples()).isEqualTo(6);
        assertThat(mean.score("test::exact").metric("accuracy", "accuracy")).hasValue((4 + 0.5 + 0.5) / 6);
        assertThat(passAt2.score("test::exact").metric("accuracy", "accuracy")).hasValue((4 + 0.5 + 0.5) / 6);
        assertThat(generator.calls).hasValue(24);
        List<JsonNode> lines = EvalRunnerTest.journal(dir.resolve("mean"));
        assertThat(lines).hasSize(12);
        assertThat(lines.get(1).get("epoch").asInt()).isEqualTo(1);
        assertThat(Json.MAPPER
                        .readTree(dir.resolve("mean/results.json").toFile())
                        .at("/epochs/reducer")
                        .asText())
                .isEqualTo("mean");
    }

    @Test
    void passAtKFollowsTheUnbiasedEstimator() {
        assertThat(EpochReducer.passAtK(10, 0, 1)).isEqualTo(0.0);
        assertThat(EpochReducer.passAtK(10, 3, 1)).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(EpochReducer.passAtK(5, 2, 2))
                .isCloseTo(1 - 3.0 / 10, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(EpochReducer.passAtK(4, 3, 2)).isEqualTo(1.0);
        assertThatThrownBy(() -> EpochReducer.of("pass_at_3", 2))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the epoch reducer pass_at_3 needs 1 <= K <= epochs (2)");
        assertThatThrownBy(() -> EpochReducer.of("median", 2))
                .hasMessage("unknown epoch reducer 'median'; known: mean, max, mode, pass_at_K");
    }

    @Test
    void resumingProcessesOnlyWhatIsMissingAndGivesTheUninterruptedResult() throws IOException {
        SlowGenerator generator = new SlowGenerator();
        generator.failing.add("q4");
        EvalResult whole = evals(new SlowGenerator())
                .evals()
                .runEvalTask(task(30, "whole").epochs(2).build());
        evals(generator).evals().runEvalTask(task(30, "part").epochs(2).build());

        // simulate a crash: keep the first 17 lines, and half of the 18th (a torn write)
        Path journal = dir.resolve("part/samples.jsonl");
        List<String> lines = Files.readAllLines(journal);
        Files.writeString(
                journal,
                String.join("\n", lines.subList(0, 17)) + "\n" + lines.get(17).substring(0, 30));
        Files.delete(dir.resolve("part/results.json"));

        SlowGenerator again = new SlowGenerator();
        EvalResult resumed = evals(again).evals().resume(dir.resolve("part"), RunOptions.defaults());

        long failedBefore = lines.subList(0, 17).stream()
                .filter(l -> !l.contains("\"error\":null"))
                .count();
        assertThat(again.calls.get()).isEqualTo(60 - 17 + failedBefore);
        assertThat(resumed.numSamples()).isEqualTo(30);
        assertThat(resumed.numErrors()).isZero();
        assertThat(resumed.scores()).isEqualTo(whole.scores());
        List<String> after = Files.readAllLines(journal, StandardCharsets.UTF_8);
        assertThat(after).allSatisfy(l -> assertThat(Json.MAPPER.readTree(l).has("index"))
                .isTrue());
        assertThat(Json.MAPPER
                        .readTree(dir.resolve("part/results.json").toFile())
                        .at("/status")
                        .asText())
                .isEqualTo("completed");
    }

    @Test
    void aFolderIsOwnedByOneRunAtATime() throws Exception {
        SlowGenerator slow = new SlowGenerator(20);
        Path out = dir.resolve("owned");
        Thread first = new Thread(
                () -> evals(slow).evals().runEvalTask(task(40, "owned").build()));
        first.start();
        while (!Files.exists(out.resolve("samples.jsonl")) && first.isAlive()) {
            Thread.sleep(2);
        }

        assertThatThrownBy(() -> evals(new SlowGenerator()).evals().resume(out, RunOptions.defaults()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("the run folder " + out + " is in use by another run (process "
                        + ProcessHandle.current().pid());
        first.join();
        assertThat(Files.readString(out.resolve("run.lock")))
                .startsWith("process " + ProcessHandle.current().pid());
        // once the run has ended, the folder is free again
        assertThat(evals(new SlowGenerator())
                        .evals()
                        .resume(out, RunOptions.defaults())
                        .numSamples())
                .isEqualTo(40);
    }

    @Test
    void aHugeConcurrencyIsCappedAtWhatTheRunCanUse() {
        // slow enough that every worker started is still busy when the last one starts
        SlowGenerator slow = new SlowGenerator(300);
        EvalResult large = evals(slow)
                .evals()
                .runEvalTask(
                        task(3000, "large").build(),
                        RunOptions.builder().concurrency(100_000).build());

        assertThat(large.numSamples()).isEqualTo(3000);
        assertThat(slow.threads).hasSize(Pipeline.MAX_WORKERS);
    }

    @Test
    void aFolderWithoutARunCannotBeResumed() {
        assertThatThrownBy(() -> evals(new SlowGenerator()).evals().resume(dir, RunOptions.defaults()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the folder " + dir + " holds no run to resume (no run.json)");
    }

    @Test
    void cancellingKeepsWhatFinishedAndTheRunCanBeResumed() throws IOException {
        SlowGenerator generator = new SlowGenerator(5);
        Cancellation cancellation = new Cancellation();
        List<Progress> seen = new CopyOnWriteArrayList<>();
        RunOptions options = RunOptions.builder()
                .concurrency(2)
                .cancellation(cancellation)
                .progress(p -> {
                    seen.add(p);
                    if (p.done() >= 10) {
                        cancellation.cancel("enough");
                    }
                })
                .build();

        assertThatThrownBy(() ->
                        evals(generator).evals().runEvalTask(task(200, "c").build(), options))
                .isInstanceOf(RunCancelledException.class)
                .hasMessageContaining("the run was cancelled (enough)");
        long kept = Files.readAllLines(dir.resolve("c/samples.jsonl")).size();
        assertThat(kept).isBetween(10L, 199L);
        assertThat(Json.MAPPER
                        .readTree(dir.resolve("c/results.json").toFile())
                        .at("/status")
                        .asText())
                .isEqualTo("cancelled");
        assertThat(seen).isNotEmpty().allSatisfy(p -> assertThat(p.total()).isEqualTo(200));

        EvalResult resumed = evals(new SlowGenerator()).evals().resume(dir.resolve("c"), RunOptions.defaults());
        assertThat(resumed.numSamples()).isEqualTo(200);
    }

    @Test
    void theErrorBudgetStopsARunThatFailsTooOften() throws IOException {
        SlowGenerator generator = new SlowGenerator();
        for (int i = 0; i < 100; i += 2) {
            generator.failing.add("q" + i + (i % 3 == 0 ? "?" : ""));
        }

        assertThatThrownBy(() -> evals(generator)
                        .evals()
                        .runEvalTask(
                                task(100, "b").build(),
                                RunOptions.builder()
                                        .concurrency(1)
                                        .maxErrorRate(0.2)
                                        .build()))
                .isInstanceOf(EvalException.class)
                .hasMessageStartingWith("the run stopped: error budget exceeded: ");
        assertThat(Json.MAPPER
                        .readTree(dir.resolve("b/results.json").toFile())
                        .at("/status")
                        .asText())
                .isEqualTo("failed");
        assertThat(generator.calls.get()).isLessThan(100);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aRunOverItsErrorBudgetWaitsAShortWhileForTheSamplesInFlightNotTheirWholeDeadline() throws IOException {
        // the first 10 questions fail after 0.2 s; the others hang as a server that never answers, for 10 minutes
        dev.evals4j.api.spi.BaseGenerator hanging = new dev.evals4j.api.spi.BaseGenerator() {
            @Override
            public String id() {
                return "test-slow";
            }

            @Override
            public String description() {
                return "fails, then hangs (test fake)";
            }

            @Override
            public dev.evals4j.api.GenerationResponse generate(dev.evals4j.api.PreprocessedSample sample) {
                var chat = (dev.evals4j.api.GenerationInput.Chat) sample.input();
                String question =
                        chat.messages().get(chat.messages().size() - 1).content();
                boolean fails = Integer.parseInt(question.replaceAll("\\D", "")) < 10;
                try {
                    Thread.sleep(fails ? 200 : 600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new dev.evals4j.api.ModelCallException(
                        fails ? "the server answered 500" : "interrupted", true, 500, null);
            }
        };

        assertThatThrownBy(() -> evals(hanging)
                        .evals()
                        .runEvalTask(
                                task(100, "h").build(),
                                RunOptions.builder()
                                        .concurrency(16)
                                        .maxErrorRate(0.5)
                                        .build()))
                .isInstanceOf(EvalException.class)
                .hasMessageMatching("the run stopped: error budget exceeded: (\\d+) of \\1 samples failed \\(100.0%\\),"
                        + " more than 50.0%; \\d+ still in flight after 5 s were not waited for and run again on resume;"
                        + " what finished is in .*");
        JsonNode results = Json.MAPPER.readTree(dir.resolve("h/results.json").toFile());
        assertThat(results.at("/status").asText()).isEqualTo("failed");
        assertThat(results.at("/counts/errors").asInt())
                .isEqualTo(results.at("/counts/samples").asInt());
    }

    @Test
    void theErrorBudgetLeavesTheCallersCancellationAloneSoReusedOptionsRunAgain() {
        SlowGenerator failing = new SlowGenerator();
        for (int i = 0; i < 100; i++) {
            failing.failing.add("q" + i + (i % 3 == 0 ? "?" : ""));
        }
        RunOptions options =
                RunOptions.builder().concurrency(1).maxErrorRate(0.2).build();

        assertThatThrownBy(
                        () -> evals(failing).evals().runEvalTask(task(100, "f").build(), options))
                .hasMessageStartingWith("the run stopped: error budget exceeded: ");
        EvalResult next =
                evals(new SlowGenerator()).evals().runEvalTask(task(20, "g").build(), options);

        assertThat(options.cancellation().isCancelled()).isFalse();
        assertThat(next.numSamples()).isEqualTo(20);
    }

    @Test
    void progressReportsDoneTotalRateAndErrors() {
        SlowGenerator generator = new SlowGenerator(1);
        generator.failing.add("q1");
        List<Progress> seen = new ArrayList<>();

        evals(generator)
                .evals()
                .runEvalTask(
                        task(30, "p").build(),
                        RunOptions.builder().concurrency(1).progress(seen::add).build());

        Progress last = seen.get(seen.size() - 1);
        assertThat(last.done()).isEqualTo(30);
        assertThat(last.total()).isEqualTo(30);
        assertThat(last.errors()).isEqualTo(1);
        assertThat(last.unit()).isEqualTo("samples");
        assertThat(last.ratePerSecond()).isPositive();
        assertThat(last.eta()).hasValue(java.time.Duration.ZERO);
    }

    @Test
    void judgeTokensAreCountedApartFromTheCandidates() throws IOException {
        dev.evals4j.api.spi.BaseScorer judge = new dev.evals4j.api.spi.BaseScorer() {
            @Override
            public String id() {
                return "test::judge";
            }

            @Override
            public String description() {
                return "a judge that reports its tokens (test fake)";
            }

            @Override
            public dev.evals4j.api.ScoreResult score(dev.evals4j.api.ScorerInputSample sample) {
                return dev.evals4j.api.ScoreResult.of(1.0).withJudgeUsage(new dev.evals4j.api.Usage(100, 5));
            }
        };
        Evals evals = Evals.create(PluginRegistry.builder()
                .discovery(false)
                .register(judge)
                .register(new ExactScorer())
                .register(new EchoProcessor())
                .register(new SlowGenerator())
                .register(new dev.evals4j.core.datasets.InlineRowsDataset())
                .build());

        EvalResult result =
                evals.evals().runEvalTask(task(4, "j").scorer("test::judge").build());

        JsonNode doc = Json.MAPPER.readTree(dir.resolve("j/results.json").toFile());
        assertThat(result.usage())
                .hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(16));
        assertThat(doc.at("/usage/total_tokens").asInt()).isEqualTo(16);
        assertThat(doc.at("/judge_usage/prompt_tokens").asInt()).isEqualTo(400);
        assertThat(doc.at("/judge_usage/total_tokens").asInt()).isEqualTo(420);
    }

    @Test
    void samplesInFlightAreJournaledWhenAMalformedRowStopsTheRun() throws IOException {
        Path data = dir.resolve("qs.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            lines.append("{\"input_query\": \"q")
                    .append(i)
                    .append("\", \"expected_answer\": \"q")
                    .append(i)
                    .append("\"}\n");
        }
        Files.writeString(data, lines + "{broken\n");

        assertThatThrownBy(() -> evals(new SlowGenerator(20))
                        .evals()
                        .runEvalTask(
                                task(1, "bad")
                                        .dataset(DatasetDefinition.ofUri("qs", data.toString()))
                                        .build(),
                                RunOptions.builder().concurrency(8).build()))
                .isInstanceOf(dev.evals4j.api.DatasetLoadException.class)
                .hasMessageStartingWith(data + " line 21");
        assertThat(Files.readAllLines(dir.resolve("bad/samples.jsonl"))).hasSize(20);
    }

    @Test
    void aJournalLineThatIsBrokenInTheMiddleStopsTheResume() throws IOException {
        evals(new SlowGenerator()).evals().runEvalTask(task(5, "m").build());
        Path journal = dir.resolve("m/samples.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        lines.set(1, "{broken");
        Files.write(journal, lines, StandardOpenOption.TRUNCATE_EXISTING);

        assertThatThrownBy(() -> evals(new SlowGenerator()).evals().resume(dir.resolve("m"), RunOptions.defaults()))
                .isInstanceOf(EvalException.class)
                .hasMessageStartingWith(journal + " line 2 is not valid JSON, so the run cannot be resumed safely: ");
    }
}
