package dev.evals4j.core;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetsApi;
import dev.evals4j.api.EvalRequest;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.EvalsApi;
import dev.evals4j.core.datasets.DatasetService;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.core.run.EvalRunner;
import java.util.Objects;

/**
 * One evals4j instance: its plugins, its registered datasets, and the runner. Thread-safe.
 *
 * <pre>{@code
 * Evals evals = Evals.create();
 * EvalResult result = evals.score("qa.csv", "basic::equality");
 * double accuracy = result.score("basic::equality").metric("accuracy", "accuracy").orElseThrow();
 * }</pre>
 */
public final class Evals {
    private final PluginRegistry plugins;
    private final DatasetService datasets;
    private final EvalRunner runner;

    private Evals(PluginRegistry plugins) {
        this.plugins = plugins;
        this.datasets = new DatasetService(plugins);
        this.runner = new EvalRunner(plugins, datasets);
    }

    /** An instance with every plugin on the class path. */
    public static Evals create() {
        return new Evals(PluginRegistry.discover());
    }

    /** An instance with the plugins of this registry. */
    public static Evals create(PluginRegistry plugins) {
        return new Evals(Objects.requireNonNull(plugins, "plugins"));
    }

    /** The plugins. */
    public PluginRegistry plugins() {
        return plugins;
    }

    /** The datasets facade. */
    public DatasetsApi datasets() {
        return datasets;
    }

    /** The evals facade. */
    public EvalsApi evals() {
        return runner;
    }

    /**
     * Scores a dataset file or URL with scorers by id, writing the results under {@code runs/}: a shortcut for
     * {@link EvalsApi#runScoring}.
     */
    public EvalResult score(String datasetUri, String... scorerIds) {
        EvalRequest.Builder request = EvalRequest.builder().dataset(DatasetDefinition.ofUri(name(datasetUri), datasetUri));
        for (String id : scorerIds) {
            request.scorer(id);
        }
        return runner.runScoring(request.build());
    }

    private static String name(String uri) {
        String tail = uri.replaceFirst("[?#].*$", "");
        tail = tail.substring(Math.max(tail.lastIndexOf('/'), tail.lastIndexOf('\\')) + 1);
        int dot = tail.indexOf('.');
        String name = dot > 0 ? tail.substring(0, dot) : tail;
        return name.isBlank() || uri.startsWith("data:") ? "dataset" : name;
    }
}
