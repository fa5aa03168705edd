package dev.evals4j.tasks;

import dev.evals4j.api.spi.BaseTask;
import dev.evals4j.api.spi.ParamType;
import dev.evals4j.api.spi.Parameter;
import dev.evals4j.api.spi.Params;
import dev.evals4j.api.spi.TaskVariant;
import java.util.ArrayList;
import java.util.List;

/** What every built-in task shares: an id, a description, variants, and the {@code variant} parameter. */
abstract class AbstractTask implements BaseTask {
    private final String id;
    private final String description;
    private final List<TaskVariant> variants;

    AbstractTask(String id, String description, List<TaskVariant> variants) {
        this.id = id;
        this.description = description;
        this.variants = List.copyOf(variants);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<TaskVariant> variants() {
        return variants;
    }

    @Override
    public final List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        all.add(Parameter.withDefault(
                VARIANT,
                ParamType.STRING,
                "the protocol: "
                        + String.join(
                                ", ", variants.stream().map(TaskVariant::name).toList()),
                variants.get(0).name()));
        all.addAll(extraParameters());
        return List.copyOf(all);
    }

    /** The task's own parameters besides {@code variant}. */
    List<Parameter> extraParameters() {
        return List.of();
    }

    /** The chosen variant. */
    String variant(Params params) {
        return params.string(VARIANT).orElse(variants.get(0).name());
    }

    /** The chosen variant's description. */
    String variantDescription(String name) {
        return variants.stream()
                .filter(v -> v.name().equals(name))
                .map(TaskVariant::description)
                .findFirst()
                .orElse(name);
    }
}
