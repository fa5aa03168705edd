package dev.evals4j.cli;

import dev.evals4j.core.plugins.PluginInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code evals list}: every plugin with its kind, id, module and description. */
@Command(
        name = "list",
        description = "List every scorer, processor, generator, dataset source and task (with its variants).")
final class ListCommand extends CliCommand implements Callable<Integer> {

    ListCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("KIND", "ID", "MODULE", "DESCRIPTION"));
        for (PluginInfo info : context.evals().plugins().infos()) {
            String description = info.description();
            if (info.kind() == dev.evals4j.core.plugins.PluginKind.TASK) {
                var task = context.evals().tasks().get(info.id());
                description += "; variants: "
                        + String.join(
                                ", ",
                                task.variants().stream()
                                        .map(dev.evals4j.api.spi.TaskVariant::name)
                                        .toList());
            }
            rows.add(List.of(info.kind().label(), info.id(), info.module(), description));
        }
        Table.print(context.out, rows);
        return 0;
    }
}
