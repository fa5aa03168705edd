package dev.evals4j.cli;

import dev.evals4j.api.JsonValues;
import dev.evals4j.api.UnknownPluginException;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.BaseTask;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.api.spi.TaskVariant;
import dev.evals4j.core.plugins.PluginInfo;
import dev.evals4j.core.plugins.PluginKind;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.text.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code evals list}: every plugin with its kind, id, module and description. */
@Command(
        name = "list",
        description = "List every scorer, processor, generator, dataset source and task (with its variants).")
final class ListCommand extends CliCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "ID",
            arity = "0..1",
            description = "Describe this plugin: its parameters (type, default, range), the columns a scorer needs and"
                    + " its default aggregations.")
    String id;

    ListCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (id != null) {
            return describe(id);
        }
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

    /** {@code evals list ID}: one plugin (or, for an id two kinds share, each), in full. */
    private int describe(String id) {
        PluginRegistry registry = context.evals().plugins();
        List<PluginInfo> matches =
                registry.infos().stream().filter(info -> info.id().equals(id)).toList();
        if (matches.isEmpty()) {
            List<String> known = registry.infos().stream()
                    .map(PluginInfo::id)
                    .distinct()
                    .sorted()
                    .toList();
            throw new UnknownPluginException("plugin", id, known, Suggestions.nearest(id, known), null);
        }
        for (PluginInfo info : matches) {
            if (info != matches.get(0)) {
                context.out.println();
            }
            describe(info, registry.get(info.kind(), id));
        }
        return 0;
    }

    private void describe(PluginInfo info, Plugin plugin) {
        context.out.println(
                info.id() + ": " + info.kind().label() + " from " + info.module() + " (" + info.className() + ")");
        context.out.println(info.description());
        context.out.println();
        List<Parameter> parameters = plugin.parameters();
        if (parameters.isEmpty()) {
            context.out.println("Parameters: none.");
        } else {
            context.out.println("Parameters (--param " + info.id() + ".NAME=VALUE"
                    + (info.kind() == PluginKind.GENERATOR ? "; run's --model, --base-url, … set some of them" : "")
                    + "):");
            // a RANGE column when a parameter declares one
            boolean ranges = parameters.stream().anyMatch(p -> p.range().isPresent());
            List<List<String>> rows = new ArrayList<>();
            rows.add(
                    ranges
                            ? List.of("NAME", "TYPE", "DEFAULT", "RANGE", "DESCRIPTION")
                            : List.of("NAME", "TYPE", "DEFAULT", "DESCRIPTION"));
            for (Parameter p : parameters) {
                List<String> row = new ArrayList<>(List.of(
                        p.name(),
                        p.type().description().replaceFirst("^an? ", ""),
                        p.required()
                                ? "required"
                                : p.defaultValue().map(JsonValues::toJson).orElse("")));
                if (ranges) {
                    row.add(p.range().map(Parameter.Range::describe).orElse(""));
                }
                row.add(p.description());
                rows.add(row);
            }
            Table.print(context.out, rows);
        }
        if (plugin instanceof BaseTask task) {
            context.out.println();
            context.out.println("Variants (--variant NAME):");
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("NAME", "DESCRIPTION"));
            for (TaskVariant variant : task.variants()) {
                rows.add(List.of(variant.name(), variant.description()));
            }
            Table.print(context.out, rows);
        }
        if (plugin instanceof BaseScorer scorer) {
            context.out.println();
            context.out.println("Needs the columns: "
                    + String.join(
                            ", ", scorer.requiredColumns().stream().sorted().toList()));
            context.out.println("Default aggregations: " + String.join(", ", scorer.defaultAggregations())
                    + " (others with --aggregation)");
        }
    }
}
