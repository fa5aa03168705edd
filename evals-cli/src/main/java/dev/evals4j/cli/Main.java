package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalException;
import dev.evals4j.core.EvalsVersion;
import dev.evals4j.core.internal.KnownSecrets;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code evals} command. Exit codes: 0 success, 1 the run failed (bad data, unreachable URL), 2 a usage error
 * (an unknown flag, id or parameter), 130 or 143 stopped by SIGINT or SIGTERM.
 */
@Command(
        name = "evals",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Evaluate LLMs and LLM applications: run and score evals, report and compare runs, manage"
                + " background jobs, list plugins, serve a fake model.")
public final class Main {
    /**
     * The commands, in the order the help lists them. Only the one a command line names is given to picocli (all of
     * them for {@code help}, and when it names none, for the help and the suggestions): picocli reads a command's
     * annotations when it is added, and reading all of them took 110 ms of every command's start
     * (docs/benchmarks.md).
     */
    private static final List<Class<?>> COMMANDS = List.of(
            ScoreCommand.class,
            RunCommand.class,
            JobsCommand.class,
            ReportCommand.class,
            CompareCommand.class,
            DatasetsCommand.class,
            FakeModelCommand.class,
            ListCommand.class,
            ServeCommand.class,
            HelpCommand.class);

    /** Exit code of a run that failed. */
    public static final int FAILED = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;
    /** Exit code of a run stopped by SIGINT (SIGTERM ends with 143, as the JVM ends on it). */
    public static final int INTERRUPTED = 130;

    private Main() {}

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        } else if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (!verbose) {
            // a warning reads "WARN <message>", not as a log line with its thread and class; --verbose shows them
            Map.of("showThreadName", "false", "showLogName", "false", "showShortLogName", "false")
                    .forEach((key, value) -> {
                        if (System.getProperty("org.slf4j.simpleLogger." + key) == null) {
                            System.setProperty("org.slf4j.simpleLogger." + key, value);
                        }
                    });
            if (Arrays.stream(args).anyMatch(a -> a.equals("--spark") || a.startsWith("--spark="))) {
                // Spark logs its failures with their whole stack, and warnings meant for cluster operators; the
                // command says in its own words what failed, and --verbose shows Spark's log
                for (String logger : List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty")) {
                    System.setProperty("org.slf4j.simpleLogger.log." + logger, "off");
                }
            }
        }
        WarmUp.start(args);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, System.getenv()));
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** Runs the command with these streams and environment, returning the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        CliContext context = new CliContext(out, err, env);
        CommandLine cli = new CommandLine(Main.class, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    // every command takes the shared context
                    return type.cast(
                            type.getDeclaredConstructor(CliContext.class).newInstance(context));
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        });
        String named = args.length > 0 ? args[0] : "";
        boolean one = !named.equals("help") && COMMANDS.stream().anyMatch(c -> name(c).equals(named));
        for (Class<?> command : COMMANDS) {
            if (!one || name(command).equals(named)) {
                cli.addSubcommand(command);
            }
        }
        cli.setOut(out);
        cli.setErr(err);
        HelpCommand.addHelpOptions(cli);
        cli.setExecutionStrategy(OptionChecks.strategy());
        // a flag that is not there, or a value of the wrong type: the message and where to look, not the whole usage
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine command = e.getCommandLine();
            err.println("evals: " + KnownSecrets.scrub(e.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("see '" + command.getCommandSpec().qualifiedName(" ") + " --help'");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = context.verbose();
            if (e instanceof ConfigurationException) {
                err.println("evals: " + KnownSecrets.scrub(FlagOrigins.name(e.getMessage(), parseResult)));
                if (verbose) {
                    printStackTrace(e, err);
                }
                return USAGE;
            }
            if (e instanceof EvalException) {
                err.println("evals: " + KnownSecrets.scrub(e.getMessage()));
                if (verbose) {
                    printStackTrace(e, err);
                }
                return FAILED;
            }
            err.println("evals: internal error: " + KnownSecrets.scrub(e.toString())
                    + (verbose ? "" : " (run again with --verbose for details)"));
            if (verbose) {
                printStackTrace(e, err);
            }
            return FAILED;
        });
        int code;
        try {
            code = cli.execute(args);
        } finally {
            context.close();
        }
        out.flush();
        err.flush();
        return code;
    }

    /** A stack trace for --verbose, without the secret values a server may have echoed into a message. */
    private static void printStackTrace(Throwable e, PrintWriter err) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        err.print(KnownSecrets.scrub(trace.toString()));
    }

    /** The version shown by {@code evals --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"evals4j " + EvalsVersion.get()};
        }
    }
}
