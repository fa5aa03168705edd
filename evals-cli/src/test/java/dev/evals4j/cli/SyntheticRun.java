package dev.evals4j.cli;

import dev.evals4j.api.Message;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.Usage;
import dev.evals4j.core.results.DatasetRecord;
import dev.evals4j.core.results.ErrorRecord;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.RequestRecord;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.results.ScoreRow;
import dev.evals4j.core.results.UsageRecord;
import dev.evals4j.core.scoring.Statistics;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A run folder as an eval task against a chat model writes it, made up: {@code run.json}, {@code results.json} and
 * a journal in finishing order, with chat prompts, answers of a few hundred characters, three scorers (0/1, a number
 * in [0, 1], a judge's grade with its feedback), failed samples, unscored grades and judge errors, and texts that
 * try to break a page ({@code </script>}, tags, control characters).
 */
final class SyntheticRun {
    static final String EQ = "basic::equality";
    static final String F1 = "metrics::f1";
    static final String JUDGE = "llm-as-judge::405b-simpleqa";
    /** A word only the questions of samples whose index is 3 modulo 7 hold. */
    static final String RARE_WORD = "volcano";

    static final String HOSTILE = "</script><script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";

    private static final String[] TOPICS = {"river", "mountain", "desert", "island", "lake", "forest", "city"};
    private static final String[] COUNTRIES = {
        "France", "Japan", "Brazil", "Kenya", "Canada", "India", "Norway", "Chile", "Egypt", "Vietnam", "Peru", "Spain"
    };

    /** What was written, for the assertions. */
    record Written(int samples, int failed, int withRareWord, int hostile) {}

    private SyntheticRun() {}

    static Written write(Path run, int samples, long seed) throws IOException {
        Files.createDirectories(run);
        // small seeds next to each other start java.util.Random's generator in nearly the same state
        Random random = new Random(seed * 0x9E3779B97F4A7C15L);
        List<SampleRecord> lines = new ArrayList<>();
        int failed = 0;
        int rare = 0;
        int hostile = 0;
        long correct = 0;
        double f1Sum = 0;
        double f1SumSq = 0;
        long eqRows = 0;
        long judgeErrors = 0;
        long judgeUnscored = 0;
        Map<String, Long> grades = new LinkedHashMap<>();
        for (int i = 0; i < samples; i++) {
            String country = COUNTRIES[i % COUNTRIES.length];
            String topic = i % 7 == 3 ? RARE_WORD : TOPICS[i % TOPICS.length];
            rare += i % 7 == 3 ? 1 : 0;
            String expected = "The " + topic + " of " + country + " number " + i;
            String question = "Question " + i + ": name the best known " + topic + " of " + country
                    + ", and say in one sentence why it matters to the people who live near it. Answer with its name"
                    + " first; keep the explanation short and factual, as an encyclopedia would.";
            if (i % 997 == 5) {
                failed++;
                lines.add(new SampleRecord(
                        i,
                        null,
                        Map.of("input_query", question, "expected_answer", expected),
                        new SampleRecord.Prompt(
                                List.of(Message.system("Answer briefly."), Message.user(question)), null),
                        null,
                        null,
                        null,
                        Map.of(),
                        new ErrorRecord(
                                "ModelCallException",
                                "the server answered 503 after 4 attempts: {\"error\": \"overloaded\"}")));
                continue;
            }
            boolean right = random.nextDouble() < 0.62;
            String answer = right ? expected : "The " + TOPICS[(i + 1) % TOPICS.length] + " of " + country;
            if (i % 1500 == 7) {
                answer = HOSTILE + " \u0001 ]]>";
                hostile++;
                right = false;
            }
            String generation = answer + ". It matters because it shapes the climate, the economy and the stories"
                    + " of the region; travellers have written about it for centuries, and it appears on maps made"
                    + " long before the country had its present borders.";
            double f1 = right ? 1.0 : Math.round(random.nextDouble() * 60) / 100.0;
            Map<String, ScoreRow> scores = new LinkedHashMap<>();
            scores.put(EQ, ScoreRow.of(ScoreResult.correct(right)));
            scores.put(F1, ScoreRow.of(ScoreResult.of(f1)));
            eqRows++;
            correct += right ? 1 : 0;
            f1Sum += f1;
            f1SumSq += f1 * f1;
            if (i % 211 == 13) {
                scores.put(JUDGE, ScoreRow.failure(new IllegalStateException("the judge model timed out")));
                judgeErrors++;
            } else if (i % 53 == 11) {
                scores.put(
                        JUDGE,
                        ScoreRow.of(ScoreResult.unscored("the judge's answer had no grade")
                                .withDetails(Map.of("judge_feedback", "I cannot tell from the answer alone."))));
                judgeUnscored++;
            } else {
                String grade = right ? "CORRECT" : random.nextBoolean() ? "INCORRECT" : "NOT_ATTEMPTED";
                grades.merge(grade, 1L, Long::sum);
                scores.put(
                        JUDGE,
                        ScoreRow.of(ScoreResult.category(grade)
                                .withDetails(Map.of(
                                        "judge_feedback",
                                        (right ? "A" : "B") + ") The answer names " + answer + "; the gold target is "
                                                + expected + "."))
                                .withJudgeUsage(new Usage(180, 12))));
            }
            lines.add(new SampleRecord(
                    i,
                    null,
                    Map.of("input_query", question, "expected_answer", expected),
                    new SampleRecord.Prompt(List.of(Message.system("Answer briefly."), Message.user(question)), null),
                    new SampleRecord.Generation(generation, null, "stop", new UsageRecord(60, 45, null)),
                    answer,
                    expected,
                    scores,
                    null));
        }
        // a journal comes in the order samples finished
        Collections.shuffle(lines, random);
        try (OutputStream out =
                new BufferedOutputStream(Files.newOutputStream(run.resolve(RunFiles.SAMPLES)), 1 << 20)) {
            for (SampleRecord s : lines) {
                out.write(RunFiles.sampleLine(s));
                out.write('\n');
            }
        }

        DatasetRecord dataset = new DatasetRecord("geo-qa", "data/geo-qa.jsonl", null, null, null, Map.of(), Map.of());
        PluginRecord generator = new PluginRecord(
                "openai-compatible",
                null,
                Map.of("base_url", "http://127.0.0.1:8000/v1", "model", "Qwen/Qwen2.5-1.5B-Instruct", "temperature", 0),
                null);
        PluginRecord processor = new PluginRecord("template", null, Map.of("system", "Answer briefly."), null);
        List<PluginRecord> scorers = List.of(
                new PluginRecord(EQ, null, Map.of(), List.of()),
                new PluginRecord(F1, null, Map.of(), List.of()),
                new PluginRecord(JUDGE, null, Map.of("judge_model", "judge"), List.of()));
        RunFiles.writeRun(
                run,
                new RunFile(
                        "0.1.0-SNAPSHOT",
                        RunFile.EVAL_TASK,
                        new RequestRecord(dataset, scorers, processor, generator, -1, null, 1, "mean", Map.of())));
        double accuracy = (double) correct / eqRows;
        double[] wilson = Statistics.wilson(correct, eqRows);
        double mean = f1Sum / eqRows;
        double sd = Math.sqrt((f1SumSq - eqRows * mean * mean) / (eqRows - 1));
        double half = Statistics.t975(eqRows - 1) * sd / Math.sqrt(eqRows);
        Map<String, ResultsFile.ScoreEntry> entries = new LinkedHashMap<>();
        entries.put(
                EQ,
                new ResultsFile.ScoreEntry(
                        Map.of(
                                "accuracy",
                                Map.of(
                                        "accuracy",
                                        accuracy,
                                        "num_correct",
                                        (double) correct,
                                        "num_total",
                                        eqRows,
                                        "ci95",
                                        List.of(wilson[0], wilson[1]),
                                        "ci_method",
                                        "wilson")),
                        eqRows,
                        0,
                        0));
        entries.put(
                F1,
                new ResultsFile.ScoreEntry(
                        Map.of(
                                "average",
                                Map.of(
                                        "average",
                                        mean,
                                        "ci95",
                                        List.of(mean - half, mean + half),
                                        "ci_method",
                                        "student_t")),
                        eqRows,
                        0,
                        0));
        Map<String, Object> counts = new java.util.TreeMap<>(grades);
        entries.put(
                JUDGE,
                new ResultsFile.ScoreEntry(
                        Map.of("categorical_count", Map.of("categorical_count", counts)),
                        eqRows,
                        judgeErrors,
                        judgeUnscored));
        RunFiles.writeResults(
                run,
                new ResultsFile(
                        "0.1.0-SNAPSHOT",
                        ResultsFile.COMPLETED,
                        RunFile.EVAL_TASK,
                        new ResultsFile.DatasetSummary("geo-qa", "data/geo-qa.jsonl", Map.of(), null, null),
                        processor,
                        generator,
                        scorers,
                        null,
                        32,
                        new ResultsFile.CallStats(samples, samples + 40, 40, 12, failed, 1.5, null, Map.of()),
                        new ResultsFile.CallStats(
                                samples - failed, samples - failed, 0, 0, judgeErrors, 0, null, Map.of()),
                        Map.of(),
                        new ResultsFile.Timings("2026-11-29T10:00:00Z", "2026-11-29T10:06:40Z", 400.0),
                        List.of(),
                        new ResultsFile.Counts(samples, failed),
                        new UsageRecord(60L * (samples - failed), 45L * (samples - failed), 105L * (samples - failed)),
                        null,
                        entries,
                        null,
                        null));
        return new Written(samples, failed, rare, hostile);
    }
}
