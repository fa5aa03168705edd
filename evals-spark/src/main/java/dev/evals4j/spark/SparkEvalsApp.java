package dev.evals4j.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.RunOptions;
import dev.evals4j.api.ScorerSummary;
import dev.evals4j.core.results.RequestRecord;
import dev.evals4j.core.results.RunFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;

/**
 * The application {@code spark-submit} starts: runs the request in a JSON file on the cluster it was submitted to.
 *
 * <pre>
 * spark-submit --class dev.evals4j.spark.SparkEvalsApp evals-spark-0.1.0-app.jar \
 *   --request eval.json --output /shared/runs/capitals [--partitions N] [--concurrency N] \
 *   [--base-url URL …] [--max-error-rate X] [--response-cache]
 * </pre>
 *
 * <p>The request file is a request as {@code run.json} records it under {@code "request"} (or a whole
 * {@code run.json}, to run the same request again): the dataset, the scorers with their parameters and aggregations,
 * the processor and the generator, the limit, epochs and group-by. It prints each scorer's headline metric and the
 * results folder. Exit codes: 0 the run completed, 1 it failed, 2 the command line or the request is wrong.
 */
public final class SparkEvalsApp {
    private SparkEvalsApp() {}

    /**
     * Checks the command line and reads the request, then runs it on the session {@code spark-submit} configured;
     * exits with its code. A wrong command line or request is reported before Spark starts.
     */
    public static void main(String[] args) {
        Prepared prepared = prepare(args, System.err);
        if (prepared == null) {
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("evals4j").getOrCreate();
        int code;
        try {
            code = run(prepared, System.out, System.err, spark);
        } finally {
            spark.stop();
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line on {@code spark} and returns its exit code, writing to {@code out} and {@code err}. */
    static int run(String[] args, PrintStream out, PrintStream err, SparkSession spark) {
        Prepared prepared = prepare(args, err);
        return prepared == null ? 2 : run(prepared, out, err, spark);
    }

    /** A command line that was understood, and its request. */
    private record Prepared(Args parsed, EvalRequest request) {}

    /** The command line and its request, or null when either is wrong (said on {@code err}). */
    private static @Nullable Prepared prepare(String[] args, PrintStream err) {
        try {
            Args parsed = Args.parse(args);
            return new Prepared(parsed, readRequest(parsed.request, parsed.output));
        } catch (IllegalArgumentException | ConfigurationException e) {
            err.println("evals-spark: " + e.getMessage());
            err.println(USAGE);
            return null;
        }
    }

    private static int run(Prepared prepared, PrintStream out, PrintStream err, SparkSession spark) {
        Args parsed = prepared.parsed();
        EvalRequest request = prepared.request();
        try {
            RunOptions.Builder run = RunOptions.builder().concurrency(parsed.concurrency);
            if (parsed.maxErrorRate.isPresent()) {
                run.maxErrorRate(parsed.maxErrorRate.getAsDouble());
            }
            SparkRunOptions.Builder options = SparkRunOptions.builder()
                    .run(run.build())
                    .baseUrls(parsed.baseUrls)
                    .responseCache(parsed.responseCache);
            if (parsed.partitions > 0) {
                options.partitions(parsed.partitions);
            }
            EvalResult result = SparkEvals.run(spark, request, options.build());
            for (ScorerSummary s : result.scores().values()) {
                out.println(summary(s));
            }
            out.println(result.numSamples() + " samples, " + result.numErrors() + " failed; results in "
                    + result.outputDir());
            return 0;
        } catch (ConfigurationException e) {
            err.println("evals-spark: " + e.getMessage());
            return 2;
        } catch (EvalException e) {
            err.println("evals-spark: " + e.getMessage());
            return 1;
        }
    }

    /** One scorer's line: its first aggregation's headline value, rows, errors. */
    static String summary(ScorerSummary s) {
        String first = s.aggregatedResults().keySet().stream().findFirst().orElse("");
        OptionalDouble value = s.metric(first, first);
        return String.format(
                Locale.ROOT,
                "%s %s %s (%d rows, %d errors, %d unscored)",
                s.scorerId(),
                first,
                value.isPresent() ? String.format(Locale.ROOT, "%.4f", value.getAsDouble()) : "n/a",
                s.numRows(),
                s.numErrors(),
                s.numUnscored());
    }

    /**
     * The request of a file: a request record, or a whole {@code run.json}.
     *
     * @throws ConfigurationException when the file cannot be read or is not a request
     */
    static EvalRequest readRequest(Path file, @Nullable Path output) {
        JsonNode json;
        try {
            json = RunFiles.mapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("cannot read the request " + file + ": there is no such file", e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the request " + file + ": " + e.getMessage(), e);
        }
        JsonNode record =
                json != null && json.has("request") && json.get("request").isObject() ? json.get("request") : json;
        if (record == null || !record.isObject()) {
            throw new ConfigurationException(file + " is not a request: it holds no JSON object");
        }
        for (String required : List.of("dataset", "scorers")) {
            if (!record.hasNonNull(required)) {
                throw new ConfigurationException(
                        file + " is not a request (the \"request\" of a run.json): it has no \"" + required + "\"");
            }
        }
        RequestRecord request;
        try {
            // a field the request does not have is a typo (\"limt\"), which must not be ignored
            request = RunFiles.mapper()
                    .readerFor(RequestRecord.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(withDefaults((ObjectNode) record));
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigurationException(
                    file + ": unknown field \"" + e.getPropertyName() + "\"" + at(e)
                            + "; the fields there: "
                            + String.join(
                                    ", ",
                                    e.getKnownPropertyIds().stream()
                                            .map(String::valueOf)
                                            .sorted()
                                            .toList()),
                    e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(
                    file + " is not a request (the \"request\" of a run.json): " + e.getMessage(), e);
        }
        EvalRequest r;
        try {
            r = request.toRequest(output == null ? Path.of("runs") : output);
        } catch (ConfigurationException e) {
            // in the words of the request's own check, not of a run folder's
            String why =
                    e.getCause() instanceof IllegalArgumentException invalid ? invalid.getMessage() : e.getMessage();
            throw new ConfigurationException(file + " is not a request that can run: " + why, e);
        }
        return output == null ? r.toBuilder().outputDir(null).build() : r;
    }

    /** Where an unknown field is: {@code " in scorers[0]"}, or nothing at the top. */
    private static String at(UnrecognizedPropertyException e) {
        StringBuilder path = new StringBuilder();
        List<JsonMappingException.Reference> refs = e.getPath();
        for (JsonMappingException.Reference ref : refs.subList(0, Math.max(0, refs.size() - 1))) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " in " + path;
    }

    /** The fields a request written by hand may leave out, with the values an {@link EvalRequest} defaults to. */
    private static ObjectNode withDefaults(ObjectNode record) {
        EvalRequest defaults =
                EvalRequest.builder().dataset("any").scorer("any").build();
        ObjectNode filled = record.deepCopy();
        if (!filled.hasNonNull("limit")) {
            filled.put("limit", defaults.limit());
        }
        if (!filled.hasNonNull("epochs")) {
            filled.put("epochs", defaults.epochs());
        }
        if (!filled.hasNonNull("epoch_reducer")) {
            filled.put("epoch_reducer", defaults.epochReducer());
        }
        if (!filled.hasNonNull("metadata")) {
            filled.putObject("metadata");
        }
        return filled;
    }

    static final String USAGE = "usage: SparkEvalsApp --request FILE [--output DIR] [--partitions N]"
            + " [--concurrency N] [--base-url URL …] [--max-error-rate X] [--response-cache]";

    /** The command line. */
    static final class Args {
        Path request;

        @Nullable
        Path output;

        int partitions;
        int concurrency = RunOptions.DEFAULT_CONCURRENCY;
        final List<String> baseUrls = new ArrayList<>();
        OptionalDouble maxErrorRate = OptionalDouble.empty();
        boolean responseCache;

        static Args parse(String[] args) {
            Args a = new Args();
            Map<String, Integer> arity = Map.of(
                    "--request", 1,
                    "--output", 1,
                    "--partitions", 1,
                    "--concurrency", 1,
                    "--base-url", 1,
                    "--max-error-rate", 1,
                    "--response-cache", 0);
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                Integer n = arity.get(name);
                if (n == null) {
                    throw new IllegalArgumentException("unknown option '" + name + "'");
                }
                if (n == 1 && i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = n == 1 ? args[++i] : "";
                switch (name) {
                    case "--request" -> a.request = Path.of(value);
                    case "--output" -> a.output = Path.of(value);
                    case "--partitions" -> a.partitions = positive(name, value);
                    case "--concurrency" -> a.concurrency = positive(name, value);
                    case "--base-url" -> a.baseUrls.add(value);
                    case "--max-error-rate" -> a.maxErrorRate = OptionalDouble.of(rate(value));
                    default -> a.responseCache = true;
                }
            }
            if (a.request == null) {
                throw new IllegalArgumentException("--request FILE is required");
            }
            return a;
        }

        private static int positive(String name, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException(name + " must be a whole number of at least 1, was '" + value + "'");
        }

        private static double rate(String value) {
            try {
                double x = Double.parseDouble(value);
                if (x >= 0 && x <= 1) {
                    return x;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("--max-error-rate must be between 0 and 1, was '" + value + "'");
        }
    }
}
