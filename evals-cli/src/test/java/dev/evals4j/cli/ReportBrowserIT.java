package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens {@code report.html} of a 12,000-sample run in Debian's headless Chromium and checks what it renders: the
 * summary, the number of samples after typing a term into the filter, the rows on screen (a window, not 12,000),
 * text that tries to break out of the page shown as text, and no console error. Chromium is installed with
 * {@code scripts/install-chromium.sh} when missing; without a browser the test is skipped with the reason.
 *
 * <p>It also prints how long the page took to open (navigation start to the first rendered rows) and to apply the
 * filter, as the page measures them with {@code performance.now()}; docs/reports.md records those numbers. They
 * are measured, not asserted.
 */
class ReportBrowserIT {
    private static final int SAMPLES = 12_000;

    @TempDir
    Path dir;

    @Test
    void theReportOfTwelveThousandSamplesRendersFiltersAndStaysInert() throws Exception {
        Optional<String> missing = Chromium.ensureInstalled();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "no browser: " + missing.orElse(""));
        Path run = dir.resolve("run");
        SyntheticRun.Written written = SyntheticRun.write(run, SAMPLES, 2026);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(
                new String[] {"report", run.toString()},
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.of());
        assertThat(code).as(err.toString()).isZero();
        Path html = run.resolve("report.html");

        try (Chromium browser = Chromium.start()) {
            browser.send("Page.navigate", Map.of("url", html.toUri().toString()));
            browser.await("document.body && document.body.dataset.ready === '1'", Duration.ofSeconds(120));

            double openMs =
                    browser.eval("window.evalsReport.timings.firstRenderMs").asDouble();
            double parseMs = browser.eval("window.evalsReport.timings.parseMs").asDouble();
            assertThat(browser.eval("document.querySelector('#summary table').innerText")
                            .asText())
                    .contains("basic::equality\taccuracy\t")
                    .contains("metrics::f1\taverage\t")
                    .contains("llm-as-judge::405b-simpleqa\tcategorical_count\t");
            assertThat(browser.eval("document.getElementById('count').dataset.shown")
                            .asText())
                    .isEqualTo(Integer.toString(SAMPLES));
            assertThat(browser.eval("document.getElementById('count').textContent")
                            .asText())
                    .isEqualTo("12,000 of 12,000 samples");
            int rowsOnScreen = browser.eval("document.querySelectorAll('#rows .row:not([hidden])').length")
                    .asInt();
            assertThat(rowsOnScreen).isBetween(10, 80);
            assertThat(browser.eval("document.querySelectorAll('#charts svg').length")
                            .asInt())
                    .isEqualTo(3);

            // type the term into the filter, as a user would, once the page has built its search index
            browser.await("window.evalsReport.timings.searchIndexMs !== null", Duration.ofSeconds(60));
            double indexMs =
                    browser.eval("window.evalsReport.timings.searchIndexMs").asDouble();
            browser.eval("document.getElementById('q').focus()");
            browser.send("Input.insertText", Map.of("text", SyntheticRun.RARE_WORD));
            browser.await(
                    "document.getElementById('count').dataset.shown === '" + written.withRareWord() + "'",
                    Duration.ofSeconds(30));
            double filterMs =
                    browser.eval("window.evalsReport.timings.lastFilterMs").asDouble();
            assertThat(browser.eval("document.querySelectorAll('#rows .row:not([hidden])').length")
                            .asInt())
                    .isBetween(10, 80);
            browser.eval("document.querySelector('#rows .row:not([hidden])').click()");
            assertThat(browser.eval("document.getElementById('detail').innerText")
                            .asText())
                    .contains(SyntheticRun.RARE_WORD)
                    .contains("Extracted answer (generated_answer)")
                    .contains("judge feedback");

            // a second term: the filter narrows to the samples whose answers try to break the page
            browser.eval("document.getElementById('q').select()");
            browser.send("Input.insertText", Map.of("text", "window.pwned"));
            browser.await(
                    "document.getElementById('count').dataset.shown === '" + written.hostile() + "'",
                    Duration.ofSeconds(30));
            double secondFilterMs =
                    browser.eval("window.evalsReport.timings.lastFilterMs").asDouble();
            browser.eval("document.querySelector('#rows .row:not([hidden])').click()");
            JsonNode inert = browser.eval("({pwned: typeof window.pwned, images: document.images.length,"
                    + " shown: document.getElementById('detail').innerText.includes('" + "</scr' + 'ipt><script>"
                    + "window.pwned=1')})");
            assertThat(inert.get("pwned").asText()).isEqualTo("undefined");
            assertThat(inert.get("images").asInt()).isZero();
            assertThat(inert.get("shown").asBoolean()).isTrue();

            // outcome filters: the failed samples (sample errors), by the error select
            browser.eval("document.getElementById('q').value = ''; document.getElementById('q')"
                    + ".dispatchEvent(new Event('input'))");
            browser.eval("var e = document.getElementById('error'); e.value = '0';"
                    + " e.dispatchEvent(new Event('change'))");
            assertThat(browser.eval("document.getElementById('count').dataset.shown")
                            .asText())
                    .isEqualTo(Integer.toString(written.failed()));

            assertThat(browser.problems()).isEmpty();
            long bytes = Files.size(html);
            String timings = String.format(
                    Locale.ROOT,
                    "report.html of %d samples: %.1f MB; open (navigation start to first rendered rows) %.0f ms, of"
                            + " which parsing the samples %.0f ms; %d rows in the page; search index built after it in"
                            + " %.0f ms; filter '%s' %.1f ms (%d shown), filter 'window.pwned' %.1f ms",
                    SAMPLES,
                    bytes / 1e6,
                    openMs,
                    parseMs,
                    rowsOnScreen,
                    indexMs,
                    SyntheticRun.RARE_WORD,
                    filterMs,
                    written.withRareWord(),
                    secondFilterMs);
            System.out.println(timings);
            Files.writeString(Path.of("target", "report-browser-timings.txt"), timings + "\n");
        }
    }
}
