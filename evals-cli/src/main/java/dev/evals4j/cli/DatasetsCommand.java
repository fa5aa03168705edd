package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.JsonValues;
import dev.evals4j.api.RowPage;
import dev.evals4j.hf.HfUri;
import dev.evals4j.hf.HubDataset;
import dev.evals4j.hf.HubSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code evals datasets}: look into datasets before evaluating them. */
@Command(
        name = "datasets",
        description = "Look into datasets: a Hub dataset's configs and splits, a dataset's first rows.",
        subcommands = {DatasetsCommand.Describe.class, DatasetsCommand.Head.class})
final class DatasetsCommand {
    private DatasetsCommand() {}

    /** {@code evals datasets describe hf://datasets/OWNER/NAME} or {@code evals datasets describe FILE}. */
    @Command(
            name = "describe",
            description = {
                "List a Hub dataset's configs and splits, with row counts when the Hub gives them, and the URI that"
                        + " reads each split.",
                "Or describe a dataset file or URL: its format, rows and columns, with each column's types, empty"
                        + " cells and first values."
            })
    static final class Describe extends CliCommand implements Callable<Integer> {
        @Parameters(
                paramLabel = "DATASET",
                description =
                        "hf://datasets/OWNER/NAME (a revision may follow @) or OWNER/NAME; or a CSV, JSON or JSONL"
                                + " file (also .gz), an http(s) URL or a data: URL.")
        String dataset;

        @Option(
                names = "--dataset-format",
                paramLabel = "FORMAT",
                description = "The file's format, csv, json or jsonl, when its name does not tell.")
        String format;

        /** The old name of {@code --dataset-format}. */
        @Option(names = "--format", paramLabel = "FORMAT", hidden = true)
        void oldFormatOption(String value) {
            format = value;
        }

        Describe(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            if (!HfUri.isHubUri(dataset) && DatasetSummary.isFileOrUrl(dataset)) {
                DatasetDefinition definition = DatasetDefinition.ofUri(dataset);
                DatasetSummary.describe(context, format == null ? definition : definition.withFormat(format), format);
                return 0;
            }
            if (format != null) {
                throw new ConfigurationException(
                        "--dataset-format applies to files and URLs; a Hub dataset's files" + " tell their format");
            }
            String uri = HfUri.isHubUri(dataset) ? dataset : "hf://datasets/" + dataset;
            HfUri parsed = HfUri.parse(uri);
            String revision = parsed.revision().orElse("main");
            HubDataset info = context.hub().describe(parsed.repo(), revision);
            context.out.println(
                    info.repo() + " at " + info.revision() + " (commit " + info.commit() + "), rows from the "
                            + info.source() + (info.gated().equals("false") ? "" : ", gated (" + info.gated() + ")"));
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("CONFIG", "SPLIT", "ROWS", "SIZE", "FORMAT", "URI"));
            for (HubSplit split : info.splits()) {
                rows.add(List.of(
                        split.config(),
                        split.split() + (split.partial() ? " (partial)" : ""),
                        split.rows().isPresent() ? Long.toString(split.rows().getAsLong()) : "?",
                        split.downloadBytes().isPresent()
                                ? size(split.downloadBytes().getAsLong())
                                : "?",
                        split.format(),
                        split.uri(info.repo(), revision)));
            }
            Table.print(context.out, rows);
            return 0;
        }
    }

    static String size(long bytes) {
        if (bytes < 1_000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return bytes < 1_000_000_000
                ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    /** {@code evals datasets head URI}. */
    @Command(name = "head", description = "Print a dataset's first rows as JSON lines, with renames applied.")
    static final class Head extends CliCommand implements Callable<Integer> {
        @Parameters(paramLabel = "PATH|URL", description = "A file, URL or Hub dataset.")
        String dataset;

        @Option(
                names = {"-n", "--limit"},
                paramLabel = "N",
                description = "How many rows (default: ${DEFAULT-VALUE}).")
        int limit = 5;

        @Option(names = "--start", paramLabel = "I", description = "The first row, from 0 (default: ${DEFAULT-VALUE}).")
        int start = 0;

        @Option(names = "--rename", paramLabel = "FROM=TO", description = "Rename a column; repeat for more.")
        List<String> renames = new ArrayList<>();

        @Option(
                names = "--dataset-format",
                paramLabel = "FORMAT",
                description = "The dataset's format, csv, json or jsonl, when its name does not tell.")
        String format;

        /** The old name of {@code --dataset-format}. */
        @Option(names = "--format", paramLabel = "FORMAT", hidden = true)
        void oldFormatOption(String value) {
            format = value;
        }

        Head(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new ConfigurationException("--limit must be at least 1, was " + limit);
            }
            var datasets = context.evals().datasets();
            DatasetDefinition definition = DatasetDefinition.ofUri(dataset).withRenamedColumns(renameMap(renames));
            if (format != null) {
                definition = definition.withFormat(format);
            }
            datasets.register(definition);
            RowPage page = datasets.iterRows(definition.id(), start, limit);
            for (Map<String, Object> row : page.data()) {
                context.out.println(JsonValues.toJson(row));
            }
            if (page.hasMore()) {
                context.err.println("evals: more rows follow (--start "
                        + (start + page.data().size()) + ")");
            }
            return 0;
        }
    }

    static Map<String, String> renameMap(List<String> renames) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String r : renames) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new ConfigurationException(
                        "--rename takes FROM=TO, such as --rename answer=expected_answer;" + " got '" + r + "'");
            }
            map.put(r.substring(0, eq), r.substring(eq + 1));
        }
        return map;
    }
}
