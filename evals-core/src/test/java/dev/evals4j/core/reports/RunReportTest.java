package dev.evals4j.core.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.Message;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.core.results.ErrorRecord;
import dev.evals4j.core.results.PluginRecord;
import dev.evals4j.core.results.ResultsFile;
import dev.evals4j.core.results.RunFiles;
import dev.evals4j.core.results.SampleRecord;
import dev.evals4j.core.results.ScoreRow;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class RunReportTest {
    private static final String EQ = "basic::equality";
    private static final String JUDGE = "llm-as-judge::405b-simpleqa";
    private static final String HOSTILE = "</script><script>window.pwned=1</script><!-- <img src=x onerror=alert(1)>";

    @TempDir
    Path dir;

    @Test
    void junitXmlHasOneTestCasePerSampleAndEpochUnderThePassFailRule() throws Exception {
        Path run = writeRun(dir.resolve("run"), samples());

        RunReport.Written w = RunReport.create().write(run, run);

        assertThat(w)
                .isEqualTo(new RunReport.Written(
                        run.resolve("report.html"), run.resolve("report.md"), run.resolve("junit.xml"), 7, 2, 1, 3, 1));
        Document xml = parse(w.junit());
        Element suite = xml.getDocumentElement();
        assertThat(suite.getAttribute("name")).isEqualTo("evals4j qa");
        assertThat(suite.getAttribute("tests")).isEqualTo("7");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("3");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("time")).isEqualTo("12.500");
        NodeList cases = suite.getElementsByTagName("testcase");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            assertThat(c.getAttribute("classname")).isEqualTo("qa");
            String child = c.getElementsByTagName("*").getLength() == 0
                    ? "passed"
                    : c.getElementsByTagName("*").item(0).getNodeName();
            names.add(c.getAttribute("name") + ": " + child);
        }
        // dataset order, each (index, epoch) once: the line a resume wrote replaces the failed one
        assertThat(names)
                .containsExactly(
                        "sample 0 epoch 0: passed",
                        "sample 0 epoch 1: failure",
                        "sample 1 epoch 0: error",
                        "sample 1 epoch 1: error",
                        "sample 2 epoch 0: skipped",
                        "sample 2 epoch 1: passed",
                        "sample 3 epoch 0: error");
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo(EQ);
        assertThat(failure.getAttribute("message"))
                .isEqualTo("expected 'Paris', generated 'Lyon ]]> \\u0001\\u001B'; basic::equality = 0");
        assertThat(failure.getTextContent())
                .isEqualTo("expected: Paris\ngenerated: Lyon ]]> \\u0001\\u001B\nbasic::equality: 0 (failed)\n" + JUDGE
                        + ": CORRECT (passed)\n  judge feedback: A) it says Paris\n");
        Element error = (Element) xml.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("type")).isEqualTo("ModelCallException");
        assertThat(error.getAttribute("message")).isEqualTo("ModelCallException: the server answered 500");
        Element scorerError = (Element) xml.getElementsByTagName("error").item(2);
        assertThat(scorerError.getAttribute("type")).isEqualTo("IllegalStateException");
        assertThat(scorerError.getAttribute("message"))
                .isEqualTo(JUDGE + " failed: IllegalStateException: the judge is down");
        Element skipped = (Element) xml.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message"))
                .isEqualTo("unscored: basic::equality: no answer to compare; " + JUDGE + ": the judge's answer had no"
                        + " grade");
    }

    @Test
    void junitXmlIsValidAgainstTheReportSchemaWhateverTheTextsHold() throws Exception {
        Path run = writeRun(dir.resolve("run"), samples());

        RunReport.create().write(run, run);

        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(
                        Path.of("src/test/resources/reports/junit-report.xsd").toFile())
                .newValidator()
                .validate(new StreamSource(run.resolve("junit.xml").toFile()));
        assertThat(Files.readString(run.resolve("junit.xml")))
                .doesNotContain("<![CDATA[")
                .doesNotContain("\u0001")
                .contains("Lyon ]]&gt; \\u0001\\u001B");
    }

    @Test
    void theHtmlPageIsSelfContainedAndItsSampleTextIsDataNeverMarkup() throws IOException {
        Path run = writeRun(dir.resolve("run"), samples());

        RunReport.create().write(run, dir.resolve("out"));

        String html = Files.readString(dir.resolve("out").resolve("report.html"));
        // nothing loaded from anywhere: no external script, style, font, image or frame, and a policy that says so
        assertThat(html)
                .doesNotContainPattern("(?i)<(script|img|iframe|link|object|embed)[^>]*\\s(src|href)=")
                .doesNotContainPattern("(?i)url\\(")
                .doesNotContain("@import")
                .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src"
                        + " 'unsafe-inline'; img-src data:; script-src 'sha256-");
        // the page's own two script elements, and no text of a sample can close or open one
        assertThat(count(html, "<script")).isEqualTo(2);
        assertThat(count(html, "</script")).isEqualTo(2);
        assertThat(html)
                .doesNotContain("<!--")
                .doesNotContain("<script>window.pwned")
                .contains("\\u003C/script\\u003E\\u003Cscript\\u003Ewindow.pwned=1\\u003C/script\\u003E");
        Matcher data = Pattern.compile(
                        "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(data.find()).isTrue();
        JsonNode json = RunFiles.mapper().readTree(data.group(1));
        assertThat(json.get("scorers").toString()).isEqualTo("[\"basic::equality\",\"" + JUDGE + "\"]");
        assertThat(json.get("errorKinds").toString())
                .isEqualTo("[\"sample: ModelCallException\",\"" + JUDGE + ": IllegalStateException\"]");
        assertThat(json.get("samples")).hasSize(7);
        JsonNode hostile = json.get("samples").get(6);
        assertThat(hostile.get(0).asInt()).isEqualTo(3);
        assertThat(hostile.get(3).get(1).get(1).asText()).isEqualTo(HOSTILE);
        assertThat(hostile.get(6).asText()).isEqualTo(HOSTILE);
        // the summary and the metadata are HTML, escaped
        assertThat(html)
                .contains("<td>basic::equality</td><td>accuracy</td><td class=\"num\">0.4000</td><td class=\"num\">"
                        + "[0.1176, 0.7693]</td>")
                .contains("<dt>generator_stats</dt><dd>7 calls, 9 attempts, 2 retries, 1 throttled, 1 failed, 0.5 s"
                        + " waiting for the rate limit</dd>")
                .contains("<dt>model</dt><dd>qwen &lt;b&gt;2.5&lt;/b&gt; via openai-compatible");
    }

    @Test
    void theChartsAreInlineSvgPerScorer() throws IOException {
        Path run = writeRun(dir.resolve("run"), samples());

        RunReport.create().write(run, run);

        String html = Files.readString(run.resolve("report.html"));
        assertThat(html)
                .contains("<svg class=\"chart\" viewBox=\"0 0 440 190\" role=\"img\" aria-label=\"score distribution"
                        + " of basic::equality\">")
                .contains("<title>0: 2</title>")
                .contains("<title>1: 2</title>")
                .contains("<title>CORRECT: 2</title>")
                .contains("<title>correct: 1</title>")
                .contains("<title>unscored: 1</title>")
                .contains("<title>error: 1</title>");
    }

    @Test
    void theMarkdownSummaryHasTheTableCountsAndErrorsWithoutLinksOrMarkup() throws IOException {
        Path run = writeRun(dir.resolve("run"), samples());

        RunReport.create().write(run, run);

        assertThat(Files.readString(run.resolve("report.md")))
                .isEqualTo(
                        """
                        ## evals4j report: `qa`

                        `completed` · eval_task · model `qwen <b>2.5</b>` · 7 samples · 12.5 s

                        | scorer | metric | value | 95% interval | rows | errors | unscored |
                        |---|---|---:|---|---:|---:|---:|
                        | `basic::equality` | accuracy | 0.4000 | [0.1176, 0.7693] | 5 | 0 | 1 |
                        | `llm-as-judge::405b-simpleqa` | simpleqa | `n/a: a numeric aggregation` | \
                         | 5 | 1 | 1 |

                        **Samples:** 2 passed, 1 failed, 3 errors, 1 unscored (RULE)

                        **Errors:**

                        | count | where | type | first message | first samples |
                        |---:|---|---|---|---|
                        | 2 | `sample` | `ModelCallException` | `the server answered 500` | 1 (epoch 0), 1 (epoch 1) |
                        | 1 | `llm-as-judge::405b-simpleqa` | `IllegalStateException` | `the judge is down` | 3 (epoch 0) |
                        """
                                .replace("RULE", RunReport.RULE));
    }

    @Test
    void passingCategoriesCanBeChosen() throws IOException {
        Path run = writeRun(dir.resolve("run"), samples());

        RunReport.Written w = RunReport.builder()
                .passingCategories(List.of("incorrect"))
                .build()
                .write(run, run);

        // the CORRECT grades now fail: sample 0 epoch 0 and sample 2 epoch 1 join the failures
        assertThat(w.passed()).isZero();
        assertThat(w.failed()).isEqualTo(3);
    }

    @Test
    void aRunThatEndedBeforeItsFirstSampleHasReportsWithoutSamples() throws Exception {
        Path run = writeRun(dir.resolve("run"), List.of());
        Files.delete(run.resolve(RunFiles.SAMPLES));

        RunReport.Written w = RunReport.create().write(run, run);

        assertThat(w.samples()).isZero();
        assertThat(parse(w.junit()).getDocumentElement().getAttribute("tests")).isEqualTo("0");
        assertThat(Files.readString(w.html())).contains(",\"samples\":[]}</script>");
    }

    @Test
    void aFolderWithoutResultsIsRefused() {
        assertThatThrownBy(() -> RunReport.create().write(dir, dir))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the folder " + dir + " has no results.json; the run has not finished");
    }

    // --- a run of 4 samples x 2 epochs, one of them failed and resumed, one missing

    private static List<SampleRecord> samples() {
        List<SampleRecord> s = new ArrayList<>();
        s.add(sample(
                3,
                0,
                "Paris",
                HOSTILE,
                Map.of(
                        EQ,
                        ScoreRow.of(ScoreResult.correct(false)),
                        JUDGE,
                        ScoreRow.failure(new IllegalStateException("the judge is down")))));
        s.add(failed(0, 0)); // replaced below by its resumed line
        s.add(failed(1, 0));
        s.add(failed(1, 1));
        s.add(sample(
                0,
                1,
                "Paris",
                "Lyon ]]> \u0001\u001b",
                Map.of(
                        EQ,
                        ScoreRow.of(ScoreResult.correct(false)),
                        JUDGE,
                        ScoreRow.of(ScoreResult.category("CORRECT")
                                .withDetails(Map.of("judge_feedback", "A) it says Paris"))))));
        s.add(sample(
                2,
                0,
                "Rome",
                "",
                Map.of(
                        EQ,
                        ScoreRow.of(ScoreResult.unscored("no answer to compare")),
                        JUDGE,
                        ScoreRow.of(ScoreResult.unscored("the judge's answer had no grade")))));
        s.add(sample(
                2,
                1,
                "Rome",
                "Rome",
                Map.of(
                        EQ,
                        ScoreRow.of(ScoreResult.correct(true)),
                        JUDGE,
                        ScoreRow.of(ScoreResult.category("correct")))));
        s.add(sample(
                0,
                0,
                "Paris",
                "Paris",
                Map.of(
                        EQ,
                        ScoreRow.of(ScoreResult.correct(true)),
                        JUDGE,
                        ScoreRow.of(ScoreResult.category("CORRECT")))));
        return s;
    }

    private static SampleRecord sample(
            long index, int epoch, String expected, String answer, Map<String, ScoreRow> scores) {
        Map<String, ScoreRow> ordered = new LinkedHashMap<>();
        ordered.put(EQ, scores.get(EQ));
        ordered.put(JUDGE, scores.get(JUDGE));
        return new SampleRecord(
                index,
                epoch,
                Map.of("input_query", "What is the capital? " + index, "expected_answer", expected),
                new SampleRecord.Prompt(
                        List.of(Message.system("Answer briefly."), Message.user(index == 3 ? HOSTILE : "Capital?")),
                        null),
                new SampleRecord.Generation(answer, null, "stop", null),
                answer,
                expected,
                ordered,
                null);
    }

    private static SampleRecord failed(long index, int epoch) {
        return new SampleRecord(
                index,
                epoch,
                Map.of("input_query", "What is the capital? " + index),
                new SampleRecord.Prompt(null, "What is the capital? " + index),
                null,
                null,
                null,
                Map.of(),
                new ErrorRecord("ModelCallException", "the server answered 500"));
    }

    static Path writeRun(Path run, List<SampleRecord> samples) throws IOException {
        Files.createDirectories(run);
        Map<String, ResultsFile.ScoreEntry> scores = new LinkedHashMap<>();
        scores.put(
                EQ,
                new ResultsFile.ScoreEntry(
                        Map.of(
                                "accuracy",
                                Map.of(
                                        "accuracy",
                                        0.4,
                                        "num_correct",
                                        2.0,
                                        "num_total",
                                        5,
                                        "ci95",
                                        List.of(0.1176, 0.7693),
                                        "ci_method",
                                        "wilson")),
                        5,
                        0,
                        1));
        scores.put(
                JUDGE,
                new ResultsFile.ScoreEntry(Map.of("simpleqa", Map.of("error", "a numeric aggregation")), 5, 1, 1));
        ResultsFile results = new ResultsFile(
                "0.1.0-SNAPSHOT",
                ResultsFile.COMPLETED,
                "eval_task",
                new ResultsFile.DatasetSummary("qa", "data/qa.jsonl", Map.of(), null, null),
                new PluginRecord("template", null, Map.of(), null),
                new PluginRecord("openai-compatible", null, Map.of("model", "qwen <b>2.5</b>"), null),
                List.of(
                        new PluginRecord(EQ, null, Map.of(), List.of()),
                        new PluginRecord(JUDGE, null, Map.of(), List.of())),
                new ResultsFile.Epochs(2, "mean"),
                4,
                new ResultsFile.CallStats(7, 9, 2, 1, 1, 0.5, null, Map.of()),
                null,
                Map.of(),
                new ResultsFile.Timings("2026-01-01T10:00:00Z", "2026-01-01T10:00:12.500Z", 12.5),
                List.of(),
                new ResultsFile.Counts(4, 2),
                null,
                null,
                scores,
                null,
                null);
        RunFiles.writeResults(run, results);
        try (OutputStream out = Files.newOutputStream(run.resolve(RunFiles.SAMPLES))) {
            for (SampleRecord s : samples) {
                out.write(RunFiles.sampleLine(s));
                out.write('\n');
            }
        }
        return run;
    }

    private static Document parse(Path xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(xml))));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
