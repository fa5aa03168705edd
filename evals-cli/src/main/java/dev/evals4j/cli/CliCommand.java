package dev.evals4j.cli;

import picocli.CommandLine.Mixin;

/** What every subcommand has: the shared context and the global options ({@code --verbose}, {@code --plugin-path}). */
abstract class CliCommand {
    final CliContext context;

    @Mixin
    GlobalOptions global;

    CliCommand(CliContext context) {
        this.context = context;
        this.global = new GlobalOptions(context);
    }
}
