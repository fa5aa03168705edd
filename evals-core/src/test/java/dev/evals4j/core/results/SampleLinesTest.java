package dev.evals4j.core.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.Message;
import dev.evals4j.api.ScoreResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The streaming writer of sample lines writes the bytes the data-bound writer writes, for every shape of line. */
class SampleLinesTest {
    static List<SampleRecord> samples() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("input_query", "Capital of \"France\"?\n\u00e9\u4e2d\ud83d\ude00\u0001");
        row.put("expected_answer", List.of("Paris", "paris"));
        row.put("n", 3);
        row.put("big", 12345678901L);
        row.put("x", 0.1);
        row.put("nan", Double.NaN);
        row.put("inf", Double.NEGATIVE_INFINITY);
        row.put("flag", true);
        row.put("nothing", null);
        row.put("nested", Map.of("a", List.of(1, 2.5, Map.of("b", "c"))));
        row.put("decimal", new BigDecimal("1.10"));
        Map<String, ScoreRow> scores = new LinkedHashMap<>();
        scores.put("basic::equality", ScoreRow.of(ScoreResult.correct(true)));
        scores.put(
                "judge",
                ScoreRow.of(ScoreResult.category("A")
                        .withDetails(Map.of("judge_feedback", "fine \u2014 \"quoted\""))
                        .withJudgeUsage(new dev.evals4j.api.Usage(10, 3))));
        scores.put("unscored", ScoreRow.of(ScoreResult.unscored("no answer")));
        scores.put(
                "numbers",
                ScoreRow.of(ScoreResult.of(0.3333333333333333).withDetails(Map.of("parts", Arrays.asList(1, null)))));
        scores.put("failed", ScoreRow.failure(new IllegalStateException("bad \n thing")));
        List<SampleRecord> out = new ArrayList<>();
        out.add(new SampleRecord(
                0,
                null,
                row,
                new SampleRecord.Prompt(List.of(Message.system("Be brief."), Message.user("Q?")), null),
                new SampleRecord.Generation("Paris", null, "stop", new UsageRecord(5, 1, null)),
                "Paris",
                List.of("Paris", "paris"),
                scores,
                null));
        out.add(new SampleRecord(
                7,
                2,
                Map.of("q", "x"),
                new SampleRecord.Prompt(null, "Q: 2+2\nA:"),
                new SampleRecord.Generation("4", List.of("5", "4"), null, new UsageRecord(1, 1, 2L)),
                "4",
                "4",
                Map.of(),
                null));
        out.add(new SampleRecord(
                9,
                null,
                Map.of(),
                null,
                null,
                null,
                null,
                Map.of(),
                new ErrorRecord("ModelCallException", "POST http://127.0.0.1:9/v1 failed: refused")));
        out.add(new SampleRecord(10, 0, Map.of("a", ""), null, null, 1.5, Map.of("k", "v"), Map.of(), null));
        out.add(new SampleRecord(
                11,
                null,
                Map.of("question", "2+2?"),
                new SampleRecord.Prompt(null, null, "2+2?\nA. 3\nB. 4\nAnswer:", List.of(" A", " B")),
                new SampleRecord.Generation(
                        "",
                        null,
                        null,
                        new UsageRecord(16, 2, null),
                        List.of(
                                new SampleRecord.LoglikelihoodRecord(-2.3125, 1, false),
                                new SampleRecord.LoglikelihoodRecord(-0.1, 2, null))),
                Map.of("choices", List.of("A", "B"), "loglikelihoods", List.of(-2.3125, -0.1)),
                "B",
                Map.of("harness::acc", ScoreRow.of(ScoreResult.correct(true))),
                null));
        // every character of the first 1,024, the ends of the planes, lone and paired surrogate halves, long texts
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 1024; c++) {
            all.append(c);
        }
        all.append('\u07FF')
                .append('\u0800')
                .append('\uFFFF')
                .append('\uD800')
                .append('x')
                .append('\uDFFF');
        all.append("\uDBFF\uDFFF").append('\uD83D');
        Map<String, Object> texts = new LinkedHashMap<>();
        texts.put("all \u0000 \"keys\"", all.toString());
        texts.put("long", "\u00e9\\\"".repeat(400));
        texts.put("floats", List.of(1.0f, Float.NaN, 1e-7, 1e21, -0.0, Double.MIN_VALUE, Long.MIN_VALUE));
        // whole numbers, written without Double.toString below 10^7, and around that bound
        texts.put(
                "whole",
                List.of(0.0, 1.0, -1.0, 10.0, 9_999_999.0, -9_999_999.0, 1e7, -1e7, 123456.0, 1e-3, 0.5, 2.0e15));
        texts.put("longs", List.of(0L, -1L, 9L, 10L, -10L, Long.MAX_VALUE, 1234567890123L, Integer.MIN_VALUE));
        out.add(new SampleRecord(
                7, 2, texts, null, null, all.toString(), null, Map.of("s", ScoreRow.of(ScoreResult.of(0.5))), null));
        return out;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void theLineIsTheDataBoundWritersLine(SampleRecord sample) throws Exception {
        assertThat(new String(RunFiles.sampleLine(sample), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(RunFiles.boundSampleLine(sample), java.nio.charset.StandardCharsets.UTF_8));
    }
}
