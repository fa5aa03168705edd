package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.core.text.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evals help [COMMAND [SUBCOMMAND …]]}: the help of a command at any depth, such as {@code evals help
 * datasets head} (picocli's own help command goes one level deep). Also {@link #addHelpOptions}: {@code -h} and
 * {@code --help} on every command.
 */
@Command(
        name = "help",
        helpCommand = true,
        description = "Show the help of a command, such as 'evals help run' or 'evals help datasets head'.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommand.")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(
            CommandLine helpCommandLine,
            CommandLine.Help.ColorScheme colorScheme,
            PrintWriter outWriter,
            PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        CommandLine command = self.getParent();
        List<String> walked = new ArrayList<>(List.of(command.getCommandName()));
        for (String name : path) {
            CommandLine sub = command.getSubcommands().get(name);
            if (sub == null) {
                List<String> known = visible(command);
                throw new ConfigurationException(String.join(" ", walked) + " has no command '" + name + "'"
                        + Suggestions.didYouMean(name, known)
                                .map(s -> "; " + s + " Its commands: ")
                                .orElse("; its commands: ")
                        + (known.isEmpty() ? "none" : String.join(", ", known)));
            }
            command = sub;
            walked.add(name);
        }
        command.usage(out, colors);
    }

    private static List<String> visible(CommandLine command) {
        List<String> names = new ArrayList<>();
        command.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && !names.contains(sub.getCommandName())) {
                names.add(sub.getCommandName());
            }
        });
        return names;
    }

    /** The {@code -h} and {@code --help} options a command gets when it has no help option of its own. */
    static final class HelpOption {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help and exit.")
        boolean help;
    }

    /** Gives {@code -h} and {@code --help} to every command of the tree that has no help option yet. */
    static void addHelpOptions(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.findOption("--help") == null && spec.findOption("-h") == null) {
            spec.addMixin("help", CommandSpec.forAnnotatedObject(new HelpOption()));
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            addHelpOptions(sub);
        }
    }
}
