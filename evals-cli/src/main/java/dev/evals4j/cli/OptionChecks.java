package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.spi.Parameter.Range;
import dev.evals4j.core.datasets.DatasetFormat;
import dev.evals4j.core.internal.SampleKeys;
import dev.evals4j.core.scoring.Aggregations;
import dev.evals4j.core.text.Suggestions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Checks the values of every command's options once they are parsed, before the command runs: each number against
 * its range, and the options that take one of a few names against those names. A bad value is a usage error (exit
 * 2) whose message names the option and what it accepts, such as {@code --limit must be at least 1, was 0}; no
 * command starts with a value the library would refuse later with an {@link IllegalArgumentException}.
 *
 * <p>Every numeric option of every command has its range here, by its long name (a test checks that none is
 * missing), so that a new option cannot go unchecked.
 */
final class OptionChecks {
    private static final Range ANY = new Range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    /** The range of each numeric option, by its long name; the same name has the same range in every command. */
    static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("--limit", atLeast(1)),
            Map.entry("--start", atLeast(0)),
            Map.entry("--sample-seed", ANY),
            Map.entry("--seed", ANY),
            Map.entry("--concurrency", atLeast(1)),
            Map.entry("--epochs", new Range(1, SampleKeys.MAX_EPOCH + 1.0)),
            Map.entry("--max-error-rate", new Range(0, 1)),
            Map.entry("--max-tokens", atLeast(1)),
            Map.entry("--temperature", atLeast(0)),
            Map.entry("--resamples", atLeast(100)),
            Map.entry("--port", new Range(0, 65_535)),
            Map.entry("--wrong-share", new Range(0, 1)),
            Map.entry("--latency-ms", new Range(0, 3_600_000)),
            Map.entry("--parallel-jobs", atLeast(1)),
            Map.entry("--threads", atLeast(1)));

    /** What a range's bound means, where a number alone does not say. */
    private static final Map<String, String> NOTES = Map.of("--latency-ms", " (an hour)");

    /** The dataset format option, under its name and its old one. */
    static final List<String> FORMAT_OPTIONS = List.of("--dataset-format", "--format");

    private static final List<String> FORMAT_ALIASES = List.of("ndjson", "jsonlines");
    private static final Pattern PASS_AT = Pattern.compile("pass_at_(\\d{1,9})");
    private static final List<String> REDUCERS = List.of("mean", "max", "mode", "pass_at_K");

    private OptionChecks() {}

    private static Range atLeast(double min) {
        return new Range(min, Double.POSITIVE_INFINITY);
    }

    /** A picocli execution strategy that checks the options, then runs the last command as picocli does. */
    static CommandLine.IExecutionStrategy strategy() {
        return parseResult -> {
            if (!helpRequested(parseResult)) {
                try {
                    check(parseResult);
                } catch (ConfigurationException e) {
                    throw new CommandLine.ExecutionException(
                            parseResult.commandSpec().commandLine(), e.getMessage(), e);
                }
            }
            return new CommandLine.RunLast().execute(parseResult);
        };
    }

    private static boolean helpRequested(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks the options given to every command of a parse result.
     *
     * @throws ConfigurationException for the first value out of its range or not among the accepted names
     */
    static void check(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            for (OptionSpec option : p.matchedOptions()) {
                check(p, option);
            }
        }
    }

    private static void check(ParseResult command, OptionSpec option) {
        String name = option.longestName();
        Object value = option.getValue();
        Range range = RANGES.get(name);
        if (range != null && value instanceof Number n && !range.contains(n.doubleValue())) {
            throw new ConfigurationException(
                    name + " must be " + range.describe() + NOTES.getOrDefault(name, "") + ", was " + value);
        }
        if (FORMAT_OPTIONS.contains(name) && value instanceof String format) {
            checkFormat(name, format);
        }
        if (name.equals("--epoch-reducer") && value instanceof String reducer) {
            Object epochs = command.hasMatchedOption("--epochs")
                    ? command.matchedOption("--epochs").getValue()
                    : Integer.valueOf(1);
            checkReducer(reducer, ((Number) epochs).intValue());
        }
        if (name.equals("--aggregation") && value instanceof List<?> names) {
            for (Object aggregation : names) {
                checkName("--aggregation", String.valueOf(aggregation), "aggregation function", Aggregations.names());
            }
        }
    }

    private static void checkFormat(String option, String format) {
        String lower = format.toLowerCase(Locale.ROOT);
        if (!DatasetFormat.NAMES.contains(lower) && !FORMAT_ALIASES.contains(lower)) {
            checkName(option, format, "dataset format", DatasetFormat.NAMES);
        }
    }

    private static void checkReducer(String reducer, int epochs) {
        Matcher m = PASS_AT.matcher(reducer);
        if (m.matches()) {
            long k = Long.parseLong(m.group(1));
            if (k < 1 || k > epochs) {
                throw new ConfigurationException("--epoch-reducer " + reducer + " needs K from 1 to --epochs (" + epochs
                        + "): pass_at_K is the chance that one of K answers out of the epochs' is right");
            }
            return;
        }
        if (!REDUCERS.subList(0, 3).contains(reducer)) {
            Optional<String> meant = reducer.startsWith("pass")
                    ? Optional.of("did you mean pass_at_K, such as pass_at_1?")
                    : Suggestions.didYouMean(reducer, REDUCERS.subList(0, 3));
            throw new ConfigurationException("--epoch-reducer " + reducer + ": unknown epoch reducer"
                    + meant.map(s -> "; " + s + " Known: ").orElse("; known: ") + String.join(", ", REDUCERS)
                    + " (K from 1 to --epochs)");
        }
    }

    private static void checkName(String option, String given, String what, List<String> known) {
        if (!known.contains(given)) {
            throw new ConfigurationException(option + " " + given + ": unknown " + what
                    + Suggestions.didYouMean(given, known)
                            .map(s -> "; " + s + " Known: ")
                            .orElse("; known: ")
                    + String.join(", ", known));
        }
    }
}
