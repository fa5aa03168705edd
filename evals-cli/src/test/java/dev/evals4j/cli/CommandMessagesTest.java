package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the command says when it is asked for help or given something it cannot use: each case's exit code and the
 * first line of its message (issue 12, "The command"). 0 for help; 2 for a usage error, naming the flag and what it
 * accepts, or the unknown id and the nearest known ones; 1 for a dataset that cannot be read, naming the file and
 * line in our words.
 */
class CommandMessagesTest {
    private static final String CAPITALS = "../evals-examples/data/capitals.csv";

    @TempDir
    static Path files;

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    /** One command, the exit code it must end with, and the first line it must print (on stdout for 0). */
    record Case(List<String> args, int exit, String firstLine) {
        static Case of(int exit, String firstLine, String... args) {
            return new Case(List.of(args), exit, firstLine);
        }

        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    @BeforeEach
    void streams() {
        out = new StringWriter();
        err = new StringWriter();
    }

    private int run(List<String> args) {
        Map<String, String> env = Map.of(
                "HF_HUB_CACHE", dir.resolve("hf").toString(),
                "EVALS4J_CACHE_DIR", dir.resolve("cache").toString(),
                "EVALS_JOBS_DIR", dir.resolve("jobs").toString());
        return Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), env);
    }

    private static String firstLine(StringWriter w) {
        return w.toString().lines().findFirst().orElse("");
    }

    private static String file(String name, String content) {
        try {
            Path file = files.resolve(name);
            Files.writeString(file, content);
            return file.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The run options that need no model to be reached, then {@code more}. */
    private static String[] run(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--dataset",
                CAPITALS,
                "--scorer",
                "basic::equality",
                "--model",
                "qwen",
                "--base-url",
                "http://127.0.0.1:9/v1"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String[] score(String... more) {
        List<String> args = new ArrayList<>(List.of("score", "--dataset", CAPITALS, "--scorer", "basic::equality"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    static Stream<Case> usageErrors() {
        String missingModel =
                "--model (the model to ask, such as Qwen/Qwen2.5-1.5B-Instruct, or fake with 'evals" + " fake-model')";
        String missingBaseUrl = "--base-url (the server's base URL, such as http://127.0.0.1:8000/v1)";
        return Stream.of(
                // every bad value names the flag and its range
                Case.of(2, "evals: --limit must be at least 1, was 0", score("--limit", "0")),
                Case.of(2, "evals: --epochs must be from 1 to 1048576, was 0", run("--epochs", "0")),
                Case.of(2, "evals: --concurrency must be at least 1, was 0", run("--concurrency", "0")),
                Case.of(2, "evals: --concurrency must be at least 1, was -4", run("--concurrency", "-4")),
                Case.of(2, "evals: --max-error-rate must be from 0 to 1, was 2.0", run("--max-error-rate", "2")),
                Case.of(2, "evals: --max-error-rate must be from 0 to 1, was -0.1", run("--max-error-rate", "-0.1")),
                Case.of(2, "evals: --max-error-rate must be from 0 to 1, was NaN", run("--max-error-rate", "NaN")),
                Case.of(2, "evals: --max-tokens must be at least 1, was 0", run("--max-tokens", "0")),
                Case.of(2, "evals: --temperature must be at least 0, was -1.0", run("--temperature", "-1")),
                Case.of(
                        2,
                        "evals: --concurrency must be at least 1, was 0",
                        "jobs",
                        "resume",
                        "some-job",
                        "--concurrency",
                        "0"),
                Case.of(2, "evals: --resamples must be at least 100, was 10", "compare", "a", "b", "--resamples", "10"),
                Case.of(2, "evals: --limit must be at least 1, was 0", "datasets", "head", CAPITALS, "-n", "0"),
                Case.of(2, "evals: --start must be at least 0, was -1", "datasets", "head", CAPITALS, "--start", "-1"),
                Case.of(2, "evals: --port must be from 0 to 65535, was 70000", "fake-model", "--port", "70000"),
                Case.of(2, "evals: --wrong-share must be from 0 to 1, was 1.5", "fake-model", "--wrong-share", "1.5"),
                Case.of(
                        2,
                        "evals: --latency-ms must be from 0 to 3600000 (an hour), was -1",
                        "fake-model",
                        "--latency-ms",
                        "-1"),
                Case.of(
                        2,
                        "evals: --format xml: unknown dataset format; known: csv, json, jsonl",
                        score("--format", "xml")),
                Case.of(
                        2,
                        "evals: --dataset-format jsnol: unknown dataset format; did you mean jsonl? Known: csv, json,"
                                + " jsonl",
                        score("--dataset-format", "jsnol")),
                Case.of(
                        2,
                        "evals: --epoch-reducer meen: unknown epoch reducer; did you mean mean? Known: mean, max, mode,"
                                + " pass_at_K (K from 1 to --epochs)",
                        run("--epoch-reducer", "meen")),
                Case.of(
                        2,
                        "evals: --epoch-reducer pass_at_3 needs K from 1 to --epochs (2)",
                        run("--epochs", "2", "--epoch-reducer", "pass_at_3")),
                // a plugin's parameter out of its range names the --param that gave it
                Case.of(
                        2,
                        "evals: --param openai-compatible.timeout_seconds=-1: parameter 'timeout_seconds' of"
                                + " openai-compatible must be from 0.001 to 86400, was -1.0",
                        run("--param", "openai-compatible.timeout_seconds=-1")),
                Case.of(
                        2,
                        "evals: --param llm-as-judge::base.judge_max_tokens=0: parameter 'judge_max_tokens' of"
                                + " llm-as-judge::base must be at least 1, was 0",
                        "score",
                        "--dataset",
                        CAPITALS,
                        "--scorer",
                        "llm-as-judge::base",
                        "--param",
                        "llm-as-judge::base.judge_max_tokens=0"),
                Case.of(
                        2,
                        "evals: --param example::starts-with.ignore_case=maybe: parameter 'ignore_case' of"
                                + " example::starts-with must be true or false, was 'maybe'",
                        "score",
                        "--dataset",
                        CAPITALS,
                        "--scorer",
                        "example::starts-with",
                        "--param",
                        "example::starts-with.ignore_case=maybe"),
                // a secret-named parameter's value is not repeated
                Case.of(
                        2,
                        "evals: --param openai-compatible.api_key=***: unknown parameter 'api_key' for"
                                + " openai-compatible; accepted: ",
                        run("--param", "openai-compatible.api_key=sk-live-0123456789")),
                // unknown ids ask about the nearest known ones
                Case.of(
                        2,
                        "evals: unknown scorer id 'basic::equalty'; did you mean basic::equality? Known ids:"
                                + " answer::match, basic::docvqa, basic::equality, ",
                        "score",
                        "--dataset",
                        CAPITALS,
                        "--scorer",
                        "basic::equalty"),
                Case.of(
                        2,
                        "evals: unknown generator id 'openai-compat'; did you mean openai-compatible? Known ids:"
                                + " llama-stack, openai-compatible",
                        run("--generator", "openai-compat")),
                Case.of(
                        2,
                        "evals: unknown processor id 'templat'; did you mean template? Known ids: ",
                        run("--processor", "templat")),
                Case.of(
                        2,
                        "evals: --aggregation acuracy: unknown aggregation function; did you mean accuracy? Known:"
                                + " accuracy, average, weighted_average, median, categorical_count, simpleqa",
                        score("--aggregation", "acuracy")),
                Case.of(
                        2,
                        "evals: unknown plugin id 'basic::equalty'; did you mean basic::equality? Known ids:"
                                + " answer::match, basic::docvqa, ",
                        "list",
                        "basic::equalty"),
                Case.of(
                        2,
                        "evals: evals datasets has no command 'haed'; did you mean head? Its commands: describe, head",
                        "help",
                        "datasets",
                        "haed"),
                // missing --model and --base-url are missing flags, not parameters of the generator
                Case.of(
                        2,
                        "evals: missing " + missingModel + " and " + missingBaseUrl,
                        "run",
                        "--dataset",
                        CAPITALS,
                        "--scorer",
                        "basic::equality"),
                Case.of(
                        2,
                        "evals: missing " + missingBaseUrl,
                        "run",
                        "--dataset",
                        CAPITALS,
                        "--scorer",
                        "basic::equality",
                        "--model",
                        "qwen"),
                Case.of(
                        2,
                        "evals: missing --dataset (a CSV, JSON or JSONL file, a URL or hf://…), --scorer (a scorer id"
                                + " such as basic::equality, or --task with a benchmark task; 'evals list' shows both), "
                                + missingModel + " and " + missingBaseUrl,
                        "run"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void aBadValueOrAnUnknownIdIsAUsageErrorThatNamesIt(Case c) {
        int code = run(c.args());

        assertThat(firstLine(err)).as(err.toString()).startsWith(c.firstLine());
        assertThat(code).isEqualTo(c.exit());
        assertThat(err.toString()).doesNotContain("internal error", "Exception", "\tat ", "sk-live-0123456789");
    }

    static Stream<Case> dataErrors() {
        String dup = file("capitals.csv", "question,answer,answer\nWhat is the capital of France?,Paris,Paris\n");
        String nan = file("scores.jsonl", "{\"generated_answer\": 1, \"expected_answer\": 1}\n{\"score\": NaN}\n");
        String comment = file("rows.json", "[{\"a\": 1}, // the first\n {\"a\": 2}]");
        return Stream.of(
                Case.of(
                        1,
                        "evals: " + dup + " line 1: the column 'answer' appears twice in the header (question, answer,"
                                + " answer); rename one of them",
                        "score",
                        "--dataset",
                        dup,
                        "--scorer",
                        "basic::equality"),
                Case.of(
                        1,
                        "evals: " + nan + " line 2 column 14: not valid JSON: 'NaN' is not a JSON number: JSON has no"
                                + " NaN or Infinity; write null, or the value as a string",
                        "datasets",
                        "head",
                        nan),
                Case.of(
                        1,
                        "evals: " + comment
                                + " line 1 column 12: not valid JSON: a comment ('/'): JSON has no comments",
                        "datasets",
                        "describe",
                        comment),
                Case.of(
                        2,
                        "evals: --param braintrust::valid-json.schema={'type': 'object'}: parameter 'schema' of"
                                + " braintrust::valid-json must be JSON (any JSON value): a single quote ('): JSON"
                                + " strings and names take double quotes (\")",
                        "score",
                        "--dataset",
                        CAPITALS,
                        "--scorer",
                        "braintrust::valid-json",
                        "--param",
                        "braintrust::valid-json.schema={'type': 'object'}"),
                Case.of(
                        1,
                        "evals: dataset file not found: ../evals-examples/data/capitals.cvs (resolved against ",
                        "datasets",
                        "describe",
                        "../evals-examples/data/capitals.cvs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataErrors")
    void aDatasetThatCannotBeReadIsNamedWithItsLineInOurWords(Case c) {
        int code = run(c.args());

        assertThat(firstLine(err)).as(err.toString()).startsWith(c.firstLine());
        assertThat(code).isEqualTo(c.exit());
        assertThat(err.toString())
                .doesNotContain("JsonReadFeature", "CSVFormat", "StreamReadConstraints", "enable `", "\tat ");
    }

    @Test
    void aMissingFileAsksAboutTheFileBesideIt() {
        assertThat(run(List.of("datasets", "describe", "../evals-examples/data/capitals.cvs")))
                .isEqualTo(1);
        assertThat(firstLine(err)).endsWith("; did you mean ../evals-examples/data/capitals.csv?");
    }

    /** The command tree, as Main builds it (without running anything). */
    private static CommandLine tree() {
        PrintWriter nowhere = new PrintWriter(new StringWriter());
        CliContext context = new CliContext(nowhere, nowhere, Map.of());
        return new CommandLine(Main.class, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    return type.cast(
                            type.getDeclaredConstructor(CliContext.class).newInstance(context));
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        });
    }

    /** Every command of the tree, by its qualified name, such as {@code evals datasets head}. */
    static Stream<String> commands() {
        List<String> names = new ArrayList<>();
        walk(tree(), names);
        return names.stream();
    }

    private static void walk(CommandLine command, List<String> names) {
        String name = command.getCommandSpec().qualifiedName(" ");
        if (!names.contains(name)) {
            names.add(name);
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            walk(sub, names);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpAndHOnEveryCommandPrintItsHelpAndExitZero(String command) {
        List<String> path = new ArrayList<>(List.of(command.split(" ")));
        path.remove(0); // "evals"
        for (String flag : List.of("--help", "-h")) {
            streams();
            List<String> args = new ArrayList<>(path);
            args.add(flag);

            assertThat(run(args)).as(err.toString()).isZero();
            assertThat(firstLine(out)).startsWith("Usage: " + command + " ");
            assertThat(err.toString()).isEmpty();
        }
        streams();
        List<String> help = new ArrayList<>(List.of("help"));
        help.addAll(path);

        assertThat(run(help)).as(err.toString()).isZero();
        assertThat(firstLine(out)).startsWith("Usage: " + command + " ");
    }

    @Test
    void helpOfANestedCommandIsThatCommandsHelp() {
        assertThat(run(List.of("help", "datasets", "head"))).isZero();

        assertThat(firstLine(out)).startsWith("Usage: evals datasets head [-h] ");
        assertThat(out.toString()).contains("How many rows");
    }

    @Test
    void everyNumericOptionOfEveryCommandHasARange() {
        List<String> unchecked = new ArrayList<>();
        commands().forEach(name -> {
            CommandLine command = tree();
            for (String part : name.split(" ")) {
                if (!part.equals("evals")) {
                    command = command.getSubcommands().get(part);
                }
            }
            for (OptionSpec option : command.getCommandSpec().options()) {
                Class<?> type = option.type();
                boolean numeric = Number.class.isAssignableFrom(type)
                        || type == int.class
                        || type == long.class
                        || type == double.class
                        || type == float.class
                        || type == short.class;
                if (numeric && !OptionChecks.RANGES.containsKey(option.longestName())) {
                    unchecked.add(name + " " + option.longestName());
                }
            }
        });

        assertThat(unchecked)
                .as("numeric options without a range in OptionChecks.RANGES")
                .isEmpty();
    }

    @Test
    void theOldFormatOptionStillWorksAndIsHidden() throws IOException {
        Path text = dir.resolve("capitals.txt");
        Files.copy(Path.of(CAPITALS), text);

        for (String option : List.of("--format", "--dataset-format")) {
            streams();
            int code = run(List.of(
                    "score",
                    "--dataset",
                    text.toString(),
                    option,
                    "csv",
                    "--scorer",
                    "basic::equality",
                    "--output",
                    dir.resolve("run" + option).toString()));

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("basic::equality  accuracy  0.5000");
        }
        streams();
        run(List.of("score", "--help"));
        assertThat(out.toString()).contains("--dataset-format=FORMAT").doesNotContain("--format");
    }

    @Test
    void listIdDescribesOnePluginWithItsParametersColumnsAndAggregations() {
        assertThat(run(List.of("list", "example::starts-with")))
                .as(err.toString())
                .isZero();

        assertThat(out.toString().lines().toList())
                .startsWith(
                        "example::starts-with: scorer from evals-examples (dev.evals4j.examples.StartsWithScorer)",
                        "1.0 when generated_answer starts with expected_answer (an example plugin)",
                        "",
                        "Parameters (--param example::starts-with.NAME=VALUE):",
                        "NAME         TYPE     DEFAULT  DESCRIPTION",
                        "ignore_case  boolean  false    compare ignoring case",
                        "",
                        "Needs the columns: expected_answer, generated_answer",
                        "Default aggregations: accuracy (others with --aggregation)");

        streams();
        assertThat(run(List.of("list", "llm-as-judge::base")))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .containsPattern("judge_max_tokens +integer +at least 1 +the most tokens the judge may write")
                .containsPattern("max_parse_retries +integer +0 +from 0 to 10 ");
    }

    @Test
    void datasetsDescribeOfALocalFileTellsItsFormatRowsAndColumns() {
        assertThat(run(List.of("datasets", "describe", CAPITALS)))
                .as(err.toString())
                .isZero();

        assertThat(out.toString().lines().toList())
                .containsExactly(
                        CAPITALS + ": CSV, 12 rows, 3 columns, 690 B",
                        "",
                        "COLUMN            TYPES         EMPTY  FIRST VALUES",
                        "input_query       string        0      \"What is the capital of France?\", \"What is the"
                                + " capital of Australia?\"",
                        "generated_answer  string        0      \"Paris\", \"Sydney\"",
                        "expected_answer   string, list  0      \"Paris\", \"Canberra\"",
                        "",
                        "evals score reads generated_answer and expected_answer: both are here");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void datasetsDescribeCountsCellsThatRowsLack() throws IOException {
        Path rows = dir.resolve("mixed.jsonl");
        Files.writeString(
                rows, "{\"question\": \"1+1\", \"answer\": 2}\n{\"question\": \"2+2\", \"tags\": [\"math\"]}\n");

        assertThat(run(List.of("datasets", "describe", rows.toString())))
                .as(err.toString())
                .isZero();

        assertThat(out.toString().lines().toList())
                .contains(
                        rows + ": JSON Lines, 2 rows, 3 columns, 71 B",
                        "question  string  0      \"1+1\", \"2+2\"",
                        "answer    number  1      2",
                        "tags      list    1      [\"math\"]",
                        "evals score reads generated_answer and expected_answer: generated_answer and expected_answer"
                                + " are missing (--rename FROM=generated_answer renames a column)");
    }
}
