package dev.evals4j.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every subcommand accepts. */
final class GlobalOptions {
    private final CliContext context;

    GlobalOptions(CliContext context) {
        this.context = context;
    }

    @Option(names = "--verbose", description = "Print stack traces and debug logs.")
    void verbose(boolean on) {
        context.verbose(on);
    }

    @Option(
            names = "--plugin-path",
            paramLabel = "PATH",
            split = "${sys:path.separator}",
            description = "Jars or folders of jars with more plugins (also the EVALS_PLUGIN_PATH variable).")
    void pluginPath(List<Path> paths) {
        context.addPluginPath(paths);
    }
}
