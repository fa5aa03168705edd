package dev.evals4j.core.reports;

import dev.evals4j.core.results.ResultsFile;
import java.util.Locale;

/**
 * {@code report.md}: a short summary for a CI comment — the summary table, the verdict counts and the kinds of
 * error. Link-free: every name and message from the run is in a code span, so no text of a sample becomes a link,
 * an image, HTML or table markup.
 */
final class MarkdownReport {
    /** The longest message shown. */
    private static final int MESSAGE_LIMIT = 200;

    private MarkdownReport() {}

    static String render(ResultsFile r, Tally t) {
        StringBuilder md = new StringBuilder();
        md.append("## evals4j report: ").append(code(r.dataset().id())).append("\n\n");
        md.append(code(r.status())).append(" · ").append(r.task());
        if (r.generator() != null) {
            Object model = r.generator().params().get("model");
            md.append(" · model ").append(code(model == null ? r.generator().id() : model.toString()));
        }
        md.append(" · ")
                .append(t.samples)
                .append(" samples")
                .append(String.format(Locale.ROOT, " · %.1f s", r.timings().durationSeconds()))
                .append("\n\n");
        var rows = Summaries.rows(r);
        if (rows.isEmpty()) {
            md.append("No scores.\n\n");
        } else {
            if (Summaries.partial(r)) {
                md.append("Scores so far (the run did not complete):\n\n");
            }
            md.append("| scorer | metric | value | 95% interval | rows | errors | unscored |\n");
            md.append("|---|---|---:|---|---:|---:|---:|\n");
            for (Summaries.Row row : rows) {
                md.append("| ")
                        .append(code(row.scorer()))
                        .append(" | ")
                        .append(row.metric())
                        .append(" | ")
                        .append(cell(row.value()))
                        .append(" | ")
                        .append(row.interval())
                        .append(" | ")
                        .append(row.rows())
                        .append(" | ")
                        .append(row.errors())
                        .append(" | ")
                        .append(row.unscored())
                        .append(" |\n");
            }
            md.append('\n');
        }
        md.append("**Samples:** ")
                .append(t.passed)
                .append(" passed, ")
                .append(t.failed)
                .append(" failed, ")
                .append(t.errors)
                .append(" errors, ")
                .append(t.skipped)
                .append(" unscored (")
                .append(RunReport.RULE)
                .append(")\n");
        if (!t.errorKinds.isEmpty()) {
            md.append("\n**Errors:**\n\n| count | where | type | first message | first samples |\n");
            md.append("|---:|---|---|---|---|\n");
            for (Tally.ErrorKind k : t.errorKinds.values()) {
                md.append("| ")
                        .append(k.count)
                        .append(" | ")
                        .append(code(k.where))
                        .append(" | ")
                        .append(code(k.type))
                        .append(" | ")
                        .append(code(k.firstMessage))
                        .append(" | ")
                        .append(String.join(", ", k.samples))
                        .append(k.count > k.samples.size() ? ", …" : "")
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    /** Text as a code span that cannot end early, leave its table cell or span lines. */
    static String code(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        if (one.length() > MESSAGE_LIMIT) {
            one = one.substring(0, MESSAGE_LIMIT - 1) + "…";
        }
        one = one.replace('`', '\'').replace("|", "\\|");
        return one.isEmpty() ? "` `" : "`" + one + "`";
    }

    private static String cell(String s) {
        return s.matches("-?[0-9.]+") ? s : code(s);
    }
}
